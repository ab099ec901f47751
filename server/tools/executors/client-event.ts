/**
 * The `client_event` executor: a one-way signal to whoever reads the run's stream (the widget
 * dispatches a DOM event, the SDK yields it). The arguments were validated against the tool's
 * parameters before this runs; properties the parameters do not declare are removed, so the page
 * only ever sees what the operator declared. The model gets a fixed "delivered" result at once.
 */
import type { ToolOutcome } from '../../../bridge/protocol/index.js';
import type { ServerToolCall, ToolContext, ToolExecutor } from '../executor.js';

/** What the model reads after every delivered client event. */
export const DELIVERED = JSON.stringify({ delivered: true });

export class ClientEventExecutor implements ToolExecutor {
  readonly #declared: ReadonlySet<string> | undefined;

  constructor(parameters: Record<string, unknown>) {
    const properties = parameters['properties'];
    const open = parameters['additionalProperties'] === true;
    this.#declared =
      !open && properties && typeof properties === 'object' ? new Set(Object.keys(properties)) : undefined;
  }

  async execute(call: ServerToolCall, ctx: ToolContext): Promise<ToolOutcome> {
    if (!ctx.sendClientEvent)
      return { text: `${call.name} is a client event and can only be sent from a chat run.`, isError: true };
    await ctx.sendClientEvent({ toolCallId: call.toolCallId, name: call.name, arguments: this.#sanitize(call) });
    return { text: DELIVERED, isError: false };
  }

  #sanitize(call: ServerToolCall): Record<string, unknown> {
    const declared = this.#declared;
    if (!declared) return call.arguments;
    return Object.fromEntries(Object.entries(call.arguments).filter(([key]) => declared.has(key)));
  }
}
