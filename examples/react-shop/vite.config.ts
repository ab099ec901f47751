// The React shop example: `npx vite --config examples/react-shop/vite.config.ts` (dev server) or
// `npx vite build --config examples/react-shop/vite.config.ts` (into examples/react-shop/dist/).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  plugins: [react()],
  // In an app, `webmcp-chat` is the installed package; in this repository it is the built dist/
  // (`npm run build`), which the package ships.
  resolve: { alias: [{ find: /^webmcp-chat$/, replacement: here('../../dist/index.js') }] },
  build: { outDir: here('dist'), emptyOutDir: true, target: 'es2022' },
});
