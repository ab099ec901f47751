#!/usr/bin/env node
// `npm start`: builds the widget, then runs the server (offline model, demo config) and the demo
// storefront side by side until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const apiPort = process.env.PORT ?? '8787';
// The demo config reads the console's admin key from the environment; local use gets a default.
const adminKey = process.env.WEBMCP_CHAT_ADMIN_KEY || 'local-demo-admin-key';

// What the server serves: the widget's panel, then its launcher (which names the panel), then the console.
for (const mode of ['widget-panel', 'widget', 'console']) {
  const build = spawnSync(bin('vite'), ['build', '--mode', mode, '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const children = [
  spawn(bin('tsx'), ['server/cli.ts', '--port', apiPort], {
    stdio: 'inherit',
    env: { ...process.env, WEBMCP_CHAT_ADMIN_KEY: adminKey },
  }),
  spawn(bin('vite'), ['--mode', 'demo', '--logLevel', 'warn'], { stdio: 'inherit' }),
];

console.log(`
  webmcp-chat is starting:
    storefront  http://localhost:5173   (the demo shop with the chat widget)
    server      http://localhost:${apiPort}   (API; health at /v1/health, offline model)
    console     http://localhost:${apiPort}/console   admin key: ${adminKey}${process.env.WEBMCP_CHAT_ADMIN_KEY ? ' (from WEBMCP_CHAT_ADMIN_KEY)' : ' (the local default; set WEBMCP_CHAT_ADMIN_KEY to choose one)'}
  Press Ctrl-C to stop.
`);

let stopping = false;
const stop = (code = 0) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 300).unref();
};
for (const child of children) {
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`A process exited (code ${code}); stopping the rest.`);
      stop(code ?? 1);
    }
  });
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
