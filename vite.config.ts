/**
 * One Vite config, several modes:
 * - `vite build --mode widget`     → dist/webmcp-chat.js, the self-contained script-tag build (IIFE)
 * - `vite build --mode widget-esm` → dist/index.js, the ESM entry for bundlers (lit stays external)
 * - `vite --mode demo`             → the demo storefront on http://localhost:5173
 * - `vitest`                       → unit tests (Node); element tests run in Chromium via web-test-runner
 */
import { defineConfig } from 'vitest/config';

export default defineConfig(({ mode }) => {
  if (mode === 'widget') {
    return {
      publicDir: false,
      build: {
        target: 'es2022',
        outDir: 'dist',
        emptyOutDir: true,
        sourcemap: true,
        lib: { entry: 'widget/script-tag.ts', formats: ['iife'], name: 'WebmcpChat', fileName: () => 'webmcp-chat.js' },
      },
    };
  }
  if (mode === 'widget-esm') {
    return {
      publicDir: false,
      build: {
        target: 'es2022',
        outDir: 'dist',
        emptyOutDir: false,
        sourcemap: true,
        minify: false,
        lib: { entry: 'widget/index.ts', formats: ['es'], fileName: () => 'index.js' },
        rolldownOptions: { external: [/^lit($|\/)/, /^@lit\//, /^picomatch($|\/)/] },
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
      include: ['bridge/**/*.test.ts', 'server/**/*.test.ts', 'demo-site/**/*.test.ts', 'widget/**/*.node.test.ts'],
      exclude: ['**/node_modules/**', '**/*.browser.test.ts'],
      environment: 'node',
      testTimeout: 20_000,
    },
  };
});
