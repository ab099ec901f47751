/**
 * Checks `clientTools[]` against DESIGN §4's limits (a 400 with the code of the limit, never a
 * silent truncation) and the surface policy for the server-observed origin (rejected tools are
 * left out of the model's tools and reported).
 */
import { clientToolSchema } from '../../bridge/protocol/schemas.js';
import { LIMITS, LIMIT_CODES, jsonDepth, utf8Length, type ClientTool } from '../../bridge/protocol/index.js';
import type { PolicyReason, ToolPolicy } from '../../bridge/policy/index.js';
import { ApiError } from '../http/errors.js';

export function validateClientTools(raw: readonly unknown[]): ClientTool[] {
  if (raw.length > LIMITS.maxClientTools) {
    throw new ApiError(
      400,
      LIMIT_CODES.tooManyTools,
      `At most ${LIMITS.maxClientTools} client tools per request; got ${raw.length}.`,
    );
  }
  const bytes = utf8Length(JSON.stringify(raw));
  if (bytes > LIMITS.maxClientToolsBytes) {
    throw new ApiError(
      400,
      LIMIT_CODES.toolsTooLarge,
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
        'invalid_request',
        `clientTools.${i}.${issue.path.map(String).join('.')}: ${issue.message}`,
      );
    }
    const tool = parsed.data;
    const at = `clientTools.${i}`;
    if (!LIMITS.toolNamePattern.test(tool.name)) {
      throw new ApiError(
        400,
        LIMIT_CODES.badToolName,
        `${at}.name must match ${LIMITS.toolNamePattern.source} (a bare name, no "webmcp:" prefix).`,
      );
    }
    if (names.has(tool.name))
      throw new ApiError(400, LIMIT_CODES.duplicateTool, `${at}.name "${tool.name}" appears twice.`);
    names.add(tool.name);
    const length = tool.description.length;
    if (length < LIMITS.minDescriptionLength || length > LIMITS.maxDescriptionLength) {
      throw new ApiError(
        400,
        LIMIT_CODES.badDescription,
        `${at}.description must be ${LIMITS.minDescriptionLength}–${LIMITS.maxDescriptionLength} characters; got ${length}.`,
      );
    }
    if (jsonDepth(tool.parametersSchema) > LIMITS.maxSchemaDepth) {
      throw new ApiError(
        400,
        LIMIT_CODES.schemaTooDeep,
        `${at}.parametersSchema nests deeper than ${LIMITS.maxSchemaDepth} levels.`,
      );
    }
    if (utf8Length(JSON.stringify(tool.parametersSchema)) > LIMITS.maxSchemaBytes) {
      throw new ApiError(
        400,
        LIMIT_CODES.schemaTooLarge,
        `${at}.parametersSchema is larger than ${LIMITS.maxSchemaBytes} bytes.`,
      );
    }
    return tool;
  });
}

export interface AdmissionResult {
  admitted: ClientTool[];
  rejected: Array<{ name: string; reason: PolicyReason }>;
  /** The policy's decision on every `webmcp` tool, in order: what the server records as sightings. */
  decisions: Array<{ toolName: string; status: 'admitted' | 'rejected'; reason: PolicyReason }>;
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
