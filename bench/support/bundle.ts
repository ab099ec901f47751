/**
 * The server as it is deployed, for the benches: `scripts/pack-packages.mjs` ships `server/cli.ts`
 * as one esbuild bundle (packages stay imports), and `tsx` running the sources is not the same
 * program — its transform keeps function names with a call per closure created, for one. Not a
 * test file.
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles `entry` of the checkout at `repo` the way the server package is built, into
 * `bench/results/bundle/` of that checkout (so its `node_modules` resolve), and returns the bundle's
 * path relative to `repo`.
 */
export async function bundled(repo: string, entry: string): Promise<string> {
  const out = join('bench/results/bundle', basename(entry).replace(/\.ts$/, '.js'));
  mkdirSync(join(repo, 'bench/results/bundle'), { recursive: true });
  await build({
    entryPoints: [join(repo, entry)],
    outfile: join(repo, out),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return out;
}
