/**
 * The published packages, as a user gets them: `npm run pack:packages` assembles and packs them,
 * then each tarball is installed into an empty folder with `npm install --omit=dev` from the npm
 * registry. The widget must stay small and compile nothing; the server must start from its
 * installed bin and answer. The container recipe's install (`npm ci --omit=dev` in the assembled
 * server folder, as the Dockerfile runs it) is checked the same way. Needs `npm run build` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve('.');
const packed = join(root, 'dist-packages');
const MINUTES = 60_000;

/** Runs a command to its end; rejects with its output when it fails. */
function run(command: string, args: string[], cwd: string): Promise<{ output: string; seconds: number }> {
  const started = Date.now();
  return new Promise((done, failed) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) =>
      code === 0
        ? done({ output, seconds: (Date.now() - started) / 1000 })
        : failed(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}

function emptyProject(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `try-${name}`, version: '1.0.0', private: true }));
  return dir;
}

/** Every installed package folder (scoped ones included) with its package.json. */
function installed(dir: string): Array<{ name: string; scripts: Record<string, string> }> {
  const modules = join(dir, 'node_modules');
  const found = [];
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    const names = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of names) {
      const manifest = JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8'));
      found.push({ name, scripts: manifest.scripts ?? {} });
    }
  }
  return found;
}

const INSTALL = ['install', '--omit=dev', '--no-audit', '--no-fund'];

/** Starts the server's bin on a free loopback port; resolves with its base URL once it listens. */
function startServer(command: string, args: string[], cwd: string, env: Record<string, string>) {
  const child: ChildProcess = spawn(command, args, {
    cwd,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
  });
  const url = new Promise<string>((done, failed) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) done(m[1]!);
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => failed(new Error(`the server exited (${code}):\n${output}`)));
  });
  return { child, url };
}

const API_KEY = 'sk_test_pack_0123456789';

const CONFIG = {
  store: { kind: 'sqlite', path: './data/chat.db' },
  apiKeys: [{ id: 'pack', key: { env: 'PACK_API_KEY' }, agents: ['shop'] }],
  agents: { shop: { model: 'offline' } },
  surfaces: { storefront: { agent: 'shop', clientTokens: [{ token: 'ct_test_pack', allowedOrigins: ['*'] }] } },
};

describe.runIf(existsSync(join(root, 'dist/index.js')))('published packages', { timeout: 15 * MINUTES }, () => {
  const dirs: string[] = [];
  const servers: ChildProcess[] = [];
  const widget = { dir: '', seconds: 0 };
  const server = { dir: '', seconds: 0 };
  const container = { dir: '', seconds: 0 };
  const sdk = { dir: '', seconds: 0 };
  // The installed server's URL, once the server test has started it (the SDK test talks to it).
  let started!: (url: string) => void;
  const serverUrl = new Promise<string>((resolve) => (started = resolve));

  beforeAll(async () => {
    await run('node', ['scripts/pack-packages.mjs'], root);
    const tarballs = readdirSync(packed).filter((f) => f.endsWith('.tgz'));
    const tarball = (prefix: string) =>
      join(
        packed,
        tarballs.find((f) => f.startsWith(prefix))!,
      );
    widget.dir = emptyProject('widget');
    server.dir = emptyProject('server');
    container.dir = mkdtempSync(join(tmpdir(), 'server-image-'));
    sdk.dir = emptyProject('sdk');
    cpSync(join(packed, 'server'), container.dir, { recursive: true });
    dirs.push(widget.dir, server.dir, container.dir, sdk.dir);
    // The installs at once: the server's compile the SQLite driver, which takes a while.
    const [w, s, c, k] = await Promise.all([
      run('npm', [...INSTALL, tarball('webmcp-chat-0')], widget.dir),
      run('npm', [...INSTALL, tarball('webmcp-chat-server-')], server.dir),
      run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], container.dir),
      run('npm', [...INSTALL, tarball('webmcp-chat-sdk-')], sdk.dir),
    ]);
    widget.seconds = w.seconds;
    server.seconds = s.seconds;
    container.seconds = c.seconds;
    sdk.seconds = k.seconds;
    console.log(
      `install seconds: widget ${w.seconds.toFixed(1)}, server ${s.seconds.toFixed(1)}, server (npm ci, as in the image) ${c.seconds.toFixed(1)}, sdk ${k.seconds.toFixed(1)}`,
    );
  }, 15 * MINUTES);

  // Removing four installed trees takes a while on a busy machine.
  afterAll(() => {
    for (const child of servers) child.kill('SIGTERM');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }, MINUTES);

  it('the widget package installs at most 10 packages and none with an install script', () => {
    const packages = installed(widget.dir);
    console.log(`widget install: ${packages.length} packages (${packages.map((p) => p.name).join(', ')})`);
    expect(packages.map((p) => p.name)).toContain('webmcp-chat');
    expect(packages.length).toBeLessThanOrEqual(10);
    for (const p of packages)
      for (const hook of ['preinstall', 'install', 'postinstall'])
        expect(p.scripts[hook], `${p.name} has a ${hook} script`).toBeUndefined();
  });

  it('the widget package ships builds, types, the manifest and a license, and no maps or test types', () => {
    const pkg = join(widget.dir, 'node_modules/webmcp-chat');
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['lit', 'picomatch']);
    expect(manifest.license).toBe('MIT');
    // The address comes from the root package.json, never invented by the packer.
    const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(manifest.repository).toEqual(rootManifest.repository);
    expect(manifest.keywords).toContain('webmcp');
    for (const file of [
      'LICENSE',
      'dist/index.js',
      'dist/bridge.js',
      'dist/webmcp-chat.js',
      'dist/custom-elements.json',
      'dist/jsx/custom-elements.d.ts',
      'dist/jsx/react.d.ts',
      'dist/model-context.d.ts',
      'dist/types-only.js',
    ])
      expect(existsSync(join(pkg, file)), file).toBe(true);
    expect(existsSync(join(pkg, 'dist/types/widget/index.d.ts'))).toBe(true);
    const all = readdirSync(pkg, { recursive: true }).map(String);
    expect(all.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(all.filter((f) => /test-support|\.test\.d\.ts$/.test(f))).toEqual([]);
  });

  it('the server package starts from its bin (compiled JavaScript, no tsx) and answers /v1/health and /v1/ready', async () => {
    expect(existsSync(join(server.dir, 'node_modules/tsx'))).toBe(false);
    const bin = join(server.dir, 'node_modules/.bin/webmcp-chat-server');
    writeFileSync(join(server.dir, 'config.json'), JSON.stringify(CONFIG));
    const { child, url } = startServer(bin, [], server.dir, {
      WEBMCP_CHAT_CONFIG: 'config.json',
      PACK_API_KEY: API_KEY,
    });
    servers.push(child);
    const base = await url;
    started(base);
    const health = await fetch(`${base}/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, store: 'sqlite' });
    expect((await fetch(`${base}/v1/ready`)).status).toBe(200);
    // It serves the widget it carries, compressed.
    const launcher = await fetch(`${base}/webmcp-chat.js`, { headers: { 'accept-encoding': 'br' } });
    expect(launcher.status).toBe(200);
    expect(launcher.headers.get('etag')).toBeTruthy();
  });

  it('the container install (npm ci --omit=dev in the assembled folder) starts with --config', async () => {
    writeFileSync(join(container.dir, 'config.json'), JSON.stringify(CONFIG));
    const { child, url } = startServer('node', ['dist/cli.js', '--config', 'config.json'], container.dir, {});
    servers.push(child);
    const health = await fetch(`${await url}/v1/health`);
    expect(await health.json()).toMatchObject({ ok: true });
  });

  it('the SDK package installs only zod and ws, imports only ws at run time, and runs an agent on the installed server', async () => {
    const pkg = join(sdk.dir, 'node_modules/@webmcp-chat/sdk');
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['ws', 'zod']);
    expect(existsSync(join(pkg, 'dist/types/sdk/index.d.ts'))).toBe(true);
    const bundle = readFileSync(join(pkg, 'dist/index.js'), 'utf8');
    const imports = [...bundle.matchAll(/(?:from\s*|import\s*\(\s*)["']([^"']+)["']/g)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(['ws']));
    const script = `
      import { createClient } from '@webmcp-chat/sdk';
      const client = createClient({ apiUrl: process.argv[1], apiKey: process.argv[2] });
      const result = await client.runWithLocalTools(
        { agent: { id: 'shop' }, messages: [{ role: 'user', content: '/tool ping {}' }] },
        { ping: { description: 'Answers pong', execute: () => 'pong from the installed sdk' } },
      );
      console.log(JSON.stringify(result));`;
    const { output } = await run('node', ['--input-type=module', '-e', script, await serverUrl, API_KEY], sdk.dir);
    const result = JSON.parse(output.trim().split('\n').at(-1)!);
    expect(result.calls).toMatchObject([{ name: 'ping', result: 'pong from the installed sdk' }]);
    expect(result.text).toContain('pong from the installed sdk');
  });
});
