/**
 * A run with one page call and one server call, driven in-process, for the log and metrics tests.
 * Not a test file.
 */
import { expect } from 'vitest';
import type { App } from '../app.js';
import { GET_CART, init, ofType, readFrames, resume, say, types } from '../test-helpers.js';

/** Config patch: the `shop` agent gets a `code` tool, `estimate_tax` (runs on the server). */
export function withTaxTool(c: Record<string, any>): void {
  c.agents.shop.tools = [
    {
      type: 'code',
      name: 'estimate_tax',
      description: 'Tax on an amount',
      parameters: { type: 'object', properties: { amount: { type: 'number' } }, required: ['amount'] },
      code: 'return { tax: Math.round(amount * 8) / 100 };',
    },
  ];
}

/** What the user says: words the log must not repeat at `info`. */
export const USER_WORDS = 'my private shopping words';

/**
 * Runs a plain chat of {@link USER_WORDS}, then a run whose one step calls `estimate_tax` (server) and `get_cart` (page), resumes it with
 * the page's output, and reads both streams to the end. Returns the second run's execution id.
 */
export async function runPageAndServerCall(app: App): Promise<string> {
  const sessionId = await init(app);
  const plain = await readFrames(await say(app, sessionId, USER_WORDS));
  expect(types(plain).at(-1)).toBe('execution_complete');
  const text = [`/tool estimate_tax {"amount":45}`, '/tool get_cart {}'].join('\n');
  const frames = await readFrames(await say(app, sessionId, text, { clientTools: [GET_CART] }));
  const [awaited] = ofType(frames, 'await');
  expect(awaited?.toolName).toBe('get_cart');
  const executionId = frames[0]!.data.executionId;
  const next = await readFrames(
    await resume(app, {
      sessionId,
      executionId,
      toolOutputs: { [awaited!.toolCallId]: { result: { items: 2 } } },
    }),
  );
  expect(types(next).at(-1)).toBe('execution_complete');
  return executionId;
}
