import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { rawConfig } from '../test-helpers.js';
import { ConfigError, loadConfig, parseConfig, readSecret } from './load.js';

const DEMO = fileURLToPath(new URL('./demo.json', import.meta.url));

/** The `path: message` lines a bad config is refused with. */
function issuesOf(value: unknown): string[] {
  try {
    parseConfig(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.flatMap((i) => i.split('\n').map((l) => l.trim()));
  }
  throw new Error('the config was accepted');
}

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'webmcp-chat-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the demo config with its defaults filled in', () => {
    const config = loadConfig(DEMO);
    expect(config.adminKey).toEqual({ env: 'WEBMCP_CHAT_ADMIN_KEY' }); // npm start sets it (a local default when unset)
    expect(config.store).toEqual({ kind: 'sqlite', path: './data/webmcp-chat.db' });
    expect(config.agents.shop).toMatchObject({ model: 'offline', maxSteps: 8 });
    expect(config.surfaces.storefront!.clientTokens[0]!.token).toBe('ct_test_demo');
    expect(config.surfaces.storefront!.behavior?.webmcp).toEqual({
      enabled: true,
      allowlist: [{ origin: '*', tools: ['*'] }],
    });
    expect(config.sessions.ttlMinutes).toBe(1440);
    expect(config.runs.pausedTtlMinutes).toBe(30);
  });

  it('names the file in its errors for an unreadable file or bad JSON', () => {
    expect(() => loadConfig(join(dir, 'missing.json'))).toThrow(/missing\.json[\s\S]*cannot read the file/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "agents": ');
    expect(() => loadConfig(bad)).toThrow(/bad\.json[\s\S]*not valid JSON/);
  });

  it('refuses a file whose content is invalid, with the path of the key', () => {
    const file = join(dir, 'typo.json');
    writeFileSync(file, JSON.stringify(rawConfig((c) => (c.agents.shop.maxStep = 3))));
    expect(() => loadConfig(file)).toThrow(/typo\.json[\s\S]*agents\.shop\.maxStep: unknown key/);
  });
});

describe('parseConfig', () => {
  it('accepts the test config', () => {
    expect(parseConfig(rawConfig()).surfaces.storefront!.agent).toBe('shop');
  });

  it('takes the SQLite page cache in MB within 1–4096', () => {
    expect(
      parseConfig(rawConfig((c) => (c.store = { kind: 'sqlite', path: 'x.db', cacheMb: 256 }))).store,
    ).toMatchObject({ cacheMb: 256 });
    for (const bad of [0, 4097, 1.5]) {
      expect(issuesOf(rawConfig((c) => (c.store = { kind: 'sqlite', path: 'x.db', cacheMb: bad }))).join('\n')).toMatch(
        /^store\.cacheMb: /m,
      );
    }
  });

  it('refuses unknown keys at any depth, naming their path', () => {
    expect(issuesOf(rawConfig((c) => (c.surfaces.storefront.behavior.webmcp.enabeld = true)))).toContain(
      'surfaces.storefront.behavior.webmcp.enabeld: unknown key',
    );
    expect(issuesOf(rawConfig((c) => (c.extra = 1)))).toContain('extra: unknown key');
    expect(issuesOf(rawConfig((c) => (c.surfaces.storefront.clientTokens[0].origins = ['*'])))).toContain(
      'surfaces.storefront.clientTokens.0.origins: unknown key',
    );
    // a typo inside an allowlist rule must not be dropped silently
    expect(
      issuesOf(
        rawConfig(
          (c) =>
            (c.surfaces.storefront.behavior.webmcp.allowlist = [{ origin: '*', tools: ['*'], tool: ['checkout'] }]),
        ),
      ),
    ).toContain('surfaces.storefront.behavior.webmcp.allowlist.0.tool: unknown key');
  });

  it('refuses a surface naming a missing agent', () => {
    expect(issuesOf(rawConfig((c) => (c.surfaces.storefront.agent = 'nobody')))).toContain(
      'surfaces.storefront.agent: no agent named "nobody"',
    );
  });

  it('refuses a badly formed client token', () => {
    for (const token of ['demo', 'ct_prod_abcd', 'ct_test_', 'ct_test_a b c', 'ct_live_abc']) {
      const issues = issuesOf(rawConfig((c) => (c.surfaces.storefront.clientTokens[0].token = token)));
      expect(issues.join('\n')).toMatch(/^surfaces\.storefront\.clientTokens\.0\.token: .*client token/m);
    }
    expect(() =>
      parseConfig(rawConfig((c) => (c.surfaces.storefront.clientTokens[0].token = 'ct_live_abcd'))),
    ).not.toThrow();
  });

  it('refuses bad origin patterns in allowedOrigins and in allowlist rules', () => {
    for (const origin of ['localhost:5173', 'http://*', 'https://shop.*.com', 'http://a.test/path', 'null', '']) {
      const issues = issuesOf(rawConfig((c) => (c.surfaces.storefront.clientTokens[0].allowedOrigins = [origin])));
      expect(issues.join('\n')).toMatch(/^surfaces\.storefront\.clientTokens\.0\.allowedOrigins\.0: /m);
    }
    const rule = issuesOf(
      rawConfig((c) => (c.surfaces.storefront.behavior.webmcp.allowlist = [{ origin: 'shop.test', tools: ['*'] }])),
    );
    expect(rule.join('\n')).toMatch(/^surfaces\.storefront\.behavior\.webmcp\.allowlist\.0\.origin: /m);
    for (const origin of ['*', 'https://*.example.com', 'http://localhost:5173', 'https://shop.example.com:8443']) {
      expect(() =>
        parseConfig(rawConfig((c) => (c.surfaces.storefront.clientTokens[0].allowedOrigins = [origin]))),
      ).not.toThrow();
    }
  });

  it('refuses a token used by two surfaces', () => {
    const issues = issuesOf(
      rawConfig((c) => {
        c.surfaces.second = {
          agent: 'shop',
          clientTokens: [{ token: 'ct_test_demo', allowedOrigins: ['http://x.test'] }],
        };
      }),
    );
    expect(issues).toContain('surfaces.second.clientTokens.0.token: token already used by surface "storefront"');
  });

  it('refuses secrets written as literals and bad values with their path', () => {
    expect(issuesOf(rawConfig((c) => (c.adminKey = 'hunter2'))).join('\n')).toMatch(/^adminKey: /m);
    expect(issuesOf(rawConfig((c) => (c.adminKey = { env: 'not a name' }))).join('\n')).toMatch(/^adminKey\.env: /m);
    expect(issuesOf(rawConfig((c) => (c.agents.shop.maxSteps = 0))).join('\n')).toMatch(/^agents\.shop\.maxSteps: /m);
    expect(issuesOf(rawConfig((c) => (c.store = { kind: 'redis' }))).join('\n')).toMatch(/^store\.kind: /m);
    expect(issuesOf(rawConfig((c) => (c.runs = { pausedTtlMinutes: 0 }))).join('\n')).toMatch(
      /^runs\.pausedTtlMinutes: /m,
    );
  });
});

describe('limits', () => {
  it('defaults to 600 requests a minute per client token, 30 per session, 60 per address, metered replays', () => {
    expect(parseConfig(rawConfig()).limits).toEqual({
      perToken: { requests: 600, windowSeconds: 60 },
      perSession: { requests: 30, windowSeconds: 60 },
      perAddress: { requests: 60, windowSeconds: 60 },
      replay: {
        perSession: { requests: 20, windowSeconds: 60 },
        bytesPerSession: { bytes: 4_194_304, windowSeconds: 600 },
      },
      trustedProxies: [],
    });
  });

  it('fills in the limit that is not given', () => {
    const config = parseConfig(rawConfig((c) => (c.limits = { perSession: { requests: 5, windowSeconds: 10 } })));
    expect(config.limits).toMatchObject({
      perToken: { requests: 600, windowSeconds: 60 },
      perSession: { requests: 5, windowSeconds: 10 },
      perAddress: { requests: 60, windowSeconds: 60 },
    });
    expect(
      issuesOf(rawConfig((c) => (c.limits = { trustedProxies: ['10.0.0.0/8', 'proxy.internal'] }))).join('\n'),
    ).toMatch(/^limits\.trustedProxies\.1: an IP address or a CIDR range/m);
  });

  it('refuses bad limits with their path', () => {
    expect(
      issuesOf(rawConfig((c) => (c.limits = { perToken: { requests: 0, windowSeconds: 60 } }))).join('\n'),
    ).toMatch(/^limits\.perToken\.requests: /m);
    expect(
      issuesOf(rawConfig((c) => (c.limits = { perSession: { requests: 10, windowSeconds: 1.5 } }))).join('\n'),
    ).toMatch(/^limits\.perSession\.windowSeconds: /m);
    expect(issuesOf(rawConfig((c) => (c.limits = { perSession: { requests: 10 } }))).join('\n')).toMatch(
      /^limits\.perSession\.windowSeconds: /m,
    );
    expect(
      issuesOf(rawConfig((c) => (c.limits = { perToken: { requests: 10, windowSeconds: 60, burst: 5 } }))),
    ).toContain('limits.perToken.burst: unknown key');
    expect(issuesOf(rawConfig((c) => (c.limits = { perIp: { requests: 10, windowSeconds: 60 } })))).toContain(
      'limits.perIp: unknown key',
    );
  });
});

describe('readSecret', () => {
  it('reads {env} references from the environment', () => {
    const env = { WEBMCP_CHAT_ADMIN_KEY: 's3cret', EMPTY: '' };
    expect(readSecret({ env: 'WEBMCP_CHAT_ADMIN_KEY' }, env)).toBe('s3cret');
    expect(readSecret({ env: 'EMPTY' }, env)).toBeUndefined();
    expect(readSecret({ env: 'UNSET' }, env)).toBeUndefined();
    expect(readSecret(undefined, env)).toBeUndefined();
  });

  it('defaults to process.env', () => {
    const name = 'WEBMCP_CHAT_TEST_SECRET_READ';
    process.env[name] = 'from-process';
    try {
      expect(readSecret({ env: name })).toBe('from-process');
    } finally {
      delete process.env[name];
    }
  });
});

describe('tool globs in allowlist rules', () => {
  it('refuses a glob that could make matching backtrack, with its path and the reason', () => {
    const issues = issuesOf(
      rawConfig((c) => {
        c.surfaces.storefront.behavior.webmcp.allowlist = [{ origin: '*', tools: ['search_*', '*a*a*a*a'] }];
      }),
    );
    expect(issues).toEqual([
      'surfaces.storefront.behavior.webmcp.allowlist.0.tools.1: the tool glob has more than 3 * wildcards',
    ]);
  });
});
