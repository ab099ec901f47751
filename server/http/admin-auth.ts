/**
 * `Authorization: Bearer <adminKey>` for the admin API and console. Without a configured key the
 * admin API does not exist (404, like any unknown route); a missing or wrong key is 401
 * `admin_key_invalid`. Keys are compared as SHA-256 digests in constant time, so neither the
 * content nor the length of the key leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';
import { ERROR_CODES } from '../../bridge/protocol/index.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** True when `given` equals `expected`, in time that depends on neither. */
export function sameKey(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** Guards the admin routes with `adminKey`; `undefined` turns them off. */
export function adminAuth(adminKey: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!adminKey) throw new ApiError(404, ERROR_CODES.notFound, `No route for ${c.req.method} ${c.req.path}.`);
    const match = BEARER.exec(c.req.header('authorization') ?? '');
    // Compare even when the header is malformed, so a bad header takes as long as a wrong key.
    const ok = sameKey(match?.[1] ?? '', adminKey) && !!match;
    if (!ok) {
      throw new ApiError(401, ERROR_CODES.adminKeyInvalid, 'Send the admin key as `Authorization: Bearer <key>`.', {
        'www-authenticate': 'Bearer realm="webmcp-chat admin"',
      });
    }
    await next();
  };
}
