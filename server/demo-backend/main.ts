/**
 * `tsx server/demo-backend/main.ts`: runs the demo backend until SIGINT/SIGTERM. `npm start` runs
 * it beside the server. Port: `DEMO_BACKEND_PORT` (default 8788, the one `demo.json` names);
 * secrets: `SHIPPING_KEY` and `ORDER_TOOL_SECRET`, the same variables the server reads.
 */
import { DEMO_BACKEND_PORT, DEMO_SECRET_ENV } from './config.js';
import { startDemoBackend } from './backend.js';

const shippingKey = process.env[DEMO_SECRET_ENV.shippingKey];
const webhookSecret = process.env[DEMO_SECRET_ENV.webhookSecret];
if (!shippingKey || !webhookSecret) {
  console.error(`The demo backend needs $${DEMO_SECRET_ENV.shippingKey} and $${DEMO_SECRET_ENV.webhookSecret}.`);
  process.exit(1);
}
const port = Number(process.env.DEMO_BACKEND_PORT ?? DEMO_BACKEND_PORT);
const backend = await startDemoBackend({ port, shippingKey, webhookSecret });
console.log(`demo backend listening on ${backend.url} (shipping quotes, order status)`);
const stop = () => void backend.close().finally(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
