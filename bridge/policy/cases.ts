/**
 * The one table of allowlist cases (architecture.md §3). The bridge's tests run every case through
 * `compilePolicy`; the server's tests import the same table and run it against the `Origin` header,
 * so both sides are held to the same answers. Test data only: nothing in the bridge imports it.
 *
 * @example
 * import { POLICY_CASES } from '../bridge/policy/cases.js';
 * for (const c of POLICY_CASES) expect(compilePolicy(c.settings).check(c.origin, c.tool).admitted).toBe(c.admitted);
 */
import type { OriginRule, WebmcpSettings } from '../protocol/index.js';
import type { PolicyReason } from './index.js';

export interface PolicyCase {
  settings: WebmcpSettings | undefined;
  /** The page origin (the server-observed `Origin` header on the server). */
  origin: string;
  /** Bare tool name. */
  tool: string;
  admitted: boolean;
  reason: PolicyReason;
}

const on = (...allowlist: OriginRule[]): WebmcpSettings => ({ enabled: true, allowlist });
const rule = (origin: string, ...tools: string[]): OriginRule => ({ origin, tools });

function admit(
  settings: WebmcpSettings | undefined,
  origin: string,
  tool: string,
  reason: PolicyReason = 'rule_matched',
): PolicyCase {
  return { settings, origin, tool, admitted: true, reason };
}
function refuse(settings: WebmcpSettings | undefined, origin: string, tool: string, reason: PolicyReason): PolicyCase {
  return { settings, origin, tool, admitted: false, reason };
}

/** architecture.md §3's example. */
const STORE = on(rule('https://store.example.com', 'search_*', 'get_cart'), rule('*', 'read_page'));
const EXACT = on(rule('https://shop.test', '*'));
const WILDCARD = on(rule('https://*.example.com', '*'));
const ANY = on(rule('*', '*'));
const GLOBS = on(
  rule(
    '*',
    'search_*',
    'get_cart',
    'cart.*',
    '?et_user',
    'item_[0-9]',
    'sku_[^0-9]',
    '{list,show}_orders',
    'v{1,2,3}_api',
    'admin\\*',
  ),
);
const ALL_ORIGINS_NO_TOOLS = on(rule('*'));
const HOSTILE = on(
  rule(
    '*',
    '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a',
    '{a,{a,{a,{a,{a,a}}}}}'.repeat(12),
    '+(x|+(x|+(x|x)))'.repeat(10),
    '{1..1000000}',
    '{unclosed,brace',
    'q'.repeat(5000),
    '',
    'ok_*',
  ),
);
const BAD_ORIGINS = on(
  rule('shop.test', '*'),
  rule('https://*', '*'),
  rule('https://a.*.com', '*'),
  rule('*.example.com', '*'),
  rule('https://*.example.com/path', '*'),
  rule('null', '*'),
  rule('https://good.test', 'good_*'),
);

const LONG_NAME = 'a'.repeat(127) + 'b';

export const POLICY_CASES: readonly PolicyCase[] = [
  // architecture.md §3's example: an exact origin with globs, plus `*` for one tool everywhere.
  admit(STORE, 'https://store.example.com', 'search_products'),
  admit(STORE, 'https://store.example.com', 'search_'),
  admit(STORE, 'https://store.example.com', 'get_cart'),
  admit(STORE, 'https://store.example.com', 'read_page'),
  admit(STORE, 'https://store.example.com:443', 'search_products'),
  admit(STORE, 'https://STORE.Example.COM', 'get_cart'),
  refuse(STORE, 'https://store.example.com', 'get_cart_items', 'tool_not_listed'),
  refuse(STORE, 'https://store.example.com', 'GET_CART', 'tool_not_listed'),
  refuse(STORE, 'https://store.example.com', 'search', 'tool_not_listed'),
  refuse(STORE, 'https://store.example.com', 'checkout', 'tool_not_listed'),
  admit(STORE, 'https://evil.example.org', 'read_page'),
  refuse(STORE, 'https://evil.example.org', 'search_products', 'tool_not_listed'),
  refuse(STORE, 'http://store.example.com', 'get_cart', 'tool_not_listed'),

  // Exact origins: scheme, host and port all count; default ports are normalized.
  admit(EXACT, 'https://shop.test', 'anything'),
  admit(EXACT, 'https://shop.test:443', 'anything'),
  admit(EXACT, 'https://shop.test:0443', 'anything'),
  refuse(EXACT, 'http://shop.test', 'anything', 'origin_not_listed'),
  refuse(EXACT, 'https://shop.test:8443', 'anything', 'origin_not_listed'),
  refuse(EXACT, 'https://sub.shop.test', 'anything', 'origin_not_listed'),
  refuse(EXACT, 'https://shop.test.evil.com', 'anything', 'origin_not_listed'),
  refuse(EXACT, 'https://evilshop.test', 'anything', 'origin_not_listed'),
  admit(on(rule('https://a.com:443', '*')), 'https://a.com', 'x'),
  admit(on(rule('http://a.com:80', '*')), 'http://a.com', 'x'),
  refuse(on(rule('https://a.com:80', '*')), 'https://a.com', 'x', 'origin_not_listed'),
  admit(on(rule('https://a.com:80', '*')), 'https://a.com:80', 'x'),
  admit(on(rule('http://localhost:5173', '*')), 'http://localhost:5173', 'x'),
  refuse(on(rule('http://localhost:5173', '*')), 'http://localhost', 'x', 'origin_not_listed'),
  refuse(on(rule('http://localhost:5173', '*')), 'http://localhost:5174', 'x', 'origin_not_listed'),
  admit(on(rule('http://[::1]:8080', '*')), 'http://[::1]:8080', 'x'),

  // Wildcard host label: sub-domains at any depth, never the apex; scheme and port exact.
  admit(WILDCARD, 'https://shop.example.com', 'x'),
  admit(WILDCARD, 'https://a.b.c.example.com', 'x'),
  admit(WILDCARD, 'https://SHOP.Example.Com:443', 'x'),
  refuse(WILDCARD, 'https://example.com', 'x', 'origin_not_listed'),
  refuse(WILDCARD, 'http://shop.example.com', 'x', 'origin_not_listed'),
  refuse(WILDCARD, 'https://shop.example.com:8443', 'x', 'origin_not_listed'),
  refuse(WILDCARD, 'https://shopexample.com', 'x', 'origin_not_listed'),
  refuse(WILDCARD, 'https://example.com.evil.test', 'x', 'origin_not_listed'),
  refuse(WILDCARD, 'https://shop.example.co', 'x', 'origin_not_listed'),
  admit(on(rule('http://*.local.test:8080', '*')), 'http://a.local.test:8080', 'x'),
  refuse(on(rule('http://*.local.test:8080', '*')), 'http://a.local.test', 'x', 'origin_not_listed'),

  // `*` as the origin: every valid origin, and nothing that is not one.
  admit(ANY, 'https://anywhere.test', 'x'),
  admit(ANY, 'http://localhost:3000', 'x'),
  admit(ANY, 'chrome-extension://abcdefghijklmnop', 'x'),
  refuse(ANY, 'null', 'x', 'origin_invalid'),
  refuse(ANY, '', 'x', 'origin_invalid'),
  refuse(ANY, '*', 'x', 'origin_invalid'),
  refuse(ANY, 'https://', 'x', 'origin_invalid'),
  refuse(ANY, 'shop.test', 'x', 'origin_invalid'),
  refuse(ANY, 'file:///etc/passwd', 'x', 'origin_invalid'),
  refuse(ANY, 'javascript:alert(1)', 'x', 'origin_invalid'),
  refuse(ANY, 'https://shop.test/path', 'x', 'origin_invalid'),
  refuse(ANY, 'https://shop.test?q=1', 'x', 'origin_invalid'),
  refuse(ANY, 'https://user@evil.test', 'x', 'origin_invalid'),
  refuse(ANY, 'https://sh op.test', 'x', 'origin_invalid'),
  refuse(ANY, 'https://*.test', 'x', 'origin_invalid'),
  refuse(ANY, 'https://.test', 'x', 'origin_invalid'),
  refuse(ANY, 'https://shop.test:99999', 'x', 'origin_invalid'),
  refuse(ANY, 'https://shop.test:', 'x', 'origin_invalid'),
  refuse(ANY, '<script>alert(1)</script>', 'x', 'origin_invalid'),

  // Tool globs (picomatch's answers with `dot: true`, `nonegate`), always on the bare name.
  admit(GLOBS, 'https://a.test', 'search_products'),
  admit(GLOBS, 'https://a.test', 'search_a.b'),
  refuse(GLOBS, 'https://a.test', 'research_products', 'tool_not_listed'),
  admit(GLOBS, 'https://a.test', 'get_cart'),
  refuse(GLOBS, 'https://a.test', 'get_carts', 'tool_not_listed'),
  refuse(GLOBS, 'https://a.test', 'webmcp:get_cart', 'tool_not_listed'),
  admit(GLOBS, 'https://a.test', 'cart.add'),
  admit(GLOBS, 'https://a.test', 'cart.'),
  refuse(GLOBS, 'https://a.test', 'cart_add', 'tool_not_listed'),
  admit(GLOBS, 'https://a.test', 'set_user'),
  refuse(GLOBS, 'https://a.test', 'et_user', 'tool_not_listed'),
  admit(GLOBS, 'https://a.test', 'item_7'),
  refuse(GLOBS, 'https://a.test', 'item_x', 'tool_not_listed'),
  refuse(GLOBS, 'https://a.test', 'item_10', 'tool_not_listed'),
  admit(GLOBS, 'https://a.test', 'sku_x'),
  refuse(GLOBS, 'https://a.test', 'sku_1', 'tool_not_listed'),
  admit(GLOBS, 'https://a.test', 'list_orders'),
  admit(GLOBS, 'https://a.test', 'show_orders'),
  refuse(GLOBS, 'https://a.test', 'delete_orders', 'tool_not_listed'),
  admit(GLOBS, 'https://a.test', 'v2_api'),
  refuse(GLOBS, 'https://a.test', 'v4_api', 'tool_not_listed'),
  admit(GLOBS, 'https://a.test', 'admin*'),
  refuse(GLOBS, 'https://a.test', 'admin_panel', 'tool_not_listed'),
  admit(ANY, 'https://a.test', 'a.b.c'),
  admit(ANY, 'https://a.test', '.hidden'),
  admit(ANY, 'https://a.test', 'with-dash_and.dot'),
  admit(on(rule('*', '**')), 'https://a.test', 'a.b'),
  refuse(on(rule('*', '!get_cart')), 'https://a.test', 'search', 'tool_not_listed'),
  admit(on(rule('*', '!get_cart')), 'https://a.test', '!get_cart'),
  refuse(on(rule('*', '+(a|b)')), 'https://a.test', 'ab', 'tool_not_listed'),
  refuse(on(rule('*', '.*')), 'https://a.test', 'xyz', 'tool_not_listed'),
  admit(on(rule('*', '.*')), 'https://a.test', '.xyz'),

  // Switched off, no list, empty list, rules without tools.
  refuse({ enabled: false, allowlist: [rule('*', '*')] }, 'https://a.test', 'x', 'webmcp_disabled'),
  refuse({ enabled: false }, 'https://a.test', 'x', 'webmcp_disabled'),
  refuse({ enabled: false }, 'null', 'x', 'webmcp_disabled'),
  refuse(undefined, 'https://a.test', 'x', 'webmcp_disabled'),
  admit({ enabled: true }, 'https://a.test', 'anything', 'no_allowlist'),
  admit({ enabled: true }, 'http://localhost:5173', 'a.b', 'no_allowlist'),
  refuse({ enabled: true }, 'null', 'x', 'origin_invalid'),
  refuse(on(), 'https://a.test', 'x', 'allowlist_empty'),
  refuse(ALL_ORIGINS_NO_TOOLS, 'https://a.test', 'x', 'tool_not_listed'),
  admit(on(rule('*'), rule('https://a.test', 'x')), 'https://a.test', 'x'),
  refuse(on(rule('https://b.test', '*'), rule('https://a.test', 'y')), 'https://a.test', 'x', 'tool_not_listed'),

  // Invalid origin patterns never match, and never stop the valid rules beside them.
  refuse(BAD_ORIGINS, 'https://shop.test', 'x', 'origin_not_listed'),
  refuse(BAD_ORIGINS, 'https://a.example.com', 'x', 'origin_not_listed'),
  refuse(BAD_ORIGINS, 'https://a.b.com', 'x', 'origin_not_listed'),
  refuse(BAD_ORIGINS, 'null', 'x', 'origin_invalid'),
  admit(BAD_ORIGINS, 'https://good.test', 'good_tool'),
  refuse(BAD_ORIGINS, 'https://good.test', 'bad_tool', 'tool_not_listed'),

  // Hostile globs: bounded work, and a glob that cannot be compiled never matches.
  refuse(HOSTILE, 'https://a.test', LONG_NAME, 'tool_not_listed'),
  refuse(HOSTILE, 'https://a.test', 'a'.repeat(40), 'tool_not_listed'), // its many-star glob is refused, not matched
  refuse(HOSTILE, 'https://a.test', 'a'.repeat(12), 'tool_not_listed'),
  refuse(HOSTILE, 'https://a.test', 'xxxx', 'tool_not_listed'),
  refuse(HOSTILE, 'https://a.test', '5', 'tool_not_listed'),
  refuse(HOSTILE, 'https://a.test', 'unclosed', 'tool_not_listed'),
  refuse(HOSTILE, 'https://a.test', 'q'.repeat(5000), 'tool_not_listed'),
  admit(HOSTILE, 'https://a.test', 'ok_tool'),
];
