/**
 * One model step streamed as a run's events: text and reasoning as `*_start`, `*_delta` and
 * `*_complete` frames (masked where the agent knows secrets), tool calls collected whole.
 */
import type { ModelRequest, ModelToolCall } from '../models/types.js';
import { StreamMask } from '../secrets/stream-mask.js';
import { newId } from './ids.js';
import type { AgentRuntime, EventInput } from './types.js';

/** What one step of the model said: its text, the tools it called and why it stopped. */
export interface StepOutcome {
  text: string;
  toolCalls: ModelToolCall[];
  stopReason: string;
}

/**
 * Runs `request` on the agent's model and streams what it says through `emit`, in order; resolves
 * once the model finished. A model may write a configured secret into its answer: what is
 * streamed, stored and kept in the history is masked, a value split across deltas included
 * (see `StreamMask`).
 */
export async function streamModelStep(
  agent: Pick<AgentRuntime, 'model' | 'mask' | 'maskLongest'>,
  request: ModelRequest,
  emit: (input: EventInput) => Promise<void>,
): Promise<StepOutcome> {
  let text = '';
  let textId: string | undefined;
  let reasoning = '';
  let reasoningId: string | undefined;
  const toolCalls: ModelToolCall[] = [];
  let stopReason = 'stop';
  const { mask, maskLongest } = agent;
  const textMask = mask && maskLongest ? new StreamMask(mask, maskLongest) : undefined;
  const reasoningMask = mask && maskLongest ? new StreamMask(mask, maskLongest) : undefined;
  const sendText = async (delta: string) => {
    if (!delta) return;
    if (!textId) await emit({ type: 'text_start', id: (textId = newId('text')) });
    text += delta;
    await emit({ type: 'text_delta', id: textId, delta });
  };
  const sendReasoning = async (delta: string) => {
    if (!delta) return;
    if (!reasoningId) await emit({ type: 'reasoning_start', id: (reasoningId = newId('reason')) });
    reasoning += delta;
    await emit({ type: 'reasoning_delta', id: reasoningId, delta });
  };
  for await (const event of agent.model.stream(request)) {
    switch (event.type) {
      case 'text-delta':
        await sendText(textMask ? textMask.push(event.delta) : event.delta);
        break;
      case 'reasoning-delta':
        await sendReasoning(reasoningMask ? reasoningMask.push(event.delta) : event.delta);
        break;
      case 'tool-call':
        toolCalls.push({ id: event.id, name: event.name, arguments: parseArguments(event.arguments) });
        break;
      case 'finish':
        stopReason = event.reason;
        break;
      default:
        break; // start/delta fragments of tool calls: the complete call follows
    }
  }
  if (reasoningMask) await sendReasoning(reasoningMask.end());
  if (textMask) await sendText(textMask.end());
  if (reasoningId) await emit({ type: 'reasoning_complete', id: reasoningId, text: reasoning });
  if (textId) await emit({ type: 'text_complete', id: textId, text });
  return { text, toolCalls, stopReason };
}

/** A tool call's arguments as an object: `{}` when empty, `{ value }` for a non-object, `{ _raw }` when unparseable. */
function parseArguments(text: string): Record<string, unknown> {
  if (!text.trim()) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { _raw: text }; // unparseable arguments reach the page, whose validation explains the problem to the model
  }
}
