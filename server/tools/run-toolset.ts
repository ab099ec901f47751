/**
 * The toolset a run sees: the agent's server tools (the operator's, always offered) and the
 * admitted page tools, under provider-safe names. A page tool named like a server tool is left
 * out, so a page can never shadow the operator's tool.
 */
import type { ClientTool } from '../../bridge/protocol/index.js';
import type { ModelTool } from '../models/types.js';
import type { ServerTool } from './executor.js';
import { ToolNameMap, canonicalName } from './names.js';

/** The reason recorded for a page tool left out because a server tool has its name. */
export const SHADOWS_SERVER_TOOL = 'shadows_server_tool';

export interface RunToolset {
  /** What the model is given. */
  modelTools: ModelTool[];
  names: ToolNameMap;
  /** Server tools by canonical name (`http:…`, …); any other known name is a page tool. */
  server: ReadonlyMap<string, ServerTool>;
}

/** Page tools whose names a server tool already has, and the rest. */
export function withoutShadowing(
  pageTools: readonly ClientTool[],
  serverTools: readonly ServerTool[],
): { kept: ClientTool[]; dropped: ClientTool[] } {
  const taken = new Set(serverTools.map((t) => t.name));
  const kept: ClientTool[] = [];
  const dropped: ClientTool[] = [];
  for (const tool of pageTools) (taken.has(tool.name) ? dropped : kept).push(tool);
  return { kept, dropped };
}

/** Builds the run's toolset; page tools that would shadow a server tool are skipped here too. */
export function runToolset(pageTools: readonly ClientTool[], serverTools: readonly ServerTool[]): RunToolset {
  const { kept } = withoutShadowing(pageTools, serverTools);
  const entries = [
    ...serverTools.map((t) => ({
      canonical: canonicalName(t.name, t.kind),
      bare: t.name,
      description: t.description,
      parameters: t.parameters,
    })),
    ...kept.map((t) => ({
      canonical: canonicalName(t.name),
      bare: t.name,
      description: t.description,
      parameters: t.parametersSchema,
    })),
  ];
  const names = new ToolNameMap(entries.map((e) => e.canonical));
  return {
    names,
    modelTools: entries.map((e) => ({
      name: names.provider(e.canonical),
      canonicalName: e.canonical,
      bareName: e.bare,
      description: e.description,
      parameters: e.parameters,
    })),
    server: new Map(serverTools.map((t) => [canonicalName(t.name, t.kind), t])),
  };
}
