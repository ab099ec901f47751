/**
 * An agent's server tools, built from its config: secrets read from the environment (as
 * {@link Secret}s), one executor per tool, the parameters schema each call is validated against.
 */
import type { AgentConfig } from '../config/schema.js';
import type { ModelAdapter } from '../models/types.js';
import type { ServerToolConfig } from './config.js';
import type { ServerTool, ToolExecutor } from './executor.js';
import { AgentExecutor } from './executors/agent.js';
import { CodeExecutor } from './executors/code.js';
import { HttpExecutor } from './executors/http.js';
import { WebhookExecutor } from './executors/webhook.js';
import { RpcExecutor } from './executors/rpc.js';
import { ClientEventExecutor } from './executors/client-event.js';
import type { RpcCaller } from '../rpc/service.js';
import { Secret } from './secret.js';
import { secretProblem } from '../webhooks/signature.js';

/** An agent's `{task}` parameters when it declares none. */
const AGENT_PARAMETERS = {
  type: 'object',
  properties: { task: { type: 'string', description: 'What the agent should do.' } },
  required: ['task'],
};

/** What building an agent's tools needs from the rest of the server. */
export interface ServerToolDeps {
  env?: NodeJS.ProcessEnv;
  /** Another agent's model and instructions (for `agent` tools), looked up at call time. */
  agent(id: string): { model: ModelAdapter; instructions?: string };
  /** Where this agent's `rpc` tool calls go; without it they are error results. */
  rpc?: RpcCaller;
}

/** A client event is delivered at once; this only bounds a stream write that hangs. */
const CLIENT_EVENT_TIMEOUT_MS = 2000;

/** The server tools of one agent. */
export function buildServerTools(config: Pick<AgentConfig, 'tools' | 'secrets'>, deps: ServerToolDeps): ServerTool[] {
  const env = deps.env ?? process.env;
  const read = (name: string): Secret | undefined => (env[name] ? new Secret(env[name]) : undefined);
  const secrets = new Map(Object.entries(config.secrets).map(([name, ref]) => [name, read(ref.env)]));
  const known = [...secrets.values()].filter((s): s is Secret => !!s);
  const built: ServerTool[] = [];
  for (const tool of config.tools) {
    const own = tool.type === 'webhook' ? read(tool.secret.env) : undefined;
    built.push({
      kind: tool.type,
      name: tool.name,
      description: tool.description ?? '',
      parameters: tool.parameters ?? (tool.type === 'agent' ? AGENT_PARAMETERS : { type: 'object', properties: {} }),
      timeoutMs: tool.type === 'client_event' ? CLIENT_EVENT_TIMEOUT_MS : tool.timeoutSeconds * 1000,
      executor: executorFor(tool, secrets, own, deps, () => built),
      secrets: own ? [...known, own] : known,
    });
  }
  return built;
}

function executorFor(
  tool: ServerToolConfig,
  secrets: ReadonlyMap<string, Secret | undefined>,
  own: Secret | undefined,
  deps: ServerToolDeps,
  siblings: () => readonly ServerTool[],
): ToolExecutor {
  switch (tool.type) {
    case 'http':
      return new HttpExecutor(tool, secrets);
    case 'webhook':
      return new WebhookExecutor(tool, own);
    case 'code':
      return new CodeExecutor(tool, tool.timeoutSeconds * 1000);
    case 'agent':
      return new AgentExecutor(tool, () => {
        const inner = deps.agent(tool.agent);
        return {
          model: inner.model,
          tools: siblings(),
          ...(inner.instructions ? { instructions: inner.instructions } : {}),
        };
      });
    case 'rpc':
      return new RpcExecutor(tool.timeoutSeconds * 1000, deps.rpc);
    case 'client_event':
      return new ClientEventExecutor(tool.parameters ?? {});
  }
}

/**
 * Problems with the environment the agents' tools read, as `path: message` lines: a webhook
 * tool's signing secret that is set but not `whsec_…`. (An unset secret only warns: its tool's
 * calls become error results that say so.)
 */
export function toolSecretProblems(
  agents: Readonly<Record<string, Pick<AgentConfig, 'tools' | 'secrets'>>>,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void = (message) => console.warn(`[webmcp-chat] ${message}`),
): string[] {
  const problems: string[] = [];
  for (const [id, agent] of Object.entries(agents)) {
    agent.tools.forEach((tool, i) => {
      if (tool.type !== 'webhook') return;
      const value = env[tool.secret.env];
      const problem = value ? secretProblem(value) : undefined;
      if (problem) problems.push(`agents.${id}.tools.${i}.secret: $${tool.secret.env} ${problem}`);
      if (!value) warn(`agents.${id}.tools.${i}.secret: $${tool.secret.env} is not set`);
    });
    for (const [name, ref] of Object.entries(agent.secrets)) {
      if (!env[ref.env]) warn(`agents.${id}.secrets.${name}: $${ref.env} is not set`);
    }
  }
  return problems;
}
