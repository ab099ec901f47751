#!/usr/bin/env node
// `npm run pack:packages` (after `npm run build`): assembles the published packages from the
// built tree into dist-packages/<name>/, each with its own package.json, then `npm pack`s them
// into dist-packages/*.tgz. The source folders stay where they are.
//
//   webmcp-chat           the widget and the bridge: ESM and script-tag builds, types, custom-elements.json
//   @webmcp-chat/server   the server compiled to JavaScript (one esbuild bundle), its bin, the widget
//                         and console files it serves, and a lockfile for `npm ci` (see Dockerfile)
//   @webmcp-chat/sdk      the Node SDK (createClient, createRpcHandler): one platform-neutral ESM bundle
//                         importing only ws, and its type declarations (which name zod's types, hence zod)
//
// `--no-tarballs` stops after assembling; `--no-lock` skips the server's lockfile (it asks the registry).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'dist-packages');
const args = new Set(process.argv.slice(2));
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const versions = { ...rootPackage.devDependencies, ...rootPackage.dependencies };

// Where the project lives comes from the root package.json (`repository`, `homepage`, `bugs`): no
// address is invented here. While the root names none, the packages name none either.
const common = {
  version: rootPackage.version,
  license: rootPackage.license,
  author: 'webmcp-chat contributors',
  ...(rootPackage.repository ? { repository: rootPackage.repository } : {}),
  ...(rootPackage.homepage ? { homepage: rootPackage.homepage } : {}),
  ...(rootPackage.bugs ? { bugs: rootPackage.bugs } : {}),
  engines: rootPackage.engines,
  type: 'module',
};

if (!existsSync(join(root, 'dist/webmcp-chat.js')) || !existsSync(join(root, 'dist/index.js')))
  fail('dist/ is not built: run `npm run build` first.');

function fail(message) {
  console.error(message);
  process.exit(1);
}

function dependencies(names) {
  return Object.fromEntries(
    [...names].sort().map((name) => {
      if (!versions[name]) fail(`${name} is imported but not in the root package.json`);
      return [name, versions[name]];
    }),
  );
}

/** Copies `from` into `to`, leaving out source maps and (unless asked) compressed copies; drops map comments. */
function copyBuilt(from, to, { compressed = false } = {}) {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    if (statSync(source).isDirectory()) {
      copyBuilt(source, join(to, name), { compressed });
      continue;
    }
    if (name.endsWith('.map') || (!compressed && /\.(br|gz)$/.test(name))) continue;
    copyFile(source, join(to, name));
  }
}

function copyFile(source, target) {
  if (source.endsWith('.js')) {
    writeFileSync(target, readFileSync(source, 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n'));
  } else cpSync(source, target);
}

function writePackage(dir, manifest) {
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  cpSync(join(root, 'LICENSE'), join(dir, 'LICENSE'));
}

function widgetPackage() {
  const dir = join(out, 'webmcp-chat');
  const dist = join(dir, 'dist');
  mkdirSync(dist, { recursive: true });
  for (const name of readdirSync(join(root, 'dist'))) {
    if (
      /^(index|bridge|types-only)\.js$|^webmcp-chat(-[\w-]+)?\.js$|^custom-elements\.json$|^model-context\.d\.ts$/.test(
        name,
      )
    )
      copyFile(join(root, 'dist', name), join(dist, name));
  }
  copyBuilt(join(root, 'dist/esm'), join(dist, 'esm'));
  copyBuilt(join(root, 'dist/types'), join(dist, 'types'));
  if (existsSync(join(root, 'dist/jsx'))) copyBuilt(join(root, 'dist/jsx'), join(dist, 'jsx'));
  cpSync(join(root, 'docs/widget.md'), join(dir, 'README.md'));
  writePackage(dir, {
    name: 'webmcp-chat',
    description: rootPackage.description.replace(', with a self-hostable server', ''),
    keywords: ['webmcp', 'chat', 'widget', 'web-components', 'custom-elements', 'lit', 'mcp', 'ai', 'assistant'],
    ...common,
    main: './dist/index.js',
    module: './dist/index.js',
    types: './dist/types/widget/index.d.ts',
    customElements: './dist/custom-elements.json',
    sideEffects: ['./dist/index.js', './dist/webmcp-chat.js', './dist/esm/*.js'],
    exports: rootPackage.exports,
    files: ['dist'],
    dependencies: dependencies(['lit', 'picomatch']),
  });
}

async function serverPackage() {
  const dir = join(out, 'server');
  const dist = join(dir, 'dist');
  mkdirSync(dist, { recursive: true });
  // One bundle of the server's own code (and the bridge modules it shares); packages stay imports,
  // installed from the registry as the package's dependencies.
  const result = await build({
    entryPoints: [join(root, 'server/cli.ts')],
    outfile: join(dist, 'cli.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
    metafile: true,
    logLevel: 'warning',
  });
  const imported = new Set();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const { path, external } of output.imports) {
      if (!external || path.startsWith('node:') || builtinModules.includes(path)) continue;
      imported.add(path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]);
    }
  }
  mkdirSync(join(dist, 'config'), { recursive: true });
  cpSync(join(root, 'server/config/demo.json'), join(dist, 'config/demo.json'));
  // The widget and console files it serves, with their compressed copies, next to cli.js.
  for (const name of readdirSync(join(root, 'dist'))) {
    if (/^webmcp-chat(-[\w-]+)?\.js(\.br|\.gz)?$/.test(name)) copyFile(join(root, 'dist', name), join(dist, name));
  }
  if (existsSync(join(root, 'dist/console')))
    copyBuilt(join(root, 'dist/console'), join(dist, 'console'), { compressed: true });
  cpSync(join(root, 'config.example.json'), join(dir, 'config.example.json'));
  writeFileSync(
    join(dir, 'README.md'),
    `# @webmcp-chat/server\n\nThe self-hostable server of webmcp-chat: \`npx webmcp-chat-server --config config.json\`.\nThe project's README (section "Deploy") describes the config, the environment, logs, metrics and the container image; \`config.example.json\` here is a production config to start from.\n`,
  );
  writePackage(dir, {
    name: '@webmcp-chat/server',
    description:
      'The self-hostable webmcp-chat server: client-token API, admin API, operator console and widget files.',
    keywords: ['webmcp', 'chat', 'server', 'hono', 'mcp', 'ai', 'assistant'],
    ...common,
    bin: { 'webmcp-chat-server': 'dist/cli.js' },
    files: ['dist', 'config.example.json'],
    dependencies: dependencies(imported),
  });
  if (!args.has('--no-lock')) {
    // For \`npm ci --omit=dev\` in the container build: resolves versions, downloads no tarball.
    execFileSync('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: dir,
      stdio: 'inherit',
    });
  }
}

async function sdkPackage() {
  const dir = join(out, 'sdk');
  const dist = join(dir, 'dist');
  mkdirSync(dist, { recursive: true });
  // Neutral platform: no Node built-ins, so it runs wherever fetch does (Node 20+, Deno, Bun). The RPC
  // handler's WebSocket client (`ws`, which Deno and Bun also load) is its one dependency.
  const result = await build({
    entryPoints: [join(root, 'sdk/index.ts')],
    outfile: join(dist, 'index.js'),
    bundle: true,
    platform: 'neutral',
    external: ['ws'],
    format: 'esm',
    target: 'es2022',
    metafile: true,
    logLevel: 'warning',
  });
  const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
  const unexpected = imports.filter((path) => path !== 'ws');
  if (unexpected.length > 0) fail(`the SDK bundle must import only ws; it imports ${unexpected.join(', ')}`);
  const tsconfig = join(dir, 'tsconfig.types.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: {
        noEmit: false,
        declaration: true,
        emitDeclarationOnly: true,
        declarationDir: join(dist, 'types'),
        rootDir: root,
        types: [],
      },
      include: [],
      files: [join(root, 'sdk/index.ts')],
    }),
  );
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', tsconfig], { stdio: 'inherit' });
  rmSync(tsconfig);
  writeFileSync(
    join(dir, 'README.md'),
    `# @webmcp-chat/sdk\n\nRun a webmcp-chat agent from code with an API key: \`createClient({ apiUrl, apiKey })\`, then\n\`dispatch\`, \`resume\` or \`runWithLocalTools\`. See the webmcp-chat README, section "From code: API keys and the Node SDK".\n`,
  );
  writePackage(dir, {
    name: '@webmcp-chat/sdk',
    description: 'Run webmcp-chat agents from code with an API key, with tools local to your process.',
    keywords: ['webmcp', 'chat', 'sdk', 'agent', 'mcp', 'ai', 'assistant'],
    ...common,
    main: './dist/index.js',
    types: './dist/types/sdk/index.d.ts',
    exports: { '.': { types: './dist/types/sdk/index.d.ts', import: './dist/index.js' } },
    sideEffects: false,
    files: ['dist'],
    // zod: only the declarations use it (the wire types are inferred from zod schemas); ws: the RPC handler.
    dependencies: dependencies(['zod', 'ws']),
  });
}

rmSync(out, { recursive: true, force: true });
widgetPackage();
await serverPackage();
await sdkPackage();
if (!args.has('--no-tarballs')) {
  for (const name of ['webmcp-chat', 'server', 'sdk']) {
    const file = execFileSync('npm', ['pack', '--pack-destination', out, '--silent'], { cwd: join(out, name) })
      .toString()
      .trim();
    console.log(`dist-packages/${file}`);
  }
}
console.log(
  `Assembled ${relative(root, out)}/webmcp-chat, ${relative(root, out)}/server and ${relative(root, out)}/sdk.`,
);
