/**
 * Which client tools a request may offer, by entry point. On the API-key path `sdk` tools (run by
 * the caller) are always admitted and `webmcp` tools (a page the caller proxies) are admitted
 * unless `clientToolsPolicy.allowlist` leaves them out. A browser (client token) may offer only
 * `webmcp` tools: an `sdk` label there would slip past the surface's WebMCP policy.
 */
import { ERROR_CODES, type ClientTool } from '../../bridge/protocol/index.js';
import { compileGlob, globProblem } from '../../bridge/policy/index.js';
import { ApiError } from '../http/errors.js';
import { validateClientTools } from '../tools/admission.js';

/** The client tools of a dispatch request, checked against the limits and narrowed by the allowlist. */
export function dispatchClientTools(raw: readonly unknown[] | undefined, allowlist: readonly string[] | undefined) {
  const tools = validateClientTools(raw ?? []);
  if (!allowlist) return tools;
  const matchers = allowlist.map((glob, i) => {
    const problem = globProblem(glob);
    if (problem)
      throw new ApiError(400, ERROR_CODES.invalidRequest, `clientToolsPolicy.allowlist.${i}: the glob ${problem}.`);
    return compileGlob(glob);
  });
  return tools.filter((tool) => tool.origin === 'sdk' || matchers.some((matches) => matches(tool.name)));
}

/** 400 `sdk_tools_not_allowed` when a browser request offers a tool whose origin is not `webmcp`. */
export function requirePageTools(tools: readonly ClientTool[]): void {
  const i = tools.findIndex((tool) => tool.origin !== 'webmcp');
  if (i >= 0) {
    throw new ApiError(
      400,
      ERROR_CODES.sdkToolsNotAllowed,
      `clientTools.${i}.origin: a browser may only offer "webmcp" tools; "${tools[i]!.origin}" tools need an API key (/v1/dispatch).`,
    );
  }
}
