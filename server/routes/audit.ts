/**
 * The audit list of admin changes: who (the admin key's label, or `admin`), what, when — kept in
 * the store and shown in the console. A change is described in a few words, computed from the
 * surface before and after, so an operator sees "origins of ct_x: +https://a" rather than a diff.
 */
import type { Context } from 'hono';
import type { SurfaceConfig } from '../config/schema.js';
import type { AuditEntry, Store } from '../store/index.js';
import { logOf, shortenTokens } from '../log/index.js';

/** Who made a change when the admin key has no label (the config's `adminKey` has none). */
export const DEFAULT_ACTOR = 'admin';

/** The actor of an admin request. */
export function actorOf(_c: Context): string {
  return DEFAULT_ACTOR;
}

/**
 * Records an admin change in the store and logs it (`admin.edit`: actor, action, target, summary —
 * the audit trail in the log). A failure to write is logged, not thrown: the change itself is
 * already saved and must not be reported as failed.
 */
export async function audit(
  store: Pick<Store, 'appendAudit'>,
  c: Context,
  entry: Pick<AuditEntry, 'action' | 'target' | 'summary'>,
): Promise<void> {
  const actor = actorOf(c);
  const log = logOf(c);
  // Client tokens are shortened in the log; the audit list in the store keeps them whole for the console.
  log?.info(
    { event: 'admin.edit', actor, action: entry.action, target: entry.target, summary: shortenTokens(entry.summary) },
    'admin change',
  );
  try {
    await store.appendAudit({ ...entry, actor, at: new Date().toISOString() });
  } catch (error) {
    const message = 'could not record an admin change in the audit list';
    if (log) log.warn({ event: 'admin.audit_failed', actor, action: entry.action, error: String(error) }, message);
    else console.warn(`[webmcp-chat] ${message}`, error);
  }
}

/** What changed between two versions of a surface, in short `;`-separated phrases (`created` without a before). */
export function describeChange(before: SurfaceConfig | undefined, after: SurfaceConfig): string {
  if (!before) return `created (agent ${after.agent}, ${after.clientTokens.length} client token(s))`;
  const parts: string[] = [];
  if (before.agent !== after.agent) parts.push(`agent ${before.agent} → ${after.agent}`);
  if (before.welcomeMessage !== after.welcomeMessage) parts.push('welcome message changed');
  if (before.placeholder !== after.placeholder) parts.push('placeholder changed');
  const oldTokens = new Map(before.clientTokens.map((t) => [t.token, t.allowedOrigins]));
  const newTokens = new Map(after.clientTokens.map((t) => [t.token, t.allowedOrigins]));
  for (const [token, origins] of newTokens) {
    const old = oldTokens.get(token);
    if (!old) parts.push(`token ${token} added (${origins.join(', ')})`);
    else {
      const change = listChange(old, origins);
      if (change) parts.push(`origins of ${token}: ${change}`);
    }
  }
  for (const token of oldTokens.keys()) if (!newTokens.has(token)) parts.push(`token ${token} removed`);
  const oldWebmcp = before.behavior?.webmcp;
  const newWebmcp = after.behavior?.webmcp;
  if ((oldWebmcp?.enabled ?? false) !== (newWebmcp?.enabled ?? false))
    parts.push(newWebmcp?.enabled ? 'WebMCP on' : 'WebMCP off');
  if (JSON.stringify(oldWebmcp?.allowlist) !== JSON.stringify(newWebmcp?.allowlist)) {
    const rules = (list: typeof oldWebmcp) => (list?.allowlist ?? []).map((r) => `${r.origin} [${r.tools.join(', ')}]`);
    const change = listChange(rules(oldWebmcp), rules(newWebmcp));
    parts.push(change ? `rules: ${change}` : 'rules reordered');
  }
  if (JSON.stringify(before.webhooks ?? []) !== JSON.stringify(after.webhooks ?? [])) parts.push('webhooks changed');
  return parts.length > 0 ? parts.join('; ') : 'saved without changes';
}

function listChange(before: readonly string[], after: readonly string[]): string {
  const added = after.filter((x) => !before.includes(x)).map((x) => `+${x}`);
  const removed = before.filter((x) => !after.includes(x)).map((x) => `−${x}`);
  return [...added, ...removed].join(', ');
}
