/**
 * Renders a scripted turn as an Anthropic Messages stream, byte for byte as the API sends it:
 * `event: message_start`, a `ping`, then per content block `content_block_start`, its deltas
 * (`thinking_delta` + `signature_delta`, `text_delta`, `input_json_delta` starting with an empty
 * `partial_json`) and `content_block_stop`, then `message_delta` with the `stop_reason` and
 * `message_stop`. Quirks bend exactly the parts they name.
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

const STOP_REASON = { stop: 'end_turn', tool_calls: 'tool_use', length: 'max_tokens' } as const;

/** An HTTP error body in Anthropic's format. */
export function anthropicError(message: string, status: number): string {
  const type =
    status === 401
      ? 'authentication_error'
      : status === 429
        ? 'rate_limit_error'
        : status === 529
          ? 'overloaded_error'
          : 'api_error';
  return JSON.stringify({ type: 'error', error: { type, message } });
}

function frame(event: string, data: Record<string, unknown> | string): string[] {
  return [`event: ${event}`, `data: ${typeof data === 'string' ? data : JSON.stringify(data)}`];
}

/** Renders one turn; `n` numbers the response (ids), `request` feeds a text function. */
export function renderAnthropicMessages(turn: FakeTurn, n: number, request: FakeRequestView): RenderedStream {
  const q = turn.quirks ?? {};
  const text = typeof turn.text === 'function' ? turn.text(request) : (turn.text ?? '');
  const calls = turn.toolCalls ?? [];
  const model = String(request.body.model ?? 'fake');
  const content: string[][] = [
    frame('message_start', {
      type: 'message_start',
      message: {
        id: `msg_fake${n}`,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
      },
    }),
    // Anthropic writes this one frame with a space after the colon.
    frame('ping', '{"type": "ping"}'),
  ];
  let block = 0;
  let firstDelta = -1;
  const open = (contentBlock: Record<string, unknown>): number => {
    const index = q.parallelIndexZero ? 0 : block++;
    content.push(frame('content_block_start', { type: 'content_block_start', index, content_block: contentBlock }));
    return index;
  };
  const delta = (index: number, body: Record<string, unknown>): void => {
    content.push(frame('content_block_delta', { type: 'content_block_delta', index, delta: body }));
    if (firstDelta < 0) firstDelta = content.length;
  };
  const close = (index: number): void =>
    void content.push(frame('content_block_stop', { type: 'content_block_stop', index }));

  if (turn.reasoning) {
    const index = open({ type: 'thinking', thinking: '', signature: '' });
    for (const piece of textPieces(turn.reasoning)) delta(index, { type: 'thinking_delta', thinking: piece });
    delta(index, { type: 'signature_delta', signature: `EqQBCgIYAhIMfake${n}signature` });
    close(index);
  }
  if (text !== '') {
    const index = open({ type: 'text', text: '' });
    for (const piece of textPieces(text)) delta(index, { type: 'text_delta', text: piece });
    close(index);
  }
  calls.forEach((call, i) => {
    const id = q.missingToolCallIds ? {} : { id: call.id ?? `toolu_fake${n}x${i}` };
    const index = open({ type: 'tool_use', ...id, name: call.name, input: {} });
    delta(index, { type: 'input_json_delta', partial_json: '' });
    for (const fragment of argumentFragments(argumentsText(call)))
      delta(index, { type: 'input_json_delta', partial_json: fragment });
    close(index);
  });

  const stopReason = q.noFinishReason ? null : STOP_REASON[finishOf(turn)];
  const closing = [
    frame('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: 42 },
    }),
    frame('message_stop', { type: 'message_stop' }),
  ];
  const at = firstDelta < 0 ? content.length : firstDelta;
  if (q.malformedFrame)
    content.splice(at, 0, [
      'event: content_block_delta',
      'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"cut',
    ]);
  if (q.midStreamError !== undefined) {
    const error = frame('error', { type: 'error', error: { type: 'overloaded_error', message: q.midStreamError } });
    return { content: [...content.slice(0, at), error], closing: [], keepAlive: frame('ping', '{"type": "ping"}') };
  }
  return { content, closing, keepAlive: frame('ping', '{"type": "ping"}') };
}
