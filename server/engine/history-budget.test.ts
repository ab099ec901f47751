import { describe, expect, it } from 'vitest';
import type { ModelMessage } from '../models/types.js';
import { boundHistory } from './history-budget.js';
import { createOfflineModel } from '../models/offline/index.js';
import { init, makeApp, readFrames, say } from '../test-helpers.js';

/** One shop turn: a question, a tool call, its (long) result and the answer. */
function turn(n: number, resultChars: number): ModelMessage[] {
  return [
    { role: 'user', content: `question ${n}` },
    { role: 'assistant', content: null, toolCalls: [{ id: `c${n}`, name: 'search', arguments: { q: `q${n}` } }] },
    { role: 'tool', toolCallId: `c${n}`, name: 'search', content: `r${n} `.padEnd(resultChars, 'x'), isError: false },
    { role: 'assistant', content: `answer ${n}` },
  ];
}

const chars = (messages: readonly ModelMessage[]) =>
  messages.reduce(
    (n, m) =>
      n +
      (m.content?.length ?? 0) +
      (m.role === 'assistant' ? (m.toolCalls ?? []).reduce((k, c) => k + JSON.stringify(c.arguments).length, 0) : 0),
    0,
  );

describe('boundHistory', () => {
  it('sends a history within budget as it is', () => {
    const history = [...turn(1, 100), ...turn(2, 100)];
    expect(boundHistory(history, { maxMessages: 8, maxChars: 10_000 })).toBe(history);
  });

  it('shortens the oldest tool results first and keeps every message and the current turn whole', () => {
    const history = [...turn(1, 5000), ...turn(2, 5000), ...turn(3, 5000)];
    const bounded = boundHistory(history, { maxMessages: 100, maxChars: 11_000 });
    expect(bounded).toHaveLength(12);
    const results = bounded.filter((m) => m.role === 'tool').map((m) => m.content.length);
    // The first was enough to shorten; the second stays, and the current turn's is untouched.
    expect(results[0]).toBeLessThan(300);
    expect(results.slice(1)).toEqual([5000, 5000]);
    expect(bounded[2]!.content).toMatch(/^r1 x+… \[shortened: 5000 characters/);
    expect(chars(bounded)).toBeLessThanOrEqual(11_000);
    expect(history[2]!.content).toHaveLength(5000);
  });

  it('then drops whole turns from the start, never the current one, so no tool result loses its call', () => {
    const history = [...turn(1, 5000), ...turn(2, 5000), ...turn(3, 5000), ...turn(4, 5000)];
    const bounded = boundHistory(history, { maxMessages: 100, maxChars: 5_100 });
    expect(bounded[0]).toEqual({ role: 'user', content: 'question 4' });
    expect(bounded).toHaveLength(4);
    const byCount = boundHistory(history, { maxMessages: 9, maxChars: 1_000_000 });
    expect(byCount.map((m) => (m.role === 'user' ? m.content : null)).filter(Boolean)).toEqual([
      'question 3',
      'question 4',
    ]);
    for (const [i, m] of byCount.entries()) {
      if (m.role === 'tool') expect(byCount[i - 1]).toMatchObject({ toolCalls: [{ id: m.toolCallId }] });
    }
  });

  it('sends the current turn whole even when it alone is over budget', () => {
    const history = [...turn(1, 100), ...turn(2, 50_000)];
    expect(boundHistory(history, { maxMessages: 2, maxChars: 1000 })).toEqual(turn(2, 50_000));
  });
});

describe('the history a model is sent', () => {
  it('stays within the agent budget however long the session grows, and the session keeps everything', async () => {
    const sent: ModelMessage[][] = [];
    const { app, store } = makeApp({
      patch: (c) => (c.agents.shop.history = { maxMessages: 6, maxChars: 100_000 }),
      createModel: () => {
        const offline = createOfflineModel();
        return {
          info: offline.info,
          stream: (request) => {
            sent.push(request.messages);
            return offline.stream(request);
          },
        };
      },
    });
    const sessionId = await init(app);
    for (let i = 0; i < 6; i++) await readFrames(await say(app, sessionId, `/echo turn ${i}`));
    expect(sent.map((messages) => messages.length)).toEqual([1, 3, 5, 5, 5, 5]);
    expect(sent.at(-1)![0]).toEqual({ role: 'user', content: '/echo turn 3' });
    expect(sent.at(-1)!.at(-1)).toEqual({ role: 'user', content: '/echo turn 5' });
    expect((await store.getSession(sessionId))!.transcript).toHaveLength(12);
  });
});
