/**
 * Hostile allowlist rules and inputs must compile and match in bounded time. The bound (200 ms per
 * compile-and-check) is a hang guard, not a benchmark: patterns that could make picomatch's regular
 * expressions backtrack are refused (see glob.ts), the rest match quickly.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy } from './allowlist.js';
import { compileGlob } from './glob.js';
import { parseOrigin } from './origin.js';

const HANG_GUARD_MS = 200;

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

const HOSTILE_GLOBS: Record<string, string> = {
  'many stars between letters': '*a'.repeat(128),
  'letters between stars': 'a*'.repeat(128),
  'stars and question marks': '?*'.repeat(128),
  'star run': '*'.repeat(1024),
  'long literal': 'a'.repeat(1024),
  'over-long': 'a*'.repeat(5000),
  'ambiguous nested braces': '{a,{a,{a,{a,{a,a}}}}}'.repeat(12),
  'doubling braces': '{a,b}'.repeat(40),
  'wide brace': `{${Array.from({ length: 600 }, (_, i) => `t${i}`).join(',')}}`,
  'deeply nested braces': '{a,'.repeat(200) + 'b' + '}'.repeat(200),
  'nested extglobs': '+(a|+(b|c))'.repeat(20),
  'deep extglobs': '+('.repeat(50) + 'a' + ')'.repeat(50),
  'star extglobs': '*(*(a))'.repeat(30),
  'globstar chain': '**/'.repeat(80) + 'x',
  'globstar run': '**'.repeat(128),
  'globstar dots': '**.'.repeat(80),
  'regex-like groups': '(a|a)'.repeat(40),
  'classes and stars': '[a-z]*'.repeat(40),
  'huge range': '{1..1000000}',
  'range product': '{1..100}{1..100}',
  'unclosed braces': '{'.repeat(500),
  'unclosed classes': '['.repeat(500),
  backslashes: '\\'.repeat(1001),
};

const NAMES: Record<string, string> = {
  'almost matching': 'a'.repeat(127) + 'b',
  'all a': 'a'.repeat(128),
  mixed: 'abc'.repeat(42) + 'd',
  dots: '.'.repeat(128),
  huge: 'a'.repeat(100_000),
};

describe('hostile tool globs', () => {
  for (const [label, glob] of Object.entries(HOSTILE_GLOBS)) {
    it(`${label} (${glob.length} chars) compiles and matches in bounded time`, () => {
      const compiled = timed(() =>
        compilePolicy({ enabled: true, allowlist: [{ origin: '*', tools: [glob, 'safe_*'] }] }),
      );
      expect(compiled.ms).toBeLessThan(HANG_GUARD_MS);
      for (const [nameLabel, name] of Object.entries(NAMES)) {
        const run = timed(() => compiled.value.check('https://a.test', name));
        expect(run.ms, `${label} × ${nameLabel}`).toBeLessThan(HANG_GUARD_MS);
      }
      // The hostile glob never breaks its neighbours.
      expect(compiled.value.check('https://a.test', 'safe_tool').admitted).toBe(true);
    });
  }

  it('answers correctly for the most wildcards a glob may have', () => {
    const match = compileGlob('*a*a*a');
    expect(match('aaa')).toBe(true);
    expect(match('aa')).toBe(false);
    expect(match('xaxaxa')).toBe(true);
    expect(match('a'.repeat(127) + 'b')).toBe(false);
  });

  it('refuses globs that could make matching backtrack rather than matching them', () => {
    for (const glob of [
      '*a*a*a*a',
      '{a,b}'.repeat(40),
      '{1..1000000}',
      '{1..100}{1..100}',
      'a*'.repeat(5000),
      '',
      '{a,b',
      '+(a|b)',
    ]) {
      expect(() => compileGlob(glob), glob.slice(0, 30)).toThrow(TypeError);
    }
    expect(compileGlob(`{${Array.from({ length: 60 }, (_, i) => `t${i}`).join(',')}}`)('t59')).toBe(true);
  });

  it('checks 500 rules of hostile globs against a name within the bound', () => {
    const globs = Object.values(HOSTILE_GLOBS);
    const allowlist = Array.from({ length: 500 }, (_, i) => ({ origin: '*', tools: [globs[i % globs.length]!] }));
    const policy = timed(() => compilePolicy({ enabled: true, allowlist }));
    const run = timed(() => policy.value.check('https://a.test', 'a'.repeat(127) + 'b'));
    expect(policy.ms + run.ms).toBeLessThan(HANG_GUARD_MS * 5);
  });
});

describe('hostile origins', () => {
  const ORIGINS = [
    'https://' + 'a.'.repeat(50_000) + 'com',
    'https://' + 'a.'.repeat(50_000) + '!',
    'https://' + 'a'.repeat(100_000) + ':',
    'https://' + '-'.repeat(100_000) + '/x',
    'https://[' + ':'.repeat(100_000),
    ' '.repeat(100_000) + 'https://a.test',
    'a'.repeat(100_000) + '://b',
  ];

  it('parses and matches very long origins in bounded time', () => {
    const policy = compilePolicy({
      enabled: true,
      allowlist: [
        { origin: 'https://*.example.com', tools: ['*'] },
        { origin: 'https://' + 'a.'.repeat(200) + 'com', tools: ['*'] },
      ],
    });
    for (const origin of ORIGINS) {
      const run = timed(() => [parseOrigin(origin), policy.check(origin, 'x')]);
      expect(run.ms, origin.slice(0, 20)).toBeLessThan(HANG_GUARD_MS);
    }
  });

  it('compiles very long origin patterns in bounded time, without throwing out of compilePolicy', () => {
    const run = timed(() =>
      compilePolicy({ enabled: true, allowlist: ORIGINS.map((origin) => ({ origin, tools: ['*'] })) }),
    );
    expect(run.ms).toBeLessThan(HANG_GUARD_MS);
    expect(run.value.check('https://b.test', 'x').reason).toBe('origin_not_listed');
    // Surrounding whitespace is trimmed, so that one pattern is simply https://a.test.
    expect(run.value.check('https://a.test', 'x').reason).toBe('rule_matched');
  });
});
