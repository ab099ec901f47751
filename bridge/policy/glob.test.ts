import picomatch from 'picomatch/posix.js';
import { describe, expect, it } from 'vitest';
import { GLOB_LIMITS, compileGlob, globProblem } from './glob.js';

// Globs allowlists are written with: within the limits, the answers are picomatch's own.
const GLOBS = [
  '*',
  '**',
  'search_*',
  '*_cart',
  'get_*_by_id',
  'get_cart',
  '?et_user',
  'item_[0-9]',
  'item_[0-9][0-9]',
  '[a-c]*',
  '[^a]*',
  '{list,show}_orders',
  '{a,{b,c}}_x',
  'a{,b}',
  '{a}',
  'cart.*',
  '*.*',
  '.*',
  'a\\*',
  'a\\?b',
  '*-*',
  'a?c*',
  '{a,b}{c,d}',
  'A*',
];
const NAMES = [
  'search',
  'search_',
  'search_items',
  'research_items',
  'get_cart',
  'get_carts',
  'GET_CART',
  'add_cart',
  '_cart',
  'get_user_by_id',
  'get__by_id',
  'set_user',
  'et_user',
  'item_7',
  'item_77',
  'item_x',
  'abc',
  'list_orders',
  'show_orders',
  'a_x',
  'b_x',
  'c_x',
  'd_x',
  'a',
  'ab',
  '{a}',
  'cart.add',
  'cart.',
  'cart',
  'a.b.c',
  '.hidden',
  'a*',
  'a?b',
  'axb',
  'a-b',
  'ac',
  'ad',
  'bc',
  'bd',
  'Abc',
  'with-dash_and.dot',
];

describe('compileGlob', () => {
  it('answers as picomatch does (dot: true, no negation, no extglobs)', () => {
    for (const glob of GLOBS) {
      const ours = compileGlob(glob);
      const theirs = picomatch(glob, { dot: true, nonegate: true, noextglob: true });
      for (const name of NAMES) expect(ours(name), `${glob} vs ${name}`).toBe(theirs(name));
    }
  });

  it('matches the globs rules typically use', () => {
    expect(compileGlob('search_*')('search_products')).toBe(true);
    expect(compileGlob('search_*')('research_products')).toBe(false);
    expect(compileGlob('{get,remove}_cart')('remove_cart')).toBe(true);
    expect(compileGlob('cart.*')('cart.add')).toBe(true);
    expect(compileGlob('*')('.hidden')).toBe(true);
  });

  it('refuses patterns whose regular expression could backtrack for long, saying why', () => {
    expect(globProblem('*a*a*a*a')).toMatch(/more than 3 \* wildcards/);
    expect(globProblem('{a,{b,{c,d}}}')).toMatch(/nests/);
    expect(globProblem('{a,b}{c,d}{e,f}{g,h}{i,j}')).toMatch(/groups/);
    expect(
      globProblem(`{${Array.from({ length: 70 }, (_, i) => String.fromCharCode(65 + (i % 26))).join(',')}}`),
    ).toMatch(/alternatives/);
    expect(globProblem('+(a|b)')).toMatch(/\(, \) or \|/);
    expect(globProblem('v{1..3}')).toMatch(/range/);
    expect(globProblem('{a,b')).toMatch(/unclosed \{/);
    expect(globProblem('a}')).toMatch(/unmatched/);
    expect(globProblem('[abc')).toMatch(/unclosed \[/);
    expect(globProblem('')).toMatch(/non-empty/);
    expect(globProblem('a'.repeat(GLOB_LIMITS.maxLength + 1))).toMatch(/longer/);
    for (const ok of ['*', '**', 'a**b', '*_*_*', '{a,b}_*', 'x\\*\\*\\*\\*y', '[*][*][*][*]'])
      expect(globProblem(ok), ok).toBeUndefined();
    expect(() => compileGlob('*a*a*a*a')).toThrow(TypeError);
  });

  it('never matches an empty name or one longer than a tool name can be', () => {
    const match = compileGlob('*');
    expect([
      match(''),
      match('a'.repeat(GLOB_LIMITS.maxNameLength)),
      match('a'.repeat(GLOB_LIMITS.maxNameLength + 1)),
    ]).toEqual([false, true, false]);
  });
});
