/**
 * Provider failures through each adapter: every one ends the stream with a clear `ProviderError`
 * (which the engine turns into `execution_error`), and no request hangs.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ProviderError } from './ai-sdk/index.js';
import { ANTHROPIC, collect, OPENAI, request, textOf, useFakeProvider } from './adapters.fixture.js';

const fake = useFakeProvider();

/** A port nothing listens on: bound, then closed. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.each([OPENAI, ANTHROPIC])('$name adapter: failures', (adapter) => {
  const model = (limits?: { timeoutMs?: number; idleTimeoutMs?: number }) => adapter.create(fake().baseURL, limits);
  const label =
    adapter === OPENAI
      ? /^OpenAI-compatible model "fake-gpt" at 127\.0\.0\.1:\d+/
      : /^Anthropic model "claude-sonnet-4-5" at 127\.0\.0\.1:\d+/;

  it("an HTTP error names the status and the provider's message", async () => {
    fake().push({ httpError: { status: 401, message: 'Invalid API key.' } });
    const { events, error } = await collect(model());
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'http' });
    expect(error?.message).toMatch(label);
    expect(error?.message).toMatch(/failed with HTTP 401: Invalid API key\.$/);
  });

  it('a 5xx without a usable body still says HTTP 500', async () => {
    fake().push({ httpError: { status: 500, message: 'upstream exploded' } });
    const { error } = await collect(model());
    expect(error?.message).toMatch(/failed with HTTP 500: upstream exploded/);
  });

  it('midStreamError: an error frame after HTTP 200 ends the step with its message', async () => {
    fake().push({ text: 'Let me check that for you right away.', quirks: { midStreamError: 'Overloaded' } });
    const { events, error } = await collect(model());
    expect(textOf(events).length).toBeGreaterThan(0); // what came before the error was streamed
    expect(events.some((e) => e.type === 'finish')).toBe(false);
    expect(error).toMatchObject({ kind: 'stream-error' });
    expect(error?.message).toMatch(label);
    expect(error?.message).toMatch(/reported an error mid-stream: \w+: Overloaded$/);
  });

  it('malformedFrame: a frame with cut-off JSON is an error, not silently skipped', async () => {
    fake().push({ text: 'Some text that goes on.', quirks: { malformedFrame: true } });
    const { error } = await collect(model());
    expect(error).toMatchObject({ kind: 'malformed' });
    expect(error?.message).toMatch(/sent a malformed stream frame/);
  });

  it('truncate: a stream that ends cleanly without finishing is an error', async () => {
    fake().push({ text: 'Half an answer', quirks: { truncate: true } });
    const { events, error } = await collect(model());
    expect(textOf(events)).toBe('Half an answer');
    expect(error).toMatchObject({ kind: 'unfinished' });
    expect(error?.message).toMatch(/the stream ended before the model finished its answer$/);
  });

  it('dropConnection: a connection lost mid-stream is an error', async () => {
    fake().push({ text: 'Half an answer', quirks: { dropConnection: true } });
    const { error } = await collect(model());
    expect(error).toMatchObject({ kind: 'connection-lost' });
    expect(error?.message).toMatch(/: the connection was lost mid-stream \(.+\)$/);
  });

  it('an unreachable server is a clear error', async () => {
    const dead = adapter.create(`http://127.0.0.1:${await deadPort()}/v1`);
    const { error } = await collect(dead);
    expect(error).toMatchObject({ kind: 'unreachable' });
    expect(error?.message).toMatch(/could not be reached: .*ECONNREFUSED/);
  });

  it('stall: the idle timeout ends a stream that goes silent, and closes the connection', async () => {
    fake().push({ text: 'Thinking', quirks: { stall: true } });
    const { error } = await collect(model({ idleTimeoutMs: 150 }));
    expect(error).toMatchObject({ kind: 'idle-timeout' });
    expect(error?.message).toMatch(/sent nothing for 0\.15 s \(idle timeout\)$/);
    await expect.poll(() => fake().requests[0]?.closedByClient).toBe(true);
  });

  it('keep-alives do not defeat the overall timeout', async () => {
    fake().push({ text: 'Thinking', quirks: { keepAliveMs: 20 } });
    const { error } = await collect(model({ idleTimeoutMs: 200, timeoutMs: 500 }));
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(error?.message).toMatch(/did not finish within 0\.5 s \(timeout\)$/);
    expect(fake().requests[0]!.writes.length).toBeGreaterThan(10); // keep-alives did reset the idle timer
  });

  it("aborting request.signal stops the stream with the caller's reason and closes the connection", async () => {
    fake().push({ text: 'Thinking', quirks: { stall: true } });
    const controller = new AbortController();
    const stream = model().stream(request('hi', { signal: controller.signal }));
    const first = await stream[Symbol.asyncIterator]().next(); // the first text delta arrived
    expect(first.value).toMatchObject({ type: 'text-delta' });
    const reason = new Error('user pressed stop');
    const rest = collect({ info: model().info, stream: () => stream });
    controller.abort(reason);
    expect((await rest).error).toBe(reason);
    await expect.poll(() => fake().requests[0]?.closedByClient).toBe(true);
  });

  it('an already-aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    const { error } = await collect(model(), request('hi', { signal: controller.signal }));
    expect(error?.message).toBe('too late');
    expect(fake().requests).toEqual([]);
  });
});
