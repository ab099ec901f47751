/**
 * A backend RPC handler as its own process, for the tests: `node --import tsx sdk/rpc-handler.fixture.ts`
 * with `RPC_API_URL`, `RPC_API_KEY` and `RPC_AGENT` set. It serves `slow_tool`, which announces each
 * call on stdout (`CALL <toolCallId>`) and never answers, and `lookup_stock`, which answers at once.
 * It prints `CONNECTED` once registered. Not a test file.
 */
import { createRpcHandler } from './index.js';

const env = (name: string) => process.env[name] ?? '';

createRpcHandler({
  apiUrl: env('RPC_API_URL'),
  apiKey: env('RPC_API_KEY'),
  agent: env('RPC_AGENT'),
  tools: {
    slow_tool: (_args, { toolCallId }) => {
      process.stdout.write(`CALL ${toolCallId}\n`);
      return new Promise(() => {}); // never answers: the test kills this process mid-call
    },
    lookup_stock: (args) => ({ sku: args.sku, inStock: 3, pid: process.pid }),
  },
  onConnected: () => process.stdout.write('CONNECTED\n'),
  onError: (error) => process.stdout.write(`ERROR ${error.code} ${error.message}\n`),
});
