/**
 * Renders a scripted turn as an OpenAI Chat Completions stream, byte for byte as OpenAI sends it:
 * `data: {"id":"chatcmpl-…","object":"chat.completion.chunk",…}` frames, tool calls opened by a
 * delta with `index`, `id`, `type` and `name` and continued by `arguments` fragments, a chunk with
 * the `finish_reason`, then `data: [DONE]`. Quirks bend exactly the parts they name.
 */
import {
  argumentFragments,
  argumentsText,
  finishOf,
  textPieces,
  type FakeRequestView,
  type FakeTurn,
  type RenderedStream,
} from './script.js';

/** Fixed so recorded streams are reproducible. */
const CREATED = 1_700_000_000;

/** An HTTP error body in OpenAI's format. */
export function chatCompletionsError(message: string, status: number): string {
  const type = status === 401 ? 'invalid_request_error' : status === 429 ? 'requests' : 'server_error';
  const code = status === 401 ? 'invalid_api_key' : null;
  return JSON.stringify({ error: { message, type, param: null, code } });
}

/** Renders one turn; `n` numbers the response (ids), `request` feeds a text function. */
export function renderChatCompletions(turn: FakeTurn, n: number, request: FakeRequestView): RenderedStream {
  const q = turn.quirks ?? {};
  const base = {
    id: `chatcmpl-fake${n}`,
    object: 'chat.completion.chunk',
    created: CREATED,
    model: String(request.body.model ?? 'fake'),
    system_fingerprint: 'fp_fake',
  };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null): string[] => [
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}`,
  ];
  const text = typeof turn.text === 'function' ? turn.text(request) : (turn.text ?? '');
  const calls = turn.toolCalls ?? [];

  const content: string[][] = [
    chunk({ role: 'assistant', content: text === '' && calls.length > 0 ? null : '', refusal: null }),
  ];
  for (const piece of textPieces(turn.reasoning ?? '')) content.push(chunk({ reasoning_content: piece }));
  for (const piece of textPieces(text)) content.push(chunk({ content: piece }));
  calls.forEach((call, i) => {
    const index = q.parallelIndexZero ? 0 : i;
    const id = q.missingToolCallIds ? {} : { id: call.id ?? `call_fake${n}x${i}` };
    const fragments = argumentFragments(argumentsText(call));
    const early = q.argumentsBeforeName ? fragments.shift() : undefined;
    if (early !== undefined) content.push(chunk({ tool_calls: [{ index, function: { arguments: early } }] }));
    content.push(
      chunk({ tool_calls: [{ index, ...id, type: 'function', function: { name: call.name, arguments: '' } }] }),
    );
    for (const fragment of fragments)
      content.push(chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }));
  });

  const closing: string[][] = [];
  if (!q.noFinishReason) closing.push(chunk({}, finishOf(turn)));
  if (!q.omitDone) closing.push(['data: [DONE]']);

  // The first content frame is the one after the role chunk.
  const at = Math.min(2, content.length);
  if (q.malformedFrame)
    content.splice(at, 0, [
      `data: {"id":"chatcmpl-fake${n}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"cut`,
    ]);
  if (q.midStreamError !== undefined) {
    const error = { error: { message: q.midStreamError, type: 'server_error', param: null, code: null } };
    return {
      content: [...content.slice(0, at), [`data: ${JSON.stringify(error)}`]],
      closing: [],
      keepAlive: [': keep-alive'],
    };
  }
  return { content, closing, keepAlive: [': keep-alive'] };
}
