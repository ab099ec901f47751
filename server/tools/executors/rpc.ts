/**
 * The `rpc` executor: the call goes to an operator's handler process that connected out to the
 * server (`GET /v1/rpc`), here or on another instance. The handler's value is the result and its
 * thrown message the error result; no handler connected is an error result at once.
 */
import type { ToolOutcome } from '../../../bridge/protocol/index.js';
import type { RpcCaller } from '../../rpc/service.js';
import type { ServerToolCall, ToolContext, ToolExecutor } from '../executor.js';

export class RpcExecutor implements ToolExecutor {
  constructor(
    private readonly timeoutMs: number,
    private readonly caller: RpcCaller | undefined,
  ) {}

  async execute(call: ServerToolCall, ctx: ToolContext): Promise<ToolOutcome> {
    if (!this.caller) return { text: `${call.name}: no handler connected (RPC is off here).`, isError: true };
    return this.caller(
      { name: call.name, toolCallId: call.toolCallId, arguments: call.arguments, timeoutMs: this.timeoutMs },
      ctx.signal,
    );
  }
}
