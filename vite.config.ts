/**
 * One Vite config, several modes:
 * - `vite build --mode widget-panel` → dist/webmcp-chat-panel-<hash>.js, the panel as one ES module
 *   (Lit, bridge, controller, markdown, locales), loaded on demand
 * - `vite build --mode widget`       → dist/webmcp-chat.js, the script-tag launcher (a classic IIFE
 *   script) that imports the panel chunk above from next to itself (its name is baked in)
 * - `vite build --mode widget-esm`   → dist/index.js (element, panel chunk on demand) and dist/bridge.js,
 *   for bundlers (lit stays external, minified)
 * - `vite build --mode console`      → dist/console/console-<hash>.js, the operator console (Lit bundled
 *   in), served by the server at `/console`; empties dist/console/ only
 *
 * Each build removes only its own previous outputs (`ownOutputs`), so building one mode (as `npm start`
 * does) never deletes another's files; the files the server serves get `.br`/`.gz` copies (`precompress`).
 * - `vite --mode demo`               → the demo storefront on http://localhost:5173
 * - `vitest`                         → unit tests (Node); element tests run in Chromium via web-test-runner
 */
import { readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { minifyCss, ownOutputs, precompress, standaloneImport } from './scripts/build-outputs.js';

const PANEL_FILE = /^webmcp-chat-panel-[A-Za-z0-9_-]+\.js$/;

/** The panel chunk the launcher must import: built just before it, into the same folder. */
function panelFile(): string {
  const found = readdirSync('dist').filter((f) => PANEL_FILE.test(f));
  if (found.length !== 1)
    throw new Error(
      `Expected one dist/webmcp-chat-panel-*.js (run \`vite build --mode widget-panel\` first), found ${found.length}`,
    );
  return found[0]!;
}

export default defineConfig(({ mode }) => {
  if (mode === 'widget-panel') {
    return {
      publicDir: false,
      // The panel and the chunks it loads (`webmcp-chat-<name>-<hash>.js`), not the launcher.
      plugins: [ownOutputs([/^webmcp-chat-[\w-]+\.js(?:\.map|\.br|\.gz)?$/]), minifyCss(), precompress()],
      build: {
        target: 'es2022',
        outDir: 'dist',
        emptyOutDir: false,
        sourcemap: true,
        // Vite keeps whitespace in ES libraries; this one is a browser chunk, not a library. Chunks it
        // loads on demand (the glob compiler, needed only for rules the server did not compile) are
        // named so the server serves them next to it.
        rolldownOptions: { output: { minify: true, chunkFileNames: 'webmcp-chat-[name]-[hash].js' } },
        lib: { entry: 'widget/panel.ts', formats: ['es'], fileName: () => 'webmcp-chat-panel-[hash].js' },
      },
    };
  }
  if (mode === 'widget') {
    return {
      publicDir: false,
      define: { __WEBMCP_CHAT_PANEL__: JSON.stringify(panelFile()) },
      plugins: [ownOutputs([/^webmcp-chat\.js(?:\.map|\.br|\.gz)?$/]), minifyCss(), precompress()],
      build: {
        target: 'es2022',
        outDir: 'dist',
        emptyOutDir: false,
        sourcemap: true,
        lib: { entry: 'widget/script-tag.ts', formats: ['iife'], name: 'WebmcpChat', fileName: () => 'webmcp-chat.js' },
      },
    };
  }
  if (mode === 'widget-esm') {
    return {
      publicDir: false,
      plugins: [
        ownOutputs([/^(?:index|bridge)\.js(?:\.map)?$/], ['esm']),
        minifyCss(),
        standaloneImport('widget/index.ts', '../bridge/discovery/prepare.js'),
      ],
      build: {
        target: 'es2022',
        outDir: 'dist',
        emptyOutDir: false,
        sourcemap: true,
        lib: {
          entry: { index: 'widget/index.ts', bridge: 'bridge/index.ts' },
          formats: ['es'],
          fileName: (_format, name) => `${name}.js`,
        },
        rolldownOptions: {
          external: [/^lit($|\/)/, /^@lit\//, /^picomatch($|\/)/],
          // Minified like the launcher: what an app's initial chunk gains is measured on these bytes.
          output: { minify: true, chunkFileNames: 'esm/[name]-[hash].js' },
        },
      },
    };
  }
  if (mode === 'console') {
    return {
      publicDir: false,
      plugins: [minifyCss(), precompress()],
      build: {
        target: 'es2022',
        outDir: 'dist/console',
        emptyOutDir: true,
        sourcemap: true,
        rolldownOptions: { output: { minify: true, chunkFileNames: 'console-chunk-[name]-[hash].js' } },
        lib: { entry: 'console/main.ts', formats: ['es'], fileName: () => 'console-[hash].js' },
      },
    };
  }
  return {
    root: mode === 'test' ? '.' : 'demo-site',
    server: { port: 5173, strictPort: true, host: 'localhost' },
    preview: { port: 5173, strictPort: true },
    build: { outDir: '../dist-demo', emptyOutDir: true, target: 'es2022' },
    test: {
      root: '.',
      include: [
        'bridge/**/*.test.ts',
        'server/**/*.test.ts',
        'sdk/**/*.test.ts',
        'demo-site/**/*.test.ts',
        'widget/**/*.node.test.ts',
        'scripts/**/*.test.ts',
      ],
      exclude: ['**/node_modules/**', '**/*.browser.test.ts'],
      environment: 'node',
      testTimeout: 20_000,
    },
  };
});
