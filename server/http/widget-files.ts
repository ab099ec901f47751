import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Hono } from 'hono';
import { errorBody } from './errors.js';
import { ERROR_CODES } from '../../bridge/protocol/index.js';

/** The widget's files: the script-tag loader and the chunks it imports on demand (`webmcp-chat-*.js`). */
const WIDGET_FILE = /^webmcp-chat(?:-[A-Za-z0-9_.-]+)?\.js(?:\.map)?$/;

/**
 * Serves the built widget (`dist/webmcp-chat.js` and its chunks) so a page can embed it from the
 * server it talks to. Chunks are loaded as ES modules from the page's origin, hence CORS `*`.
 */
export function serveWidget(app: Hono, loaderFile: string | undefined): void {
  app.get('/:file{webmcp-chat[A-Za-z0-9_.-]*\\.js(?:\\.map)?}', (c) => {
    const name = c.req.param('file');
    if (!loaderFile || !WIDGET_FILE.test(name))
      return c.json(errorBody(ERROR_CODES.notFound, `No widget file ${name}.`), 404);
    const path = join(dirname(loaderFile), basename(name));
    if (!existsSync(path)) {
      return c.json(
        errorBody(
          ERROR_CODES.widgetNotBuilt,
          `Run \`npm run build\` to produce ${basename(loaderFile)} and its chunks.`,
        ),
        404,
      );
    }
    return c.body(readFileSync(path), 200, {
      'content-type': name.endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8',
      'cache-control': 'no-cache',
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
    });
  });
}
