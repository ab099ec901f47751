/**
 * The webhook events and their payloads: `{type, timestamp, data}` as Standard Webhooks suggests.
 * A group is the set of page tool calls one pause asked for (sent when the pause is saved and when
 * the resume that answers it arrives), or the server calls of one model step (sent when they start
 * and when they have all finished).
 */
import type { FinishedCalls, StartedCalls } from '../engine/observer.js';
import { namespaceOf } from '../tools/names.js';

export const WEBHOOK_EVENT_TYPES = ['tool.calls_started', 'tool.calls_finished'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** One call of a group. */
export interface WebhookToolCall {
  /** Position in the group, from 0. */
  index: number;
  groupLength: number;
  toolCallId: string;
  /** The bare tool name. */
  name: string;
  /** Where the call runs: `webmcp` (the page) or `server` (one of the agent's own tools). */
  origin: 'webmcp' | 'server';
  /** `webmcp`, or the server tool's kind (`http`, `webhook`, `code`, `agent`). */
  kind: string;
  arguments: Record<string, unknown>;
}

/** One call of a group with its outcome: exactly one of `result` and `error` is a string. */
export interface WebhookToolResult extends WebhookToolCall {
  /** The tool's output text, or `null` when it failed. */
  result: string | null;
  /** The error text, or `null` when it succeeded. */
  error: string | null;
  /** How long the call took, in milliseconds (server calls: measured; page calls: reported by the page, else pause → resume). */
  durationMs: number;
}

export interface WebhookGroupData<Call> {
  surfaceId: string;
  sessionId: string;
  executionId: string;
  /** `grp_…`, the same in both events of a group. */
  groupId: string;
  calls: Call[];
}

export interface ToolCallsStartedEvent {
  type: 'tool.calls_started';
  /** When the pause was made (ISO 8601). */
  timestamp: string;
  data: WebhookGroupData<WebhookToolCall>;
}

export interface ToolCallsFinishedEvent {
  type: 'tool.calls_finished';
  /** When the resume arrived (ISO 8601). */
  timestamp: string;
  data: WebhookGroupData<WebhookToolResult>;
}

export type WebhookEvent = ToolCallsStartedEvent | ToolCallsFinishedEvent;

function groupData<Call>(group: StartedCalls | FinishedCalls, calls: Call[]): WebhookGroupData<Call> {
  return {
    surfaceId: group.surfaceId,
    sessionId: group.sessionId,
    executionId: group.executionId,
    groupId: group.groupId,
    calls,
  };
}

export function callsStartedEvent(group: StartedCalls): ToolCallsStartedEvent {
  const calls = group.calls.map((c, index) => ({
    index,
    groupLength: group.calls.length,
    toolCallId: c.toolCallId,
    name: c.bareName,
    ...whereRun(c.canonicalName),
    arguments: c.parameters,
  }));
  return { type: 'tool.calls_started', timestamp: group.at, data: groupData(group, calls) };
}

export function callsFinishedEvent(group: FinishedCalls): ToolCallsFinishedEvent {
  const calls = group.calls.map((c, index) => ({
    index,
    groupLength: group.calls.length,
    toolCallId: c.toolCallId,
    name: c.bareName,
    ...whereRun(c.canonicalName),
    arguments: c.parameters,
    result: c.isError ? null : c.text,
    error: c.isError ? c.text : null,
    durationMs: c.durationMs,
  }));
  return { type: 'tool.calls_finished', timestamp: group.at, data: groupData(group, calls) };
}

function whereRun(canonical: string): { origin: 'webmcp' | 'server'; kind: string } {
  const kind = namespaceOf(canonical) ?? 'webmcp';
  return { origin: kind === 'webmcp' ? 'webmcp' : 'server', kind };
}
