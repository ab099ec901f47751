/**
 * Same conversations, same events: every shared conversation runs through the engine (in-process
 * app, client-token routes) with the offline model, the OpenAI-compatible adapter and the
 * Anthropic adapter (against the fake provider); the widget must see the same sequence of event
 * types, the same tool names and arguments, well-formed tool call ids, and the same outcome.
 */
import type { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { init, makeApp, ofType, readFrames, replyText, resume, say, type Frame } from '../test-helpers.js';
import { useFakeProvider } from './adapters.fixture.js';
import { PUBLIC_FAILURE_MESSAGES } from '../engine/failure.js';
import { ERROR_CODES } from '../../bridge/protocol/index.js';
import { CONVERSATION_TOOLS, CONVERSATIONS, type Conversation } from './conversations.fixture.js';

const fake = useFakeProvider();
const ANTHROPIC_ENV = { TEST_ANTHROPIC_KEY: 'sk-ant-conformance' };

type Variant = 'offline' | 'openai-compatible' | 'anthropic';

function appFor(variant: Variant): Hono & { close(): void } {
  const model =
    variant === 'offline'
      ? 'offline'
      : variant === 'openai-compatible'
        ? { provider: 'openai-compatible', baseURL: fake().baseURL, model: 'fake-gpt' }
        : {
            provider: 'anthropic',
            baseURL: fake().baseURL,
            model: 'claude-sonnet-4-5',
            apiKey: { env: 'TEST_ANTHROPIC_KEY' },
          };
  return makeApp({ env: ANTHROPIC_ENV, expirySweepMs: 0, patch: (c) => (c.agents.shop.model = model) }).app;
}

/** Plays a conversation: the chat, then one resume per pause with the scripted page results. */
async function play(variant: Variant, conversation: Conversation): Promise<Frame[][]> {
  if (variant !== 'offline') fake().push(...conversation.turns);
  const app = appFor(variant);
  try {
    const sessionId = await init(app);
    let frames = await readFrames(await say(app, sessionId, conversation.message, { clientTools: CONVERSATION_TOOLS }));
    const segments = [frames];
    for (const results of conversation.results) {
      const awaits = ofType(frames, 'await');
      const toolOutputs = Object.fromEntries(
        awaits.map((a, i) => [
          a.toolCallId,
          { content: [{ type: 'text', text: results[i]!.text }], isError: results[i]!.isError ?? false },
        ]),
      );
      frames = await readFrames(
        await resume(app, { sessionId, executionId: frames[0]!.data.executionId, toolOutputs }),
      );
      segments.push(frames);
    }
    return segments;
  } finally {
    app.close();
  }
}

/** The event types of each segment, with runs of deltas collapsed (delta sizes differ by model). */
function shape(segments: Frame[][]): string[][] {
  return segments.map((frames) =>
    frames.map((f) => f.data.type).filter((type, i, all) => !(type.endsWith('_delta') && all[i - 1] === type)),
  );
}

/** Each pause's calls as the widget is asked to run them. */
function pausesOf(segments: Frame[][]): Array<Array<{ toolName: string; parameters: unknown }>> {
  return segments
    .filter((s) => ofType(s, 'await').length > 0)
    .map((s) => ofType(s, 'await').map((a) => ({ toolName: a.toolName, parameters: a.parameters })));
}

/** Tool call ids: provider-safe, distinct within a pause, the same in tool_start, await and tool_complete. */
function expectWellFormedIds(segments: Frame[][]): void {
  segments.forEach((frames, i) => {
    const awaited = ofType(frames, 'await').map((a) => a.toolCallId);
    for (const id of awaited) expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(new Set(awaited).size).toBe(awaited.length);
    expect(ofType(frames, 'tool_start').map((s) => s.toolCallId)).toEqual(awaited);
    if (awaited.length > 0) expect(ofType(segments[i + 1]!, 'tool_complete').map((c) => c.toolCallId)).toEqual(awaited);
  });
}

describe.each(CONVERSATIONS)('conversation: $name', (conversation) => {
  it('looks the same to the widget with the offline, OpenAI-compatible and Anthropic models', async () => {
    const offline = await play('offline', conversation);
    const openai = await play('openai-compatible', conversation);
    const anthropic = await play('anthropic', conversation);
    expect(fake().remaining()).toBe(0); // every scripted provider turn was asked for

    expect(shape(openai)).toEqual(shape(offline));
    expect(shape(anthropic)).toEqual(shape(offline));
    for (const segments of [offline, openai, anthropic]) {
      expect(segments).toHaveLength(conversation.pauses.length + 1);
      expect(pausesOf(segments)).toEqual(conversation.pauses);
      expectWellFormedIds(segments);
      const last = segments.at(-1)!;
      if ('error' in conversation.outcome) {
        // The widget gets the same short message from every model; the provider's own words are the operator's.
        expect(ofType(last, 'execution_error')).toEqual([
          expect.objectContaining({
            error: { code: ERROR_CODES.modelError, message: PUBLIC_FAILURE_MESSAGES[ERROR_CODES.modelError] },
          }),
        ]);
      } else {
        expect(ofType(last, 'execution_complete')).toEqual([
          expect.objectContaining({ success: true, stopReason: 'end_turn' }),
        ]);
        for (const text of conversation.outcome.replyContains) expect(replyText(last)).toContain(text);
      }
    }
    // the real adapters' models are named in the completion, never passed off as offline
    const complete = (segments: Frame[][]) =>
      ofType(segments.at(-1)!, 'execution_complete')[0] as { model?: unknown } | undefined;
    if (!('error' in conversation.outcome)) {
      expect(complete(openai)?.model).toEqual({ id: 'openai-compatible:fake-gpt', offline: false });
      expect(complete(anthropic)?.model).toEqual({ id: 'anthropic:claude-sonnet-4-5', offline: false });
    }
    const anthropicRequests = fake().requests.filter((r) => r.format === 'anthropic-messages');
    expect(anthropicRequests.map((r) => r.headers['x-api-key'])).toEqual(
      conversation.turns.map(() => 'sk-ant-conformance'),
    );
  });
});
