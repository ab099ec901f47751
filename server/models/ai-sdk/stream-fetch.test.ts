import { describe, expect, it, vi } from 'vitest';
import { withActivity } from './deadline.js';
import { lineRewriteStream, streamFetch, type LineRewriter } from './stream-fetch.js';

/** Runs bytes, cut at the given sizes, through a rewriter; returns the output text and the lines seen. */
async function run(text: string, sizes: number[], rewrite: (line: string) => string = (l) => l) {
  const bytes = new TextEncoder().encode(text);
  const seen: Array<[string, string]> = [];
  const rewriter: LineRewriter = { line: (line, eol) => (seen.push([line, eol]), rewrite(line)) };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0, i = 0; at < bytes.length; i++) {
        const size = sizes[i % sizes.length]!;
        controller.enqueue(bytes.slice(at, at + size));
        at += size;
      }
      controller.close();
    },
  });
  const out = await new Response(stream.pipeThrough(lineRewriteStream(rewriter))).text();
  return { out, seen };
}

describe('lineRewriteStream', () => {
  const sse = 'data: {"a":"é☕😀"}\r\n\r\ndata: [DONE]\n\nevent: x\rdata: y\r\r';

  it.each([[[1]], [[2, 3]], [[5, 1, 7]], [[1000]]])(
    'keeps untouched bytes identical whatever the cuts (%j)',
    async (sizes) => {
      const { out, seen } = await run(sse, sizes);
      expect(out).toBe(sse);
      expect(seen).toEqual([
        ['data: {"a":"é☕😀"}', '\r\n'],
        ['', '\r\n'],
        ['data: [DONE]', '\n'],
        ['', '\n'],
        ['event: x', '\r'],
        ['data: y', '\r'],
        ['', '\r'],
      ]);
    },
  );

  it('rewrites lines in place, keeping their line endings, and hands over a last line without one', async () => {
    const { out, seen } = await run('data: 1\r\ndata: 2', [3], (line) => line.replace('data: ', 'data:x'));
    expect(out).toBe('data:x1\r\ndata:x2');
    expect(seen.at(-1)).toEqual(['data: 2', '']);
  });
});

describe('streamFetch', () => {
  it('passes error responses through untouched and rewrites successful bodies', async () => {
    const base = vi.fn(async (_input: unknown, init?: RequestInit) =>
      init?.method === 'GET'
        ? new Response('{"error":1}', { status: 401 })
        : new Response('data: a\n\n', { status: 200, headers: { 'x-h': '1' } }),
    );
    const seenBodies: string[] = [];
    const fetch = streamFetch(base as unknown as typeof globalThis.fetch, (body) => {
      seenBodies.push(body);
      return { line: (line) => line.toUpperCase() };
    });
    const error = await fetch('http://x', { method: 'GET' });
    expect([error.status, await error.text()]).toEqual([401, '{"error":1}']);
    const ok = await fetch('http://x', { method: 'POST', body: '{"model":"m"}' });
    expect([ok.status, ok.headers.get('x-h'), await ok.text()]).toEqual([200, '1', 'DATA: A\n\n']);
    expect(seenBodies).toEqual(['{"model":"m"}']);
  });

  it("reports the response and every body chunk to the running request's activity callback", async () => {
    const chunks = ['data: a\n', '\n', 'data: b\n\n'];
    const base = async () =>
      new Response(
        new ReadableStream({
          start: (c) => (chunks.forEach((t) => c.enqueue(new TextEncoder().encode(t))), c.close()),
        }),
      );
    const touch = vi.fn();
    const response = await withActivity(touch, () => streamFetch(base as unknown as typeof fetch)('http://x'));
    expect(touch).toHaveBeenCalledTimes(1);
    expect(await response.text()).toBe(chunks.join(''));
    expect(touch).toHaveBeenCalledTimes(1 + chunks.length);
  });
});
