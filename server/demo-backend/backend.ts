/**
 * The demo shop's own backend, on loopback: the upstream of the demo agent's server tools.
 * `GET /quote` answers `get_shipping_quote` (a bearer key is required) and `POST /tools/order-status`
 * answers the signed `check_order_status` webhook tool (the Standard Webhooks signature is checked
 * with the project's own verifier). Plain `node:http`, no framework, like a shop's small service.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, WebhookVerificationError } from '../webhooks/verify.js';
import { orderById, quoteFor } from './orders.js';

export interface DemoBackendOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** The bearer key `GET /quote` requires. */
  shippingKey: string;
  /** The `whsec_…` secret `POST /tools/order-status` verifies signatures with. */
  webhookSecret: string;
}

/** How many requests each route answered (refusals included), to count upstream work. */
export interface DemoBackendHits {
  quote: number;
  orderStatus: number;
}

export interface DemoBackend {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  hits: DemoBackendHits;
  close(): Promise<void>;
}

/** The largest request body the backend reads. */
const MAX_BODY_BYTES = 16 * 1024;

/** Starts the backend; resolves once it listens. */
export async function startDemoBackend(options: DemoBackendOptions): Promise<DemoBackend> {
  const hits: DemoBackendHits = { quote: 0, orderStatus: 0 };
  const server = createServer((req, res) => {
    handle(req, res, options, hits).catch(() => send(res, 500, { error: 'internal_error' }));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: DemoBackendOptions,
  hits: DemoBackendHits,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://backend');
  if (url.pathname === '/quote' && req.method === 'GET') {
    hits.quote += 1;
    if (req.headers.authorization !== `Bearer ${options.shippingKey}`)
      return send(res, 401, { error: 'unauthorized', message: 'A valid shipping key is required.' });
    const items = url.searchParams.get('items');
    const count = items === null || items === '' ? 1 : Number(items);
    if (!Number.isInteger(count) || count < 1 || count > 999)
      return send(res, 400, { error: 'invalid_items', message: 'items must be a whole number from 1 to 999.' });
    const quote = quoteFor(url.searchParams.get('postcode') ?? '', count);
    if (!quote) return send(res, 400, { error: 'invalid_postcode', message: 'That is not a postcode we ship to.' });
    return send(res, 200, quote);
  }
  if (url.pathname === '/tools/order-status' && req.method === 'POST') {
    hits.orderStatus += 1;
    const body = await readBody(req);
    if (body === undefined) return send(res, 413, { error: 'too_large' });
    let args: { orderId?: unknown };
    try {
      args = verifyWebhook<{ orderId?: unknown }>(options.webhookSecret, req.headers, body);
    } catch (error) {
      if (error instanceof WebhookVerificationError) return send(res, 401, { error: error.code });
      throw error;
    }
    const order = typeof args.orderId === 'string' ? orderById(args.orderId) : undefined;
    if (!order)
      return send(res, 404, { error: 'order_not_found', message: `No order ${String(args.orderId)} was found.` });
    return send(res, 200, order);
  }
  send(res, 404, { error: 'not_found' });
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}
