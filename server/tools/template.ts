/**
 * `{{…}}` templates of `http` tools: `{{param}}` (an argument), `{{secrets.NAME}}` (a declared
 * secret), `{{_session.id}}`, `{{_surface.id}}`, `{{_run.id}}`. Arguments are URL-encoded in URLs
 * and JSON-encoded in JSON bodies; a template may never put a placeholder where the request goes.
 */
import type { Secret } from './secret.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g;

/** The values a template is filled from. */
export interface TemplateValues {
  args: Record<string, unknown>;
  secrets: ReadonlyMap<string, Secret | undefined>;
  sessionId: string;
  surfaceId: string;
  runId: string;
}

/** The names a template uses, e.g. `["postcode", "secrets.SHIPPING_KEY"]`. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Why a URL template may not be used (a placeholder in the scheme, host or port), or `undefined`. */
export function urlTemplateProblem(template: string): string | undefined {
  // Everything before the path (scheme, credentials, host, port) must be literal.
  const origin = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(template)?.[0];
  if (origin === undefined) return 'must be an absolute http:// or https:// URL';
  if (origin.includes('{{')) return 'may not place a placeholder in the scheme, host or port';
  let url: URL;
  try {
    url = new URL(template.replace(PLACEHOLDER, 'x'));
  } catch {
    return 'is not a valid URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http:// or https:// URL';
  return undefined;
}

/** A missing secret or other value a template needed. */
export class TemplateError extends Error {}

function valueOf(name: string, values: TemplateValues): { value: unknown; secret?: Secret } {
  if (name.startsWith('secrets.')) {
    const secret = values.secrets.get(name.slice('secrets.'.length));
    if (!secret) throw new TemplateError(`The secret ${name.slice('secrets.'.length)} is not set on the server.`);
    return { value: secret.reveal(), secret };
  }
  if (name === '_session.id') return { value: values.sessionId };
  if (name === '_surface.id') return { value: values.surfaceId };
  if (name === '_run.id') return { value: values.runId };
  return { value: values.args[name] };
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Fills a URL template; every value is URL-encoded. */
export function renderUrl(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (_, name: string) => encodeURIComponent(asText(valueOf(name, values).value)));
}

/** Fills a header template as plain text. */
export function renderText(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (_, name: string) => asText(valueOf(name, values).value));
}

/**
 * Fills a JSON body template: a placeholder standing alone as a JSON string (`"{{items}}"`) becomes
 * the value itself; inside a longer string it is the value's text, JSON-escaped.
 */
export function renderJsonBody(template: unknown, values: TemplateValues): unknown {
  if (typeof template === 'string') {
    const whole = /^\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}$/.exec(template);
    if (whole) return valueOf(whole[1]!, values).value ?? null;
    return renderText(template, values);
  }
  if (Array.isArray(template)) return template.map((item) => renderJsonBody(item, values));
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, renderJsonBody(v, values)]));
  }
  return template;
}
