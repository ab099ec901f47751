import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../store/index.js';
import { MemoryStore } from '../store/index.js';
import { GET_CART, SEARCH_PRODUCTS, init, makeApp, ofType, readFrames, resume, say } from '../test-helpers.js';
import { toolArraysSerialized } from './index.js';

/** A memory store that counts the session writes that change a session's stored tool sets. */
class ToolSetWrites extends MemoryStore {
  toolSetWrites = 0;

  override async updateSession(id: string, change: (session: SessionRecord) => void) {
    return super.updateSession(id, (session) => {
      const before = JSON.stringify(session.toolSets);
      change(session);
      if (JSON.stringify(session.toolSets) !== before) this.toolSetWrites++;
    });
  }
}

const TOOLS = [SEARCH_PRODUCTS, GET_CART];

describe('the send-once protocol', () => {
  it('serializes and stores a tool set once; turns that send only its fingerprint do neither', async () => {
    const store = new ToolSetWrites();
    const { app } = makeApp({ store });
    const sessionId = await init(app);
    const first = toolArraysSerialized();
    await readFrames(await say(app, sessionId, '/echo one', { clientTools: TOOLS, clientToolsFingerprint: 'fp_a' }));
    expect(toolArraysSerialized() - first).toBe(1);
    expect(store.toolSetWrites).toBe(1);

    const before = toolArraysSerialized();
    // A chat by fingerprint that pauses on a page tool, then its resume by fingerprint.
    const paused = await readFrames(await say(app, sessionId, '/tool get_cart {}', { clientToolsFingerprint: 'fp_a' }));
    const awaited = ofType(paused, 'await')[0]!;
    expect(awaited.toolName).toBe('get_cart');
    const resumed = await readFrames(
      await resume(app, {
        sessionId,
        executionId: awaited.executionId,
        toolOutputs: { [awaited.toolCallId]: { content: [{ type: 'text', text: 'two mugs' }] } },
        clientToolsFingerprint: 'fp_a',
      }),
    );
    expect(ofType(resumed, 'execution_complete')).toHaveLength(1);
    expect(toolArraysSerialized()).toBe(before);
    expect(store.toolSetWrites).toBe(1);
    // The run still got the whole set it was offered by fingerprint.
    const run = await store.getRun(awaited.executionId);
    expect(run!.tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
  });
});
