/**
 * Checks `clientTools[]` against architecture.md §4's limits (a 400 with the code of the limit, never a
 * silent truncation) and the surface policy for the server-observed origin (rejected tools are
 * left out of the model's tools and reported).
 */
import { clientToolSchema } from '../../bridge/protocol/schemas.js';
import { LIMITS, clientToolProblem, utf8Length, type ClientTool, ERROR_CODES } from '../../bridge/protocol/index.js';
import type { PolicyReason, ToolDecision, ToolPolicy } from '../../bridge/policy/index.js';
import { ApiError } from '../http/errors.js';
import { issuePath } from '../http/body.js';

let serializedToolArrays = 0;

/**
 * How many `clientTools` arrays this process has serialized (to measure them against the byte
 * limit). Only a request that sends the full array costs one; a turn that sends just its
 * fingerprint costs none. Tests read it to keep it that way.
 */
export function toolArraysSerialized(): number {
  return serializedToolArrays;
}

/** Checks a request's full `clientTools` array against the limits and the tool schema. */
export function validateClientTools(raw: readonly unknown[]): ClientTool[] {
  if (raw.length > LIMITS.maxClientTools) {
    throw new ApiError(
      400,
      ERROR_CODES.tooManyTools,
      `At most ${LIMITS.maxClientTools} client tools per request; got ${raw.length}.`,
    );
  }
  serializedToolArrays++;
  const bytes = utf8Length(JSON.stringify(raw));
  if (bytes > LIMITS.maxClientToolsBytes) {
    throw new ApiError(
      400,
      ERROR_CODES.toolsTooLarge,
      `clientTools is ${bytes} bytes; the limit is ${LIMITS.maxClientToolsBytes}.`,
    );
  }
  const names = new Set<string>();
  return raw.map((entry, i) => {
    const parsed = clientToolSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ApiError(
        400,
        ERROR_CODES.invalidRequest,
        `clientTools.${i}.${issuePath(issue).join('.')}: ${issue.message}`,
      );
    }
    const tool = parsed.data;
    const problem = clientToolProblem(tool, names);
    if (problem) throw new ApiError(400, problem.code, `clientTools.${i}.${problem.field} ${problem.message}`);
    names.add(tool.name);
    return tool;
  });
}

export interface AdmissionResult {
  admitted: ClientTool[];
  rejected: Array<{ name: string; reason: PolicyReason }>;
  /** The policy's decision on every `webmcp` tool, in order: what the server records as sightings. */
  decisions: ToolDecision[];
}

/** Applies the surface policy to the server-observed origin. Only `webmcp` tools are gated. */
export function admitTools(tools: readonly ClientTool[], policy: ToolPolicy, origin: string): AdmissionResult {
  const admitted: ClientTool[] = [];
  const rejected: AdmissionResult['rejected'] = [];
  const decisions: AdmissionResult['decisions'] = [];
  for (const tool of tools) {
    if (tool.origin !== 'webmcp') {
      admitted.push(tool);
      continue;
    }
    const decision = policy.check(origin, tool.name);
    decisions.push({
      toolName: tool.name,
      status: decision.admitted ? 'admitted' : 'rejected',
      reason: decision.reason,
    });
    if (decision.admitted) admitted.push(tool);
    else rejected.push({ name: tool.name, reason: decision.reason });
  }
  return { admitted, rejected, decisions };
}
