/**
 * The per-turn snapshot: page tools → `clientTools[]` as sent on the wire, after the allowlist and
 * architecture.md §4's limits. Every tool left out is reported with the reason, never silently dropped.
 */
import type { ClientTool, LimitCode } from '../protocol/index.js';
import { LIMITS, LIMIT_CODES, clientToolProblem, utf8Length } from '../protocol/index.js';
import type { PageTool } from '../discovery/index.js';
import type { PolicyReason, ToolPolicy } from '../policy/index.js';

export interface DroppedTool {
  name: string;
  /** A limit code, or the policy's reason. */
  reason: LimitCode | PolicyReason;
}

export interface Snapshot {
  clientTools: ClientTool[];
  dropped: DroppedTool[];
  /** Stable hash of `clientTools`, for the send-once protocol. */
  fingerprint: string;
  /** Page tools by bare name, for execution. */
  byName: Map<string, PageTool>;
}

export interface SnapshotOptions {
  pageOrigin: string;
  policy: ToolPolicy;
}

/** Reasons that come from the surface's (or the page's) rules rather than a limit. */
const POLICY_REASONS: ReadonlySet<string> = new Set<PolicyReason>([
  'webmcp_disabled',
  'allowlist_empty',
  'origin_invalid',
  'origin_not_listed',
  'tool_not_listed',
]);

/** True when some tool was left out by a rule (which an operator may since have changed). */
export function droppedByPolicy(snapshot: Pick<Snapshot, 'dropped'>): boolean {
  return snapshot.dropped.some((d) => POLICY_REASONS.has(d.reason));
}

/**
 * What a chat request reports as `droppedTools`: names and reasons only, within the wire limits
 * (at most {@link LIMITS.maxDroppedTools} entries, names cut to {@link LIMITS.maxDroppedToolName}
 * characters — a name can be dropped for being too long). `undefined` when nothing was dropped.
 */
export function droppedToolsReport(snapshot: Pick<Snapshot, 'dropped'>): DroppedTool[] | undefined {
  if (snapshot.dropped.length === 0) return undefined;
  return snapshot.dropped
    .filter((d) => d.name !== '')
    .slice(0, LIMITS.maxDroppedTools)
    .map((d) => ({ name: d.name.slice(0, LIMITS.maxDroppedToolName), reason: d.reason }));
}

const EMPTY_SCHEMA = { type: 'object', properties: {} } as const;

export function buildSnapshot(tools: readonly PageTool[], options: SnapshotOptions): Snapshot {
  const clientTools: ClientTool[] = [];
  const dropped: DroppedTool[] = [];
  const byName = new Map<string, PageTool>();
  let bytes = 2; // "[]"
  for (const tool of tools) {
    const decision = options.policy.check(options.pageOrigin, tool.name);
    if (!decision.admitted) {
      dropped.push({ name: tool.name, reason: decision.reason });
      continue;
    }
    const problem = clientToolProblem(
      { name: tool.name, description: tool.description, parametersSchema: tool.inputSchema },
      byName,
    );
    if (problem) {
      dropped.push({ name: tool.name, reason: problem.code });
      continue;
    }
    if (clientTools.length >= LIMITS.maxClientTools) {
      dropped.push({ name: tool.name, reason: LIMIT_CODES.tooManyTools });
      continue;
    }
    const entry = toClientTool(tool, options.pageOrigin);
    const size = utf8Length(JSON.stringify(entry)) + 1;
    if (bytes + size > LIMITS.maxClientToolsBytes) {
      dropped.push({ name: tool.name, reason: LIMIT_CODES.toolsTooLarge });
      continue;
    }
    bytes += size;
    clientTools.push(entry);
    byName.set(tool.name, tool);
  }
  return { clientTools, dropped, fingerprint: fingerprintOf(clientTools), byName };
}

function toClientTool(tool: PageTool, pageOrigin: string): ClientTool {
  const entry: ClientTool = {
    name: tool.name,
    description: tool.description,
    parametersSchema: tool.inputSchema ?? { ...EMPTY_SCHEMA },
    origin: 'webmcp',
    pageOrigin,
  };
  if (tool.title) entry.title = tool.title;
  const annotations = Object.fromEntries(
    Object.entries(tool.annotations).filter(([, v]) => v !== undefined && v !== false),
  );
  if (Object.keys(annotations).length > 0) entry.annotations = annotations;
  return entry;
}

/** FNV-1a (64-bit, as two 32-bit halves) over the canonical JSON: fast, dependency-free, stable. */
export function fingerprintOf(tools: readonly ClientTool[]): string {
  const text = JSON.stringify(tools);
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h1 >>> 7);
  }
  return 'fp_' + (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
