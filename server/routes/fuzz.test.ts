/**
 * Malformed requests at every route: random JSON, wrong types, huge strings, deep nesting, lone
 * surrogates, invalid UTF-8, random headers, origins and keys. Every answer must be a 4xx with a
 * JSON `{error}` code, or a 2xx for a request that happens to be valid; never a 5xx.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { ORIGIN, SEARCH_PRODUCTS, TOKEN, init, makeApp, ofType, readFrames, say } from '../test-helpers.js';
import { ADMIN_KEY, withAdmin } from '../test-support/admin.js';

const RUNS = 300;

const char = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCharCode(c));
/** What a header value may hold (Latin-1 without controls); the fetch API refuses the rest before us. */
const headerText = fc.string({ unit: fc.oneof(char(0x20, 0x7e), char(0xa0, 0xff)), maxLength: 200 });
const loneSurrogates = fc.string({ unit: char(0xd800, 0xdfff), minLength: 1, maxLength: 20 });
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 300 }),
  loneSurrogates,
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'x'.repeat(20_000),
    'é'.repeat(300_000),
    'ct_test_demo',
    'cs_',
    'exec_',
    '__proto__',
    'constructor',
  ),
);

/** A value nested `depth` levels, built without recursion. */
function nested(depth: number, array: boolean): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = array ? [value] : { a: value };
  return value;
}
const deepValue = fc.tuple(fc.integer({ min: 20, max: 3000 }), fc.boolean()).map(([d, a]) => nested(d, a));

/** Sometimes the valid value, otherwise something of the wrong type, size or shape. */
const anyValue = (valid: unknown): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(valid) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 2, arbitrary: hostileString },
    { weight: 1, arbitrary: deepValue },
    { weight: 1, arbitrary: fc.constantFrom(null, true, -1, 0, 1.5, 1e308, Number.MAX_SAFE_INTEGER + 2, [], {}) },
  );

/** A JSON object with the route's fields, each valid or not, any of them missing, maybe extra keys. */
const fieldsBody = (valid: Record<string, unknown>) =>
  fc
    .tuple(
      fc.record(Object.fromEntries(Object.entries(valid).map(([k, v]) => [k, anyValue(v)])), { requiredKeys: [] }),
      fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    )
    .map(([fields, extra]) => JSON.stringify({ ...extra, ...fields }));

const rawBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  hostileString,
  fc.uint8Array({ maxLength: 300 }), // mostly invalid UTF-8
  fc.integer({ min: 1, max: 200_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 1, max: 50_000 }).map((n) => '{"sessionId":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.constantFrom('{', '{"token":', 'null', '[]', '""', '{"token":"\\ud800"}', '\uFEFF{}'),
);

/** The valid body with one field fuzzed or left out: near-valid requests reach the deepest checks. */
const oneFieldBody = (valid: Record<string, unknown>) =>
  fc
    .tuple(fc.constantFrom(...Object.keys(valid)), fc.option(fc.constant(null), { nil: undefined }))
    .chain(([field, drop]) =>
      anyValue(valid[field]).map((value) =>
        JSON.stringify(drop === undefined ? { ...valid, [field]: value } : { ...valid, [field]: undefined }),
      ),
    );

/** The valid body with one field nested far deeper than any stack-bound code could walk (written as text). */
const deepFieldBody = (valid: Record<string, unknown>) =>
  fc
    .tuple(
      fc.constantFrom(...Object.keys(valid)),
      fc.integer({ min: 1000, max: 100_000 }),
      fc.constantFrom(['[', ']'], ['{"a":', '}']),
    )
    .map(([field, depth, [open, close]]) =>
      JSON.stringify({ ...valid, [field]: '__DEEP__' }).replace(
        '"__DEEP__"',
        open!.repeat(depth) + (open === '[' ? '' : '1') + close!.repeat(depth),
      ),
    );

const body = (valid: Record<string, unknown>) =>
  fc.oneof(
    { weight: 3, arbitrary: oneFieldBody(valid) },
    { weight: 2, arbitrary: fieldsBody(valid) },
    { weight: 1, arbitrary: rawBody },
    { weight: 2, arbitrary: deepFieldBody(valid) },
  );

/** Mostly absent, sometimes any of `values`. */
const sometimes = <T>(...values: Array<fc.Arbitrary<T>>) =>
  fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, ...values);

/** Mostly what a browser would send (so requests reach deep code), otherwise junk or nothing. */
const headers = fc
  .record({
    origin: fc.oneof(
      { weight: 8, arbitrary: fc.constant(ORIGIN) },
      fc.constant(undefined),
      fc.webUrl().map((u) => new URL(u).origin),
      headerText,
    ),
    'content-type': fc.oneof(
      { weight: 4, arbitrary: fc.constant('application/json') },
      fc.constant(undefined),
      headerText,
    ),
    authorization: fc.oneof(
      { weight: 6, arbitrary: fc.constant(`Bearer ${ADMIN_KEY}`) },
      fc.constant(undefined),
      headerText.map((t) => `Bearer ${t}`),
      headerText,
    ),
    'last-event-id': sometimes(headerText, fc.nat().map(String)),
    'content-length': sometimes(fc.nat().map(String)),
  })
  .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>);

/** Percent-encodes the UTF-8 bytes (lone surrogates become U+FFFD, as a browser would send them). */
const percent = (s: string) =>
  [...new TextEncoder().encode(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
/** A path segment or query value: valid ids, encoded junk, and malformed percent-encoding. */
const segment = fc.oneof(
  { weight: 4, arbitrary: fc.constant('fuzz') },
  hostileString.map(percent),
  headerText.filter((s) => !/[/?#%]/.test(s)),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', '%00', '..', '%2e%2e', '%2F'),
);

async function expectWellFormed(res: Response, label: string): Promise<void> {
  expect(res.status, label).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get('content-type'), label).toMatch(/^application\/json/);
    const json = (await res.json()) as { error?: unknown };
    expect(json.error, label).toMatch(/^[a-z_]+$/);
  } else if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
    await res.body?.cancel();
  } else {
    await res.json();
  }
}

interface Route {
  method: string;
  path: fc.Arbitrary<string>;
  body?: fc.Arbitrary<string | Uint8Array>;
}

describe('fuzzed requests never get a 5xx', () => {
  let app: Hono;
  const routes: Record<string, Route> = {};

  beforeAll(async () => {
    const made = makeApp({
      ...withAdmin(
        (c) =>
          (c.limits = {
            perToken: { requests: 1_000_000, windowSeconds: 1 },
            perSession: { requests: 1_000_000, windowSeconds: 1 },
          }),
      ),
      follow: { pollMs: 2, idleTimeoutMs: 20 },
    });
    app = made.app;
    const sessionId = await init(app);
    const frames = await readFrames(
      await say(app, sessionId, '/tool search_products {"query":"mug"}', { clientTools: [SEARCH_PRODUCTS] }),
    );
    const executionId = frames[0]!.data.executionId;
    const toolCallId = ofType(frames, 'await')[0]!.toolCallId;
    const surface = {
      agent: 'shop',
      welcomeMessage: 'Fuzz',
      clientTokens: [{ token: 'ct_test_fuzz', allowedOrigins: ['http://fuzz.test'] }],
      behavior: { webmcp: { enabled: true } },
    };
    const message = fc.record(
      { role: anyValue('user'), content: anyValue('/echo hi'), id: anyValue('m1') },
      { requiredKeys: [] },
    );
    Object.assign(routes, {
      init: {
        method: 'POST',
        path: fc.constant('/v1/client/init'),
        body: body({ token: TOKEN, sessionId, flowId: 'f', agentId: 'a' }),
      },
      chat: {
        method: 'POST',
        path: fc.constant('/v1/client/chat'),
        body: body({
          sessionId,
          messages: [{ role: 'user', content: '/echo hi' }],
          clientTools: [SEARCH_PRODUCTS],
          clientToolsFingerprint: 'fp',
          context: {},
        }),
      },
      'chat (fuzzed messages)': {
        method: 'POST',
        path: fc.constant('/v1/client/chat'),
        body: fc
          .tuple(fc.array(message, { maxLength: 3 }), fc.array(anyValue(SEARCH_PRODUCTS), { maxLength: 3 }))
          .map(([messages, clientTools]) => JSON.stringify({ sessionId, messages, clientTools })),
      },
      resume: {
        method: 'POST',
        path: fc.constant('/v1/client/resume'),
        body: body({
          sessionId,
          executionId,
          toolOutputs: { [toolCallId]: { result: 'x' } },
          streamResponse: true,
          clientTools: [SEARCH_PRODUCTS],
        }),
      },
      stream: {
        method: 'POST',
        path: fc.constant('/v1/client/stream'),
        body: body({ sessionId, executionId, after: 0 }),
      },
      health: { method: 'GET', path: fc.constant('/v1/health') },
      'admin list': {
        method: 'GET',
        path: fc.oneof(
          fc.constant('/v1/admin/surfaces'),
          segment.map((s) => `/v1/admin/surfaces/${s}`),
        ),
      },
      'admin put': { method: 'PUT', path: segment.map((s) => `/v1/admin/surfaces/${s}`), body: body(surface) },
      'admin delete': {
        method: 'DELETE',
        path: segment.filter((s) => s !== 'storefront').map((s) => `/v1/admin/surfaces/${s}`),
      },
      'admin tools': { method: 'GET', path: segment.map((s) => `/v1/admin/tools?surface=${s}`) },
      'admin origins': { method: 'GET', path: segment.map((s) => `/v1/admin/origins?surface=${s}`) },
      'unknown routes': { method: 'POST', path: segment.map((s) => `/v1/${s}`), body: rawBody },
    } satisfies Record<string, Route>);
  });

  // [route, whether some fuzzed requests must get through: proof the fuzz reaches past the checks]
  const names: Array<[string, boolean]> = [
    ['init', true],
    ['chat', true],
    ['chat (fuzzed messages)', false],
    ['resume', false],
    ['stream', true],
    ['health', true],
    ['admin list', true],
    ['admin put', true],
    ['admin delete', false],
    ['admin tools', true],
    ['admin origins', true],
    ['unknown routes', false],
  ];
  it.each(names)('%s', { timeout: 60_000 }, async (name, somePass) => {
    const route = routes[name]!;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(route.path, route.body ?? fc.constant(undefined), headers, async (path, payload, hdrs) => {
        const res = await app.request(path, {
          method: route.method,
          headers: hdrs,
          ...(payload === undefined ? {} : { body: payload as BodyInit }),
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        await expectWellFormed(res, `${route.method} ${path}`);
      }),
      { numRuns: RUNS },
    );
    if (somePass)
      expect(
        [...statuses.keys()].some((s) => s < 300),
        JSON.stringify([...statuses]),
      ).toBe(true);
  });
});
