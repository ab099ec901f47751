/**
 * Byte ceilings and forbidden names for the built widget. Run after `npm run build`. Raise a
 * ceiling only in a commit that explains why.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sizesOf } from '../bench/sizes.js';

const SCRIPT = 'dist/webmcp-chat.js';
/** Brotli-11 ceiling of the whole script-tag build (launcher, panel, bridge and Lit in one file for now). */
const SCRIPT_BROTLI_CEILING = 28 * 1024;
const FORBIDDEN = ['zod', 'new Function', 'eval(', 'innerHTML =', 'document.write'];

describe.runIf(existsSync(SCRIPT))('widget bundle', () => {
  it(`stays under ${SCRIPT_BROTLI_CEILING} brotli bytes`, () => {
    expect(sizesOf(SCRIPT).brotli).toBeLessThanOrEqual(SCRIPT_BROTLI_CEILING);
  });

  it('contains none of the forbidden names', () => {
    const code = readFileSync(SCRIPT, 'utf8');
    for (const name of FORBIDDEN) expect(code.includes(name), `bundle contains "${name}"`).toBe(false);
  });

  it('is one self-contained classic script (no imports)', () => {
    const code = readFileSync(SCRIPT, 'utf8');
    expect(code).not.toMatch(/^\s*import[\s{*]/m);
    expect(code).not.toMatch(/\bimport\(/);
  });
});
