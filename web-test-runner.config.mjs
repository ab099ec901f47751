// Element and browser tests in real Chromium (Debian's /usr/bin/chromium), driven by Playwright.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { build } from 'esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';

import { createServer } from 'node:net';
import { register } from 'tsx/esm/api';

/** picomatch ships CommonJS only; serve it to the browser as one ES module, bundled by esbuild. */
function picomatchAsEsm() {
  const path = '/__esm__/picomatch.js';
  let code;
  return {
    name: 'picomatch-esm',
    resolveImport: ({ source }) => (source === 'picomatch/posix.js' ? path : undefined),
    async serve(context) {
      if (context.path !== path) return undefined;
      code ??= (
        await build({
          entryPoints: ['node_modules/picomatch/posix.js'],
          bundle: true,
          format: 'esm',
          write: false,
          platform: 'browser',
        })
      ).outputFiles[0].text;
      return { body: code, type: 'js' };
    },
  };
}
/**
 * Which WebMCP the browser tests run against: `builtin` (no `document.modelContext`, so the bridge
 * installs its own), `native` (Chromium's, behind `--enable-features=WebMCP`) or `mcp-b` (the
 * `@mcp-b/webmcp-polyfill` IIFE loaded into the test page first). `WEBMCP_NATIVE=1` is the older
 * spelling of `WEBMCP_BACKEND=native`.
 */
const BACKENDS = ['builtin', 'native', 'mcp-b'];
const backend = process.env.WEBMCP_BACKEND || (process.env.WEBMCP_NATIVE === '1' ? 'native' : 'builtin');
if (!BACKENDS.includes(backend))
  throw new Error(`WEBMCP_BACKEND must be one of ${BACKENDS.join(', ')}, not "${backend}"`);
const native = backend === 'native';
/** Served by the dev server from node_modules; a classic script, so it runs before the test module. */
const mcpBScript =
  backend === 'mcp-b' ? '<script src="/node_modules/@mcp-b/webmcp-polyfill/dist/index.iife.js"></script>' : '';

// The element tests talk to the real server (offline model), started here on a loopback port.
register();
const { startTestApi, TEST_TOKEN } = await import('./widget/test-support/api-server.ts');
const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const api = await startTestApi([`http://localhost:${port}`, `http://127.0.0.1:${port}`]);
// The console's element tests: a seeded server with the admin API on, reached same-origin.
const { startConsoleApi, CONSOLE_ADMIN_KEY } = await import('./console/test-support/console-api.ts');
const consoleApi = await startConsoleApi();

/** Forwards `/v1/admin/…` and `/v1/conversations…` to the console's test server. */
async function consoleApiProxy(ctx, next) {
  if (!/^\/v1\/(admin|conversations)(\/|\?|$)/.test(ctx.url)) return next();
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  const headers = {};
  for (const name of ['authorization', 'content-type', 'if-none-match', 'accept']) {
    if (ctx.get(name)) headers[name] = ctx.get(name);
  }
  const response = await fetch(consoleApi.url + ctx.url, {
    method: ctx.method,
    headers,
    ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
  });
  ctx.status = response.status;
  for (const name of ['content-type', 'etag', 'content-disposition']) {
    const value = response.headers.get(name);
    if (value) ctx.set(name, value);
  }
  ctx.body = Buffer.from(await response.arrayBuffer());
}

export default {
  port,
  files: ['widget/**/*.test.ts', '!widget/**/*.node.test.ts', 'bridge/**/*.browser.test.ts', 'console/**/*.test.ts'],
  middleware: [consoleApiProxy],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    picomatchAsEsm(),
    { name: 'test-api', serverStop: () => Promise.all([api.close(), consoleApi.close()]) },
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          ...(native ? ['--enable-features=WebMCP'] : []),
        ],
      },
    }),
  ],
  concurrency: 2,
  // The whole run on a busy 2-core machine; a hung test still fails by its own mocha timeout.
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 10000 } },
  testRunnerHtml: (testFramework) =>
    `<!doctype html><html><head><script>window.process = { env: { NODE_ENV: 'production' } }; window.__WEBMCP_TEST__ = ${JSON.stringify({ apiUrl: api.url, clientToken: TEST_TOKEN, webmcpBackend: backend, consoleAdminKey: CONSOLE_ADMIN_KEY })};</script>${mcpBScript}</head><body><script type="module" src="${testFramework}"></script></body></html>`,
};
