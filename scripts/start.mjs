#!/usr/bin/env node
// `npm start`: builds the widget, then runs the server (offline model, demo config), the demo shop's
// backend (the upstream of the demo agent's server tools) and the demo storefront side by side until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const apiPort = process.env.PORT ?? '8787';
// The demo config reads the console's admin key from the environment; local use gets a default.
const adminKey = process.env.WEBMCP_CHAT_ADMIN_KEY || 'local-demo-admin-key';
// The demo's server tools read these (the server to sign and authorize, the backend to check); local defaults.
const toolEnv = {
  SHIPPING_KEY: process.env.SHIPPING_KEY || 'local-demo-shipping-key',
  ORDER_TOOL_SECRET: process.env.ORDER_TOOL_SECRET || 'whsec_bG9jYWwtZGVtby1vcmRlci10b29sLXNlY3JldA==',
};
// demo.json names the backend at 127.0.0.1:8788; another DEMO_BACKEND_PORT gets a copy of the config pointing there.
const backendPort = process.env.DEMO_BACKEND_PORT || '8788';
const demoConfig = new URL('../server/config/demo.json', import.meta.url).pathname;
let configFile = demoConfig;
if (backendPort !== '8788') {
  const text = readFileSync(demoConfig, 'utf8').replaceAll(
    'http://127.0.0.1:8788/',
    `http://127.0.0.1:${backendPort}/`,
  );
  mkdirSync('data', { recursive: true });
  configFile = 'data/demo.config.json';
  writeFileSync(configFile, text);
}

// What the server serves: the widget's panel, then its launcher (which names the panel), then the console.
for (const mode of ['widget-panel', 'widget', 'console']) {
  const build = spawnSync(bin('vite'), ['build', '--mode', mode, '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const children = [
  spawn(bin('tsx'), ['server/demo-backend/main.ts'], {
    stdio: 'inherit',
    env: { ...process.env, ...toolEnv, DEMO_BACKEND_PORT: backendPort },
  }),
  spawn(bin('tsx'), ['server/cli.ts', '--port', apiPort, '--config', configFile], {
    stdio: 'inherit',
    env: { ...process.env, ...toolEnv, WEBMCP_CHAT_ADMIN_KEY: adminKey },
  }),
  spawn(bin('vite'), ['--mode', 'demo', '--logLevel', 'warn'], { stdio: 'inherit' }),
];

console.log(`
  webmcp-chat is starting:
    storefront  http://localhost:5173   (the demo shop with the chat widget)
    server      http://localhost:${apiPort}   (API; health at /v1/health, offline model)
    backend     http://127.0.0.1:${backendPort}   (the shop's own backend: shipping quotes, order status)
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
