// Element and browser tests in real Chromium (Debian's /usr/bin/chromium), driven by Playwright.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { playwrightLauncher } from '@web/test-runner-playwright';

const commonjs = fromRollup(rollupCommonjs);
const native = process.env.WEBMCP_NATIVE === '1';

export default {
  files: ['widget/**/*.test.ts', 'bridge/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    commonjs({ include: ['**/node_modules/picomatch/**'] }),
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
  testFramework: { config: { timeout: 10000 } },
  testRunnerHtml: (testFramework) =>
    `<!doctype html><html><head><script>window.process = { env: { NODE_ENV: 'production' } };</script></head><body><script type="module" src="${testFramework}"></script></body></html>`,
};
