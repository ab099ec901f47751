import { describe, expect, it } from 'vitest';
import type { WebmcpSettings } from '../protocol/index.js';
import { compilePolicy, compileRules, intersectPolicies, needsGlobCompiler, withToolPatterns } from './index.js';
import { POLICY_CASES, type PolicyCase } from './cases.js';
import { compileOrigin, parseOrigin } from './origin.js';

function title(c: PolicyCase): string {
  const tool = c.tool.length > 40 ? `${c.tool.slice(0, 20)}…(${c.tool.length})` : c.tool;
  return `${c.admitted ? 'admits' : 'refuses'} ${JSON.stringify(tool)} on ${JSON.stringify(c.origin)} (${c.reason}) with ${JSON.stringify(c.settings)?.slice(0, 160)}`;
}

describe('compilePolicy: the shared case table', () => {
  it('has cases for every reason and both answers', () => {
    const reasons = new Set(POLICY_CASES.map((c) => c.reason));
    for (const r of [
      'webmcp_disabled',
      'no_allowlist',
      'allowlist_empty',
      'origin_invalid',
      'origin_not_listed',
      'tool_not_listed',
      'rule_matched',
    ]) {
      expect(reasons.has(r as PolicyCase['reason']), r).toBe(true);
    }
  });

  for (const c of POLICY_CASES) {
    it(title(c), () => {
      const decision = compilePolicy(c.settings).check(c.origin, c.tool);
      expect({ admitted: decision.admitted, reason: decision.reason }).toEqual({
        admitted: c.admitted,
        reason: c.reason,
      });
    });
  }
});

describe('server-compiled patterns (what the browser gets in init): the same answers without a glob compiler', () => {
  for (const c of POLICY_CASES) {
    if (!c.settings) continue;
    it(title(c), () => {
      const sent = withToolPatterns(c.settings!);
      expect(needsGlobCompiler(sent)).toBe(false);
      const decision = compileRules(sent).check(c.origin, c.tool);
      expect({ admitted: decision.admitted, reason: decision.reason }).toEqual({
        admitted: c.admitted,
        reason: c.reason,
      });
    });
  }

  it('fails closed for rules it cannot read: no pattern and no glob compiler, or a broken pattern', () => {
    expect(
      compileRules({ enabled: true, allowlist: [{ origin: '*', tools: ['*'] }] }).check('https://a.test', 'x').admitted,
    ).toBe(false);
    expect(
      compileRules({ enabled: true, allowlist: [{ origin: '*', tools: ['*'], toolsPattern: '(' }] }).check(
        'https://a.test',
        'x',
      ).admitted,
    ).toBe(false);
  });
});

describe('compilePolicy', () => {
  it('says which rule admitted the tool: the first that matches', () => {
    const policy = compilePolicy({
      enabled: true,
      allowlist: [
        { origin: 'https://b.test', tools: ['*'] },
        { origin: '*', tools: ['get_*'] },
        { origin: 'https://a.test', tools: ['*'] },
      ],
    });
    expect(policy.check('https://a.test', 'get_cart')).toEqual({ admitted: true, reason: 'rule_matched', rule: 1 });
    expect(policy.check('https://a.test', 'checkout')).toEqual({ admitted: true, reason: 'rule_matched', rule: 2 });
    expect(policy.check('https://b.test', 'checkout')).toEqual({ admitted: true, reason: 'rule_matched', rule: 0 });
  });

  it('never throws while compiling or checking, whatever the rules and inputs', () => {
    const settings: WebmcpSettings = {
      enabled: true,
      allowlist: [
        { origin: '', tools: [''] },
        { origin: '::::', tools: ['{', '[', '\\', '{a,', '}{', '{..}', '{9..1}'] },
        { origin: 'https://ok.test', tools: ['fine'] },
      ],
    };
    const policy = compilePolicy(settings);
    for (const origin of ['', 'null', 'https://ok.test', '\u0000', 'x'.repeat(100_000)]) {
      for (const name of ['', 'fine', '{', 'a/b', 'x'.repeat(100_000)])
        expect(() => policy.check(origin, name)).not.toThrow();
    }
    expect(policy.check('https://ok.test', 'fine').admitted).toBe(true);
  });

  it('refuses names with a slash even under "*" (no valid tool name has one)', () => {
    expect(
      compilePolicy({ enabled: true, allowlist: [{ origin: '*', tools: ['*'] }] }).check('https://a.test', 'a/b')
        .admitted,
    ).toBe(false);
  });
});

describe('intersectPolicies: page rules can only narrow the surface', () => {
  const pageRules: Array<WebmcpSettings | undefined> = [
    undefined,
    { enabled: true },
    { enabled: false },
    { enabled: true, allowlist: [] },
    { enabled: true, allowlist: [{ origin: '*', tools: ['*'] }] },
    { enabled: true, allowlist: [{ origin: '*', tools: ['get_*', 'read_page'] }] },
    { enabled: true, allowlist: [{ origin: 'https://store.example.com', tools: ['search_*'] }] },
  ];

  it('never admits what the surface refuses, and admits only what both admit', () => {
    for (const c of POLICY_CASES) {
      const surface = compilePolicy(c.settings);
      for (const page of pageRules) {
        const inner = page ? compilePolicy(page) : undefined;
        const both = intersectPolicies(surface, inner).check(c.origin, c.tool);
        const expected = c.admitted && (inner ? inner.check(c.origin, c.tool).admitted : true);
        expect(both.admitted, `${title(c)} ∩ ${JSON.stringify(page)}`).toBe(expected);
        if (!c.admitted) expect(both.reason).toBe(c.reason);
      }
    }
  });

  it('reports the page rule that refused a tool the surface admits', () => {
    const surface = compilePolicy({ enabled: true, allowlist: [{ origin: '*', tools: ['*'] }] });
    const page = compilePolicy({ enabled: true, allowlist: [{ origin: '*', tools: ['get_*'] }] });
    const both = intersectPolicies(surface, page);
    expect(both.check('https://a.test', 'checkout')).toEqual({ admitted: false, reason: 'tool_not_listed' });
    expect(both.check('https://a.test', 'get_cart')).toMatchObject({ admitted: true, reason: 'rule_matched' });
  });

  it('cannot widen: a page that admits everything leaves the surface decision unchanged', () => {
    const surface = compilePolicy({
      enabled: true,
      allowlist: [{ origin: 'https://store.example.com', tools: ['search_*'] }],
    });
    const page = compilePolicy({ enabled: true });
    const both = intersectPolicies(surface, page);
    expect(both.check('https://store.example.com', 'checkout')).toEqual({ admitted: false, reason: 'tool_not_listed' });
    expect(both.check('https://other.test', 'search_x')).toEqual({ admitted: false, reason: 'origin_not_listed' });
    expect(both.check('https://store.example.com', 'search_x').admitted).toBe(true);
  });

  it('returns the surface policy itself when the page has no rules', () => {
    const surface = compilePolicy({ enabled: true });
    expect(intersectPolicies(surface, undefined)).toBe(surface);
  });
});

describe('origins', () => {
  it('normalizes scheme and host case and default ports', () => {
    expect(parseOrigin('HTTPS://Shop.Test:443')).toEqual({ scheme: 'https:', host: 'shop.test', port: '' });
    expect(parseOrigin('http://shop.test:80')).toEqual({ scheme: 'http:', host: 'shop.test', port: '' });
    expect(parseOrigin('http://shop.test:443')).toEqual({ scheme: 'http:', host: 'shop.test', port: '443' });
    expect(parseOrigin('http://shop.test:08080')).toEqual({ scheme: 'http:', host: 'shop.test', port: '8080' });
    expect(parseOrigin('http://[::1]:3000')).toEqual({ scheme: 'http:', host: '[::1]', port: '3000' });
  });

  it('refuses to compile patterns that can never be valid', () => {
    for (const pattern of [
      '',
      'shop.test',
      'https://*',
      'https://a.*.com',
      '*.example.com',
      'https://**.example.com',
      'https://*.example.com/x',
      'null',
    ]) {
      expect(() => compileOrigin(pattern), pattern).toThrow(TypeError);
    }
  });
});
