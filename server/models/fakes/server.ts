/**
 * A loopback fake model provider for tests: a `node:http` server on 127.0.0.1 that answers
 * `POST …/chat/completions` (OpenAI Chat Completions streaming) and `POST …/messages` (Anthropic
 * Messages streaming) from a turn script, one turn per request, and records every request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicError, renderAnthropicMessages } from './anthropic-messages.js';
import { chatCompletionsError, renderChatCompletions } from './chat-completions.js';
import { trailingToolResults, type FakeFormat, type FakeQuirks, type FakeTurn, type RenderedStream } from './script.js';

/** One request the fake received, and what became of its response. */
export interface RecordedRequest {
  format: FakeFormat;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body. */
  body: Record<string, any>;
  /** The byte pieces written, in order (one per frame, or the awkward pieces). */
  writes: Uint8Array[];
  /** True when the client closed the connection before the response ended. */
  closedByClient: boolean;
}

/** A running fake provider. */
export interface FakeProvider {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** `<url>/v1`: the base URL for both adapters (`/v1/chat/completions`, `/v1/messages`). */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Queues more turns. */
  push(...turns: FakeTurn[]): void;
  /** Turns not yet played. */
  remaining(): number;
  /** Drops the turns not yet played and the recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

/** Options for {@link startFakeProvider}. */
export interface FakeProviderOptions {
  turns?: FakeTurn[];
  /** Quirks for every turn (a turn's own quirks win). */
  quirks?: FakeQuirks;
}

/** The bytes of frames, each line ended by `eol` and each frame by a blank line. */
export function frameText(frames: readonly (readonly string[])[], eol: '\n' | '\r\n'): string {
  return frames.map((lines) => lines.map((line) => line + eol).join('') + eol).join('');
}

/** Sizes that land cuts inside `data:`, between CR and LF, and inside multi-byte characters. */
const SIZES = [1, 2, 3, 5, 7, 11, 4, 6, 1, 9];

/**
 * A cutter of bytes into small pieces of cycling sizes; the cycle runs on across calls, so the cuts
 * fall at different places in every frame of a response.
 *
 * @example const cut = awkwardSplitter(); cut(Buffer.from('data: {}\n\n')).map(String) // ['d', 'at', 'a: ', '{}\n\n']
 */
export function awkwardSplitter(): (bytes: Uint8Array) => Uint8Array[] {
  let turn = 0;
  return (bytes) => {
    const pieces: Uint8Array[] = [];
    for (let offset = 0; offset < bytes.length; turn++) {
      const size = SIZES[turn % SIZES.length]!;
      pieces.push(bytes.subarray(offset, offset + size));
      offset += size;
    }
    return pieces;
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

type Cut = (bytes: Uint8Array) => Uint8Array[];

async function write(res: ServerResponse, record: RecordedRequest, bytes: Uint8Array, cut: Cut): Promise<void> {
  for (const piece of cut(bytes)) {
    if (res.destroyed) return;
    record.writes.push(piece);
    res.write(piece);
    await tick(); // one TCP write per piece (Nagle is off)
  }
}

async function stream(
  res: ServerResponse,
  record: RecordedRequest,
  rendered: RenderedStream,
  quirks: FakeQuirks,
): Promise<void> {
  const eol = quirks.crlf ? '\r\n' : '\n';
  const split: Cut = quirks.splitWrites ? awkwardSplitter() : (bytes) => [bytes];
  const whole: Cut = (bytes) => [bytes];
  res.socket?.setNoDelay(true);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  for (const lines of rendered.content) await write(res, record, Buffer.from(frameText([lines], eol)), split);
  if (quirks.dropConnection) return void res.socket?.destroy();
  if (quirks.stall) return; // open until the client gives up
  if (quirks.keepAliveMs !== undefined) {
    const timer = setInterval(
      () => void write(res, record, Buffer.from(frameText([rendered.keepAlive], eol)), whole),
      quirks.keepAliveMs,
    );
    res.on('close', () => clearInterval(timer));
    return;
  }
  if (!quirks.truncate)
    for (const lines of rendered.closing) await write(res, record, Buffer.from(frameText([lines], eol)), split);
  res.end();
}

/**
 * Starts a fake provider on an ephemeral loopback port.
 *
 * @example
 * const fake = await startFakeProvider({ turns: [{ text: 'Hello!' }] });
 * const model = createOpenAICompatibleModel({ baseURL: fake.baseURL, model: 'fake-gpt' });
 * // … fake.requests[0].body.messages …
 * await fake.close();
 */
export async function startFakeProvider(options: FakeProviderOptions = {}): Promise<FakeProvider> {
  const turns = [...(options.turns ?? [])];
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      const format: FakeFormat | undefined = path.endsWith('/chat/completions')
        ? 'chat-completions'
        : path.endsWith('/messages')
          ? 'anthropic-messages'
          : undefined;
      const text = await readBody(req);
      if (req.method !== 'POST' || !format)
        return void res
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"error":{"message":"no such route"}}');
      const record: RecordedRequest = {
        format,
        path,
        headers: { ...req.headers },
        body: JSON.parse(text) as Record<string, any>,
        writes: [],
        closedByClient: false,
      };
      requests.push(record);
      res.on('close', () => (record.closedByClient = !res.writableFinished));
      const errorBody = format === 'chat-completions' ? chatCompletionsError : anthropicError;
      const next = turns.shift();
      const turn = next && { ...next, quirks: { ...options.quirks, ...next.quirks } };
      if (!turn)
        return void res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(errorBody('fake provider: no scripted turn left', 500));
      if (turn.httpError) {
        return void res
          .writeHead(turn.httpError.status, { 'content-type': 'application/json' })
          .end(errorBody(turn.httpError.message, turn.httpError.status));
      }
      const view = { format, body: record.body, toolResults: trailingToolResults(format, record.body) };
      const n = requests.length;
      const rendered =
        format === 'chat-completions' ? renderChatCompletions(turn, n, view) : renderAnthropicMessages(turn, n, view);
      await stream(res, record, rendered, turn.quirks);
    })().catch((error: unknown) => {
      // a bug in a test script: answer 500 so the test fails with the reason instead of hanging
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `fake provider: ${String(error)}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    push: (...more) => void turns.push(...more),
    remaining: () => turns.length,
    reset: () => {
      turns.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
