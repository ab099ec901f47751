/**
 * Built front-end files (the widget, the console) held in memory: each is read once with its
 * `.br`/`.gz` copies (written at build time) and a content ETag, then answered without touching the
 * disk. A hashed file never changes under its name; a file with a fixed name (the launcher) is
 * re-read only when its size or mtime changes, so a rebuild is picked up without a restart.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'hono';

/** A year, for files whose name carries their content hash. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Files with a fixed name: cached briefly, then revalidated with the ETag. */
export const SHORT_LIVED = 'public, max-age=300';

interface BuiltFile {
  body: Uint8Array<ArrayBuffer>;
  br: Uint8Array<ArrayBuffer> | undefined;
  gzip: Uint8Array<ArrayBuffer> | undefined;
  etag: string;
  /** `size:mtime` of the file when read; compared only for files that are not hashed. */
  version: string;
}

function versionOf(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}

const read = (path: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(path));
const readIfThere = (path: string): Uint8Array<ArrayBuffer> | undefined => (existsSync(path) ? read(path) : undefined);

/** The files of one folder, read on first request. */
export class BuiltFiles {
  readonly #cache = new Map<string, BuiltFile>();

  constructor(readonly dir: string) {}

  /** The file `name` (already checked against the caller's pattern), or `undefined` when it is not built. */
  get(name: string, hashed: boolean): BuiltFile | undefined {
    const path = join(this.dir, name);
    const cached = this.#cache.get(name);
    if (cached && hashed) return cached;
    const version = versionOf(path);
    if (!version) return undefined;
    if (cached?.version === version) return cached;
    const body = read(path);
    const file: BuiltFile = {
      body,
      br: readIfThere(`${path}.br`),
      gzip: readIfThere(`${path}.gz`),
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      version,
    };
    this.#cache.set(name, file);
    return file;
  }
}

/** Which of `br`, `gzip` the client accepts (q > 0), brotli first. */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && (!q || Number(q.slice(2)) > 0)) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return undefined;
}

/** Does `If-None-Match` name this ETag (or `*`)? */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || t === etag;
  });
}

/**
 * Answers with `file`: 304 when `If-None-Match` holds its ETag, else the brotli or gzip copy the
 * client accepts (when built), else the plain bytes. Always `Vary: Accept-Encoding`.
 */
export function sendBuiltFile(
  c: Context,
  file: BuiltFile,
  headers: { 'content-type': string; 'cache-control': string } & Record<string, string>,
): Response {
  const common = { ...headers, etag: file.etag, vary: 'Accept-Encoding' };
  if (matches(c.req.header('if-none-match'), file.etag)) return c.body(null, 304, common);
  const wanted = chooseEncoding(c.req.header('accept-encoding'));
  const encoded = wanted === 'br' ? file.br : wanted === 'gzip' ? file.gzip : undefined;
  if (encoded && wanted) return c.body(encoded, 200, { ...common, 'content-encoding': wanted });
  return c.body(file.body, 200, common);
}
