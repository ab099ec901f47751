/**
 * The agent a dispatch run sees: the configured agent with its tools merged by name in the order
 * config (saved) < `runtimeTools` < `clientTools` — a later source replaces an earlier tool of the
 * same name — and a mask that also hides the request's secrets.
 */
import type { ClientTool } from '../../bridge/protocol/index.js';
import type { AgentRuntime } from '../engine/engine.js';
import type { ServerTool, ToolExecutor } from '../tools/executor.js';
import { CodeExecutor } from '../tools/executors/code.js';
import { HttpExecutor } from '../tools/executors/http.js';
import { WebhookExecutor } from '../tools/executors/webhook.js';
import { type Secret, redact } from '../tools/secret.js';
import { placeholders } from '../tools/template.js';
import type { RuntimeToolConfig } from './runtime-tools.js';

/** Builds the runtime tools with the request's secrets (as {@link Secret}s, revealed only into a request). */
export function buildRuntimeTools(
  tools: readonly RuntimeToolConfig[],
  secrets: ReadonlyMap<string, Secret>,
): ServerTool[] {
  const known = [...secrets.values()];
  return tools.map((tool) => ({
    kind: tool.type,
    name: tool.name,
    description: tool.description ?? '',
    parameters: tool.parameters ?? { type: 'object', properties: {} },
    timeoutMs: tool.timeoutSeconds * 1000,
    executor: executorFor(tool, secrets),
    secrets: known,
  }));
}

function executorFor(tool: RuntimeToolConfig, secrets: ReadonlyMap<string, Secret>): ToolExecutor {
  switch (tool.type) {
    case 'http':
      return new HttpExecutor(tool, secrets);
    case 'webhook': {
      const name = placeholders(tool.secret)[0]!.slice('secrets.'.length);
      return new WebhookExecutor({ ...tool, secret: { env: name } }, secrets.get(name));
    }
    case 'code':
      return new CodeExecutor(tool, tool.timeoutSeconds * 1000);
  }
}

/** The run's agent: `base` with the merged server tools; client tools named like a server tool win. */
export function dispatchAgent(
  base: AgentRuntime,
  runtimeTools: readonly ServerTool[],
  clientTools: readonly ClientTool[],
  secrets: ReadonlyMap<string, Secret>,
): AgentRuntime {
  const byName = new Map<string, ServerTool>();
  for (const tool of base.serverTools ?? []) byName.set(tool.name, tool);
  for (const tool of runtimeTools) byName.set(tool.name, tool);
  for (const tool of clientTools) byName.delete(tool.name);
  const values = [...secrets.values()];
  const baseMask = base.mask ?? ((text: string) => text);
  return {
    ...base,
    serverTools: [...byName.values()],
    mask: values.length > 0 ? (text) => redact(baseMask(text), values) : baseMask,
  };
}
