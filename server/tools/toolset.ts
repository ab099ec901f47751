/**
 * The page tools a request brings: the full `clientTools` array (validated, and remembered by its
 * fingerprint for the send-once protocol) or a fingerprint of an array sent earlier.
 */
import { ERROR_CODES } from '../../bridge/protocol/index.js';
import type { ClientTool } from '../../bridge/protocol/index.js';
import { ApiError } from '../http/errors.js';
import type { SessionRecord, Store } from '../store/types.js';
import { validateClientTools } from './admission.js';

/** Keep this many full tool arrays per session for the send-once protocol. */
const MAX_TOOL_SETS = 8;

/** The page tools of a request; 409 `client_tools_resend_required` for a fingerprint the session never sent. */
export async function resolveClientTools(
  store: Store,
  session: SessionRecord,
  raw: unknown[] | undefined,
  fingerprint: string | undefined,
): Promise<ClientTool[]> {
  if (raw) {
    const tools = validateClientTools(raw);
    if (fingerprint) {
      // Atomic, so a run of this session appending to its transcript meanwhile is not overwritten.
      await store.updateSession(session.id, (fresh) => {
        const sets = { ...fresh.toolSets, [fingerprint]: tools };
        const keys = Object.keys(sets);
        for (const old of keys.slice(0, Math.max(0, keys.length - MAX_TOOL_SETS))) delete sets[old];
        fresh.toolSets = sets;
      });
    }
    return tools;
  }
  if (fingerprint) {
    const known = session.toolSets[fingerprint];
    if (!known)
      throw new ApiError(
        409,
        ERROR_CODES.clientToolsResendRequired,
        'Unknown clientToolsFingerprint for this session; send the full clientTools array.',
      );
    return known;
  }
  return [];
}
