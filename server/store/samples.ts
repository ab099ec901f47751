/**
 * Sample records for the store's tests and suites: a session with every kind of message, runs and
 * events, and times counted from a fixed start. Not a test file.
 */
import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { RunRecord, SessionRecord } from './types.js';

export const T0 = '2030-01-01T00:00:00.000Z';
/** `minutes` after {@link T0}, as an ISO string. */
export const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

/** A session with every kind of message, a tool set, and text SQL and JSON must not mangle. */
export function sampleSession(id: string): SessionRecord {
  return {
    id,
    surfaceId: 'storefront',
    token: 'ct_test_demo',
    origin: 'http://localhost:5173',
    createdAt: T0,
    updatedAt: at(5),
    expiresAt: at(60),
    transcript: [
      { role: 'user', content: 'find a mug — \'quoted\' "double" ☕ 🧉' },
      {
        role: 'assistant',
        content: null,
        toolCalls: [
          {
            id: 'call_1',
            name: 'webmcp__search',
            arguments: { query: 'mug', limit: 3, nested: { deep: [1, 2.5, null] } },
          },
        ],
      },
      { role: 'tool', toolCallId: 'call_1', name: 'webmcp__search', content: 'a\u0000b\nline two', isError: false },
      { role: 'assistant', content: 'Found it.' },
    ],
    messageTimes: [T0, at(0.5), null, at(1)],
    calls: { call_1: { name: 'search', groupId: 'grp_1', durationMs: 1234 } },
    toolSets: {
      fp1: [
        {
          name: 'search',
          description: 'Search the shop',
          parametersSchema: { type: 'object', properties: { query: { type: 'string' } } },
          origin: 'webmcp',
        },
      ],
    },
  };
}

/** A run paused at version 2 with one pending call; `patch` overrides fields. */
export function sampleRun(id: string, patch: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    sessionId: 'sess_1',
    surfaceId: 'storefront',
    agentId: 'shop',
    status: 'awaiting',
    iteration: 1,
    seq: 7,
    history: sampleSession('s').transcript,
    transcriptLength: 1,
    messageTimes: [at(0.5), null, at(1)],
    calls: { call_1: { name: 'search', groupId: 'grp_1' } },
    pending: [
      {
        toolCallId: 'call_1',
        canonicalName: 'webmcp:search',
        bareName: 'search',
        providerName: 'webmcp__search',
        parameters: { query: 'mug' },
      },
    ],
    tools: sampleSession('s').toolSets.fp1!,
    version: 2,
    createdAt: T0,
    updatedAt: at(1),
    pausedAt: at(1),
    ...patch,
  };
}

/** A `text_delta` event at `seq`. */
export const sampleEvent = (executionId: string, seq: number): StreamEvent => ({
  type: 'text_delta',
  executionId,
  seq,
  id: `text_${seq}`,
  delta: `word ${seq} `,
});
