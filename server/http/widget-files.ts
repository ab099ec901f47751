import { basename, dirname } from 'node:path';
import type { Hono } from 'hono';
import { BuiltFiles, IMMUTABLE, SHORT_LIVED, sendBuiltFile } from './built-files.js';
import { errorBody } from './errors.js';
import { ERROR_CODES } from '../../bridge/protocol/index.js';

/** The widget's files: the script-tag loader and the chunks it imports on demand (`webmcp-chat-*.js`). */
const WIDGET_FILE = /^webmcp-chat(?:-[A-Za-z0-9_.-]+)?\.js(?:\.map)?$/;

/**
 * Serves the built widget (`dist/webmcp-chat.js` and its chunks) so a page can embed it from the
 * server it talks to. Chunks are loaded as ES modules from the page's origin, hence CORS `*`.
 *
 * Caching: the chunks (`webmcp-chat-<name>-<hash>.js`) are immutable for a year; the launcher keeps
 * its name across releases, so it is cached for five minutes and then revalidated by its ETag (304).
 * Brotli or gzip copies made at build time are sent when `Accept-Encoding` allows; files are read
 * once and held in memory.
 */
export function serveWidget(app: Hono, loaderFile: string | undefined): void {
  const files = loaderFile ? new BuiltFiles(dirname(loaderFile)) : undefined;
  const launcher = loaderFile ? basename(loaderFile) : '';
  app.get('/:file{webmcp-chat[A-Za-z0-9_.-]*\\.js(?:\\.map)?}', (c) => {
    const name = c.req.param('file');
    if (!files || !WIDGET_FILE.test(name))
      return c.json(errorBody(ERROR_CODES.notFound, `No widget file ${name}.`), 404);
    const hashed = name !== launcher && name !== `${launcher}.map`;
    const file = files.get(basename(name), hashed);
    if (!file) {
      return c.json(
        errorBody(ERROR_CODES.widgetNotBuilt, `Run \`npm run build\` to produce ${launcher} and its chunks.`),
        404,
      );
    }
    return sendBuiltFile(c, file, {
      'content-type': name.endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8',
      'cache-control': hashed ? IMMUTABLE : SHORT_LIVED,
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
    });
  });
}
