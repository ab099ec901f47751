/**
 * History replay on resume: a run paused with a real adapter is resumed (by the same app, or by a
 * new app instance on the same store, as after a restart or on another server), and the
 * continuation request the provider receives is asserted byte for byte as JSON: the assistant's
 * tool calls under their encoded names, the tool results with their ids (errors flagged where
 * the format can), and the agent's instructions as the system prompt.
 */
import { describe, expect, it } from 'vitest';
import { ToolNameMap } from '../tools/names.js';
import { MemoryStore } from '../store/index.js';
import { SEARCH_PRODUCTS, init, makeApp, ofType, readFrames, replyText, resume, say, tool } from '../test-helpers.js';
import { useFakeProvider } from './adapters.fixture.js';

const fake = useFakeProvider();
const INSTRUCTIONS = 'You help shoppers of the test shop. Be brief.';
const CART_ADD = tool('cart.add', {
  description: 'Add a product to the cart.',
  parametersSchema: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] },
});
/** `cart.add` has a character providers refuse, so it travels under an encoded name. */
const CART_ADD_NAME = new ToolNameMap(['webmcp:search_products', 'webmcp:cart.add']).provider('webmcp:cart.add');
const MUG = '[{"sku":"MUG-1","name":"Blue mug","price":12}]';
const USER = 'Find a mug and put MUG-1 in my cart';

type Provider = 'openai-compatible' | 'anthropic';

/** Pauses a run on one app, resumes it on `fresh` (a new instance on the same store) or the same app. */
async function pauseAndResume(provider: Provider, fresh: boolean): Promise<{ replies: string[] }> {
  const ids = provider === 'anthropic' ? ['toolu_01Mug', 'toolu_01Cart'] : ['call_Mug01', 'call_Cart01'];
  fake().push(
    {
      text: 'Let me look.',
      toolCalls: [
        { id: ids[0], name: 'webmcp__search_products', arguments: { query: 'mug' } },
        { id: ids[1], name: CART_ADD_NAME, arguments: { sku: 'MUG-1' } },
      ],
    },
    { text: ({ toolResults }) => `Found: ${toolResults.join(' / ')}` },
  );
  const model =
    provider === 'openai-compatible'
      ? { provider, baseURL: fake().baseURL, model: 'fake-gpt', maxOutputTokens: 512, temperature: 0.2 }
      : { provider, baseURL: fake().baseURL, model: 'claude-sonnet-4-5', maxOutputTokens: 512, temperature: 0.2 };
  const options = {
    env: { ANTHROPIC_API_KEY: 'sk-ant-replay' },
    expirySweepMs: 0,
    store: new MemoryStore(),
    patch: (c: Record<string, any>) => (c.agents.shop = { model, instructions: INSTRUCTIONS, maxSteps: 8 }),
  };
  const first = makeApp(options);
  const sessionId = await init(first.app);
  const paused = await readFrames(await say(first.app, sessionId, USER, { clientTools: [SEARCH_PRODUCTS, CART_ADD] }));
  const awaits = ofType(paused, 'await');
  expect(awaits.map((a) => [a.toolCallId, a.toolName])).toEqual([
    [ids[0], 'search_products'],
    [ids[1], 'cart.add'],
  ]);
  const second = fresh ? makeApp({ ...options, store: first.store }) : first;
  const toolOutputs = { [ids[0]!]: { content: [{ type: 'text', text: MUG }] }, [ids[1]!]: { error: 'Out of stock' } };
  const done = await readFrames(
    await resume(second.app, { sessionId, executionId: paused[0]!.data.executionId, toolOutputs }),
  );
  first.app.close();
  second.app.close();
  return { replies: [replyText(paused), replyText(done)] };
}

describe.each([false, true])('resume (new app instance on the same store: %s)', (fresh) => {
  it('Chat Completions: replays assistant tool_calls and role:"tool" messages exactly', async () => {
    const { replies } = await pauseAndResume('openai-compatible', fresh);
    expect(replies).toEqual(['Let me look.', `Found: ${MUG} / Out of stock`]);
    expect(fake().requests).toHaveLength(2);
    expect(fake().requests[1]!.path).toBe('/v1/chat/completions');
    expect(fake().requests[1]!.body).toStrictEqual({
      model: 'fake-gpt',
      max_tokens: 512,
      temperature: 0.2,
      messages: [
        { role: 'system', content: INSTRUCTIONS },
        { role: 'user', content: USER },
        {
          role: 'assistant',
          content: 'Let me look.',
          tool_calls: [
            {
              id: 'call_Mug01',
              type: 'function',
              function: { name: 'webmcp__search_products', arguments: '{"query":"mug"}' },
            },
            { id: 'call_Cart01', type: 'function', function: { name: CART_ADD_NAME, arguments: '{"sku":"MUG-1"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_Mug01', content: MUG },
        { role: 'tool', tool_call_id: 'call_Cart01', content: 'Out of stock' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'webmcp__search_products',
            description: SEARCH_PRODUCTS.description,
            parameters: SEARCH_PRODUCTS.parametersSchema,
          },
        },
        {
          type: 'function',
          function: { name: CART_ADD_NAME, description: CART_ADD.description, parameters: CART_ADD.parametersSchema },
        },
      ],
      tool_choice: 'auto',
      stream: true,
    });
    expect(CART_ADD_NAME).toMatch(/^webmcp__cart_add_[0-9a-f]{8}$/);
  });

  it('Anthropic: replays tool_use blocks and a user turn of tool_result blocks (is_error on failures) exactly', async () => {
    const { replies } = await pauseAndResume('anthropic', fresh);
    expect(replies).toEqual(['Let me look.', `Found: ${MUG} / Out of stock`]);
    expect(fake().requests).toHaveLength(2);
    const request = fake().requests[1]!;
    expect(request.path).toBe('/v1/messages');
    expect(request.headers['x-api-key']).toBe('sk-ant-replay');
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    expect(request.body).toStrictEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 512,
      temperature: 0.2,
      system: [{ type: 'text', text: INSTRUCTIONS }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: USER }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Let me look.' },
            { type: 'tool_use', id: 'toolu_01Mug', name: 'webmcp__search_products', input: { query: 'mug' } },
            { type: 'tool_use', id: 'toolu_01Cart', name: CART_ADD_NAME, input: { sku: 'MUG-1' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_01Mug', content: MUG },
            { type: 'tool_result', tool_use_id: 'toolu_01Cart', content: 'Out of stock', is_error: true },
          ],
        },
      ],
      tools: [
        {
          name: 'webmcp__search_products',
          description: SEARCH_PRODUCTS.description,
          input_schema: SEARCH_PRODUCTS.parametersSchema,
          eager_input_streaming: true,
        },
        {
          name: CART_ADD_NAME,
          description: CART_ADD.description,
          input_schema: CART_ADD.parametersSchema,
          eager_input_streaming: true,
        },
      ],
      tool_choice: { type: 'auto' },
      stream: true,
    });
  });
});

describe('the last step at maxSteps (no tools offered)', () => {
  it.each(['openai-compatible', 'anthropic'] as const)(
    '%s: still replays the calls; Anthropic gets stand-in tools with tool_choice none',
    async (provider) => {
      const id = provider === 'anthropic' ? 'toolu_01Only' : 'call_Only01';
      fake().push(
        { toolCalls: [{ id, name: 'webmcp__search_products', arguments: { query: 'mug' } }] },
        { text: 'One blue mug.' },
      );
      const model = {
        provider,
        baseURL: fake().baseURL,
        model: provider === 'anthropic' ? 'claude-sonnet-4-5' : 'fake-gpt',
      };
      const { app } = makeApp({
        env: { ANTHROPIC_API_KEY: 'k' },
        expirySweepMs: 0,
        patch: (c) => (c.agents.shop = { model, maxSteps: 1 }),
      });
      const sessionId = await init(app);
      const paused = await readFrames(await say(app, sessionId, USER, { clientTools: [SEARCH_PRODUCTS] }));
      const done = await readFrames(
        await resume(app, {
          sessionId,
          executionId: paused[0]!.data.executionId,
          toolOutputs: { [id]: { result: MUG } },
        }),
      );
      app.close();
      expect(ofType(done, 'turn_complete').map((t) => t.stopReason)).toEqual(['max_steps']);
      const body = fake().requests[1]!.body;
      if (provider === 'openai-compatible') {
        expect(body).not.toHaveProperty('tools');
        expect(body).not.toHaveProperty('tool_choice');
        expect(body.messages.slice(-2)).toStrictEqual([
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id, type: 'function', function: { name: 'webmcp__search_products', arguments: '{"query":"mug"}' } },
            ],
          },
          { role: 'tool', tool_call_id: id, content: MUG },
        ]);
      } else {
        expect(body.tools).toStrictEqual([
          {
            name: 'webmcp__search_products',
            description: 'No longer available in this step.',
            input_schema: { type: 'object', properties: {} },
            eager_input_streaming: true,
          },
        ]);
        expect(body.tool_choice).toStrictEqual({ type: 'none' });
        expect(body.messages.at(-1)).toStrictEqual({
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: id, content: MUG }],
        });
      }
    },
  );
});
