/**
 * The React 19 + Vite example (`examples/react-shop`) as a framework user's app: it type-checks
 * against the package's generated JSX typings and `document.modelContext` opt-in, a fixture with a
 * misspelt prop and wrong prop types fails type-checking with exactly those errors, and it builds
 * with the widget's panel as a separate chunk. Needs `npm run build` first (dist/ with dist/jsx/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const example = resolve('examples/react-shop');
const bin = (name: string) => resolve('node_modules/.bin', name);

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.runIf(existsSync(resolve('dist/jsx/react.d.ts')))('the React shop example', { timeout: 180_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'react-shop-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('type-checks: <webmcp-chat> props and events, and document.modelContext.registerTool', () => {
    const check = run(bin('tsc'), ['-p', join(example, 'tsconfig.json')]);
    expect(check.output).toBe('');
    expect(check.status).toBe(0);
  });

  it('refuses a misspelt prop and wrong prop types', () => {
    const check = run(bin('tsc'), ['-p', join(example, 'tsconfig.wrong.json')]);
    expect(check.status).not.toBe(0);
    const errors = check.output.split('\n').filter((line) => /^examples\/react-shop\/fixtures\/.*error TS/.test(line));
    const at = (line: number) => errors.filter((e) => e.includes(`wrong-props.tsx(${line},`)).join('\n');
    expect(check.output).toMatch(/Property 'postion' does not exist on type .*Did you mean 'position'\?/);
    expect(at(4)).toMatch(/TS2322/);
    expect(at(5)).toMatch(/Type '"purple"' is not assignable to type '"light" \| "dark" \| "auto"'/);
    expect(at(6)).toMatch(/TS2322/);
    expect(check.output).toMatch(/Type 'string' is not assignable to type 'number'/);
    expect(at(7)).toMatch(/Type 'number' has no properties in common with type 'Partial<Strings>'/);
    expect(at(9)).toMatch(/Type 'number' is not assignable to type '\(input: Record<string, unknown>/);
    // One error per wrong line, and none anywhere else.
    expect(new Set(errors.map((e) => /\((\d+),/.exec(e)![1])).size).toBe(5);
    expect(errors).toHaveLength(5);
  });

  it('builds with Vite; the panel stays a chunk of its own, loaded on demand', () => {
    const build = run(bin('vite'), [
      'build',
      '--config',
      join(example, 'vite.config.ts'),
      '--outDir',
      out,
      '--logLevel',
      'error',
    ]);
    expect(build.status, build.output).toBe(0);
    const assets = readdirSync(join(out, 'assets'));
    const entry = assets.find((f) => f.startsWith('index-') && f.endsWith('.js'))!;
    const panel = assets.find((f) => f.startsWith('panel-') && f.endsWith('.js'));
    expect(panel, assets.join(', ')).toBeDefined();
    const code = readFileSync(join(out, 'assets', entry), 'utf8');
    expect(code).toContain('search_products');
    expect(code).toContain('webmcp-chat');
    expect(code).toContain(panel!);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain(`/assets/${entry}`);
  });
});
