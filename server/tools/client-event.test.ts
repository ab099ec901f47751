import { describe, expect, it } from 'vitest';
import { init, makeApp, ofType, readFrames, say, types } from '../test-helpers.js';

function eventApp() {
  return makeApp({
    patch: (c) => {
      c.agents.shop.tools = [
        {
          type: 'client_event',
          name: 'highlight_product',
          description: 'Scroll to a product card on the page and outline it',
          parameters: {
            type: 'object',
            properties: { product: { type: 'string', maxLength: 100 } },
            required: ['product'],
          },
        },
      ];
    },
  });
}

describe('client_event tools', () => {
  it('stream a client_event frame with the declared arguments only and give the model "delivered" without a pause', async () => {
    const { app } = eventApp();
    const sessionId = await init(app);
    const frames = await readFrames(
      await say(app, sessionId, '/tool highlight_product {"product":"mug-002","style":"<script>"}'),
    );
    const [start] = ofType(frames, 'tool_start');
    const [event] = ofType(frames, 'client_event');
    const [done] = ofType(frames, 'tool_complete');
    expect(start).toMatchObject({ toolName: 'highlight_product', toolType: 'client_event', origin: 'server' });
    expect(event).toMatchObject({
      toolCallId: start!.toolCallId,
      name: 'highlight_product',
      arguments: { product: 'mug-002' },
    });
    expect(done).toMatchObject({ success: true, result: '{"delivered":true}' });
    expect(types(frames)).not.toContain('await');
    expect(types(frames).indexOf('client_event')).toBeLessThan(types(frames).indexOf('tool_complete'));
    expect(types(frames).at(-1)).toBe('execution_complete');
  });

  it('send nothing to the page when the arguments break the declared parameters', async () => {
    const { app } = eventApp();
    const sessionId = await init(app);
    const frames = await readFrames(await say(app, sessionId, `/tool highlight_product {"product":${'1'.repeat(3)}}`));
    expect(types(frames)).not.toContain('client_event');
    const [done] = ofType(frames, 'tool_complete');
    expect(done).toMatchObject({ success: false });
    expect(done!.error).toMatch(/Invalid arguments for highlight_product/);
  });
});
