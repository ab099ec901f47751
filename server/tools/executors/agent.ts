/**
 * The `agent` executor: another agent of the config used as a tool. It runs in its own context with
 * the task as its user message, may call only its allowed server tools, within `maxTurns`, and
 * its final text is the result; its inner calls never reach the parent's stream.
 */
import type { ToolOutcome } from '../../../bridge/protocol/index.js';
import type { ModelAdapter, ModelMessage, ModelTool, ModelToolCall } from '../../models/types.js';
import type { AgentToolConfig } from '../config.js';
import {
  runServerCall,
  type ServerTool,
  type ServerToolCall,
  type ToolContext,
  type ToolExecutor,
} from '../executor.js';
import { ToolNameMap, bareNameOf, canonicalName } from '../names.js';

/** What the inner agent runs on: its model and instructions, and the parent's server tools. */
export interface InnerAgent {
  model: ModelAdapter;
  instructions?: string;
  tools: readonly ServerTool[];
}

export class AgentExecutor implements ToolExecutor {
  constructor(
    private readonly tool: AgentToolConfig,
    private readonly inner: () => InnerAgent,
  ) {}

  async execute(call: ServerToolCall, ctx: ToolContext): Promise<ToolOutcome> {
    const { model, instructions, tools } = this.inner();
    const allowed = tools.filter((t) => this.tool.allowedTools.includes(t.name));
    const names = new ToolNameMap(allowed.map((t) => canonicalName(t.name, t.kind)));
    const modelTools: ModelTool[] = allowed.map((t) => ({
      name: names.provider(canonicalName(t.name, t.kind)),
      canonicalName: canonicalName(t.name, t.kind),
      bareName: t.name,
      description: t.description,
      parameters: t.parameters,
    }));
    const task = typeof call.arguments.task === 'string' ? call.arguments.task : JSON.stringify(call.arguments);
    const messages: ModelMessage[] = [{ role: 'user', content: task }];
    for (let turn = 0; turn < this.tool.maxTurns; turn++) {
      let text = '';
      const calls: ModelToolCall[] = [];
      const request = { messages, tools: modelTools, signal: ctx.signal, ...(instructions ? { instructions } : {}) };
      for await (const event of model.stream(request)) {
        if (event.type === 'text-delta') text += event.delta;
        else if (event.type === 'tool-call')
          calls.push({ id: event.id, name: event.name, arguments: parse(event.arguments) });
      }
      if (calls.length === 0) return { text, isError: false };
      messages.push({ role: 'assistant', content: text || null, toolCalls: calls });
      const results = await Promise.all(
        calls.map(async (c, index) => {
          const canonical = names.canonical(c.name);
          const tool = canonical && allowed.find((t) => t.name === bareNameOf(canonical));
          if (!tool) return { text: `Unknown tool "${c.name}".`, isError: true };
          const group = { id: ctx.group.id, index, length: calls.length };
          return runServerCall(tool, { toolCallId: c.id, name: tool.name, arguments: c.arguments }, { ...ctx, group });
        }),
      );
      calls.forEach((c, i) =>
        messages.push({
          role: 'tool',
          toolCallId: c.id,
          name: c.name,
          content: results[i]!.text,
          isError: results[i]!.isError,
        }),
      );
    }
    return {
      text: `${this.tool.name} did not finish within ${this.tool.maxTurns} turns (its maxTurns).`,
      isError: true,
    };
  }
}

function parse(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text || '{}') as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { _raw: text };
  }
}
