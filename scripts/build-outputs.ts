/**
 * Vite plugins that keep the builds of `vite.config.ts` from undoing each other: each mode clears
 * only the files it produces (never the whole `dist/`), and the modes whose files the server serves
 * write brotli and gzip copies next to them, so the server compresses nothing per request; and the
 * styles of the elements are minified like their code.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { minifyHTMLLiterals } from 'minify-literals';
import type { Plugin } from 'vite';

/** Suffixes of the compressed copies `precompress()` writes. */
export const COMPRESSED = ['.br', '.gz'] as const;

/**
 * Before the build, removes the files in the output folder whose names match one of `patterns` (the outputs of
 * this mode's previous build: a new hash would otherwise leave the old chunk behind) and any
 * `folders` the mode owns alone.
 */
export function ownOutputs(patterns: readonly RegExp[], folders: readonly string[] = []): Plugin {
  let dir = '';
  return {
    name: 'webmcp-chat:own-outputs',
    apply: 'build',
    configResolved(config) {
      dir = resolve(config.root, config.build.outDir);
    },
    buildStart() {
      for (const folder of folders) rmSync(join(dir, folder), { recursive: true, force: true });
      if (!existsSync(dir)) return;
      for (const name of readdirSync(dir)) {
        if (patterns.some((p) => p.test(name))) rmSync(join(dir, name), { force: true });
      }
    },
  };
}

/** Writes `<file>.br` (quality 11) and `<file>.gz` (level 9) for every emitted `.js` file. */
export function precompress(): Plugin {
  return {
    name: 'webmcp-chat:precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? '.';
      for (const name of Object.keys(bundle)) {
        if (!name.endsWith('.js')) continue;
        const bytes = readFileSync(join(dir, name));
        writeFileSync(
          join(dir, `${name}.br`),
          brotliCompressSync(bytes, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
          }),
        );
        writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

const STANDALONE = '?standalone';

/**
 * Gives `entry`'s static import of `module` (and everything that imports) its own copy, so the
 * entry's initial chunk is tree-shaken for the entry alone — as the script tag's launcher is —
 * instead of sharing a chunk sized for the on-demand panel too. Safe for the WebMCP polyfill: its
 * copies recognize each other by a registered symbol, as the launcher's and the panel's already do.
 */
export function standaloneImport(entry: string, module: string): Plugin {
  return {
    name: 'webmcp-chat:standalone-import',
    enforce: 'pre',
    apply: 'build',
    async resolveId(source, importer) {
      if (!importer) return null;
      const fromEntry = importer.endsWith(entry) && source === module;
      if (!fromEntry && !importer.endsWith(STANDALONE)) return null;
      const resolved = await this.resolve(source, importer.replace(STANDALONE, ''), { skipSelf: true });
      if (!resolved || resolved.external || !resolved.id.startsWith('/')) return resolved;
      return `${resolved.id}${STANDALONE}`;
    },
    load(id) {
      if (!id.endsWith(STANDALONE)) return null;
      return { code: readFileSync(id.slice(0, -STANDALONE.length), 'utf8'), moduleType: 'ts' };
    },
  };
}

/**
 * Minifies the CSS in Lit's `css` templates of our own sources (Lightning CSS, through
 * `minify-literals`): the JavaScript minifier leaves template text as it is, which shipped every
 * newline and indent of the styles. HTML templates are left alone: their whitespace can be text.
 */
export function minifyCss(): Plugin {
  return {
    name: 'webmcp-chat:minify-css',
    apply: 'build',
    async transform(code, id) {
      if (!/\/(?:widget|console)\/.*\.ts$/.test(id) || !code.includes('css`')) return null;
      const result = await minifyHTMLLiterals(code, { fileName: id, html: false, cssTags: ['css'] });
      return result && (result.map ? { code: result.code, map: result.map } : { code: result.code });
    },
  };
}
