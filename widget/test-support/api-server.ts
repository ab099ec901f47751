/**
 * The real server (offline model, memory store) for element tests: web-test-runner starts it
 * beside its own dev server, and the test page talks to it cross-origin like a storefront would.
 */
import { serve } from '@hono/node-server';
import { createApp } from '../../server/app.js';
import { parseConfig } from '../../server/config/load.js';
import { MemoryStore } from '../../server/store/index.js';

export const TEST_TOKEN = 'ct_test_elements';

export async function startTestApi(pageOrigins: string[]): Promise<{ url: string; close(): Promise<void> }> {
  const config = parseConfig({
    agents: { shop: { model: 'offline' } },
    surfaces: {
      elements: {
        agent: 'shop',
        welcomeMessage: 'Welcome to the element tests.',
        placeholder: 'Ask the test shop…',
        suggestions: ['Do you have mugs?', 'What is in my cart?'],
        clientTokens: [{ token: TEST_TOKEN, allowedOrigins: pageOrigins }],
        behavior: { webmcp: { enabled: true } },
      },
    },
  });
  const store = new MemoryStore();
  const app = createApp({ config, store });
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (request.method === 'POST' && url.pathname === '/v1/client/chat') {
      const body = (await request.clone().json()) as { messages?: Array<{ content?: string }> };
      const text = body.messages?.at(-1)?.content ?? '';
      if (text.startsWith('/server-tool')) return serverToolStream(request);
    }
    return app.fetch(request);
  };
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * `/server-tool` answers with the frames the server streams for a tool it runs itself (docs/architecture.md:
 * `tool_start`/`tool_complete` with `origin: 'server'`, no pause): one call that succeeds, one that
 * fails, then a reply.
 */
function serverToolStream(request: Request): Response {
  const executionId = 'exec_server_tools';
  const frames: Array<Record<string, unknown>> = [
    { type: 'execution_start', kind: 'agent', startedAt: new Date().toISOString() },
    { type: 'turn_start', id: 'turn_1', iteration: 1 },
    {
      type: 'tool_start',
      toolCallId: 'srv_ok',
      toolName: 'shipping_quote',
      toolType: 'http',
      parameters: { city: 'Lyon' },
      origin: 'server',
    },
    {
      type: 'tool_start',
      toolCallId: 'srv_bad',
      toolName: 'stock_check',
      toolType: 'webhook',
      parameters: { sku: 'x' },
      origin: 'server',
    },
    {
      type: 'tool_complete',
      toolCallId: 'srv_ok',
      toolName: 'shipping_quote',
      result: { days: 2, price: 4.9 },
      success: true,
      executionTime: 120,
      origin: 'server',
    },
    {
      type: 'tool_complete',
      toolCallId: 'srv_bad',
      toolName: 'stock_check',
      result: null,
      success: false,
      executionTime: 35,
      error: 'The stock service answered 503.',
      origin: 'server',
    },
    { type: 'text_start', id: 'text_1' },
    { type: 'text_delta', id: 'text_1', delta: 'Shipping to Lyon takes 2 days.' },
    { type: 'text_complete', id: 'text_1', text: 'Shipping to Lyon takes 2 days.' },
    { type: 'turn_complete', id: 'turn_1', iteration: 1, stopReason: 'end_turn' },
    {
      type: 'execution_complete',
      kind: 'agent',
      success: true,
      stopReason: 'end_turn',
      completedAt: new Date().toISOString(),
    },
  ];
  const body = frames
    .map((frame, i) => {
      const data = { ...frame, executionId, seq: i + 1 };
      return `event: ${String(frame.type)}\nid: ${i + 1}\ndata: ${JSON.stringify(data)}\n\n`;
    })
    .join('');
  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream',
      'access-control-allow-origin': request.headers.get('origin') ?? '*',
    },
  });
}
