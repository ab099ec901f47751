/**
 * End-to-end tests in Debian's Chromium, twice: with native WebMCP (`--enable-features=WebMCP`)
 * and without it (the widget's polyfill provides `document.modelContext`).
 */
import { defineConfig } from '@playwright/test';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  forbidOnly: !!process.env.CI,
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: { trace: 'retain-on-failure', actionTimeout: 10_000 },
  projects: [
    {
      name: 'native',
      use: { browserName: 'chromium', launchOptions: { executablePath, args: [...chromiumArgs, '--enable-features=WebMCP'] } },
      metadata: { webmcp: 'native' },
    },
    {
      name: 'polyfill',
      use: { browserName: 'chromium', launchOptions: { executablePath, args: chromiumArgs } },
      metadata: { webmcp: 'polyfill' },
    },
  ],
});
