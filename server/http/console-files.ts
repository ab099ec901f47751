/**
 * The operator console: `GET /console` is a small HTML page that loads one built ES module
 * (`dist/console/console-<hash>.js`, from `vite build --mode console`) from `/console/<file>`, same
 * origin, so its admin API calls need no CORS. The page itself holds no secret: it asks for the
 * admin key and sends it as `Authorization: Bearer …`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Hono } from 'hono';
import { BuiltFiles, IMMUTABLE, sendBuiltFile } from './built-files.js';
import { errorBody } from './errors.js';
import { ERROR_CODES } from '../../bridge/protocol/index.js';

/** The console's built files: the entry module, its chunks and their source maps. */
const CONSOLE_FILE = /^console-[A-Za-z0-9_-]+\.js(?:\.map)?$/;
/** The entry module; chunks it imports are named `console-chunk-*`. */
const ENTRY = /^console-(?!chunk-)[A-Za-z0-9_-]+\.js$/;

/** Nothing inline, nothing from elsewhere: the module, same-origin fetches, Lit's constructed styles. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': CSP,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
};

const NOT_BUILT = 'Run `npm run build` (or `npx vite build --mode console`) to produce dist/console/console-<hash>.js.';

function page(entry: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>webmcp-chat console</title>
    <script type="module" src="/console/${entry}"></script>
  </head>
  <body>
    <wc-console-app></wc-console-app>
  </body>
</html>
`;
}

/**
 * Serves the console built next to the widget: `<dir of widgetFile>/console/`. Answers `404
 * console_not_built` with the build command when it is missing.
 */
export function serveConsole(app: Hono, widgetFile: string | undefined): void {
  const dir = widgetFile ? join(dirname(widgetFile), 'console') : undefined;
  const entry = (): string | undefined => {
    if (!dir || !existsSync(dir)) return undefined;
    return readdirSync(dir).find((f) => ENTRY.test(f));
  };
  const notBuilt = errorBody(ERROR_CODES.consoleNotBuilt, NOT_BUILT);
  const files = dir ? new BuiltFiles(dir) : undefined;

  app.get('/console', (c) => {
    const file = entry();
    if (!file) return c.json(notBuilt, 404);
    return c.html(page(file), 200, SECURITY_HEADERS);
  });

  app.get('/console/:file', (c) => {
    const name = c.req.param('file');
    if (!files || !CONSOLE_FILE.test(name))
      return c.json(errorBody(ERROR_CODES.notFound, `No console file ${name}.`), 404);
    // Every module's name carries its content hash: cached for a year, read once.
    const file = files.get(basename(name), true);
    if (!file) return c.json(entry() ? errorBody(ERROR_CODES.notFound, `No console file ${name}.`) : notBuilt, 404);
    return sendBuiltFile(c, file, {
      'content-type': name.endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'cache-control': IMMUTABLE,
    });
  });
}
