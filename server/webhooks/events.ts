/**
 * The webhook events and their payloads: `{type, timestamp, data}` as Standard Webhooks suggests.
 * A group is the set of page tool calls one pause asked for; `tool.calls_started` is sent when the
 * pause is saved, `tool.calls_finished` when the resume that answers it arrives.
 */
import type { FinishedCalls, StartedCalls } from '../engine/observer.js';

export const WEBHOOK_EVENT_TYPES = ['tool.calls_started', 'tool.calls_finished'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** One call of a group. */
export interface WebhookToolCall {
  /** Position in the group, from 0. */
  index: number;
  groupLength: number;
  toolCallId: string;
  /** The bare tool name the page registered. */
  name: string;
  arguments: Record<string, unknown>;
}

/** One call of a group with its outcome: exactly one of `result` and `error` is a string. */
export interface WebhookToolResult extends WebhookToolCall {
  /** The tool's output text, or `null` when it failed. */
  result: string | null;
  /** The error text, or `null` when it succeeded. */
  error: string | null;
  /** Pause → resume, in milliseconds (the same for every call of a group: the page runs them together). */
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
    arguments: c.parameters,
    result: c.isError ? null : c.text,
    error: c.isError ? c.text : null,
    durationMs: c.durationMs,
  }));
  return { type: 'tool.calls_finished', timestamp: group.at, data: groupData(group, calls) };
}
