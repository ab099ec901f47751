/**
 * The read-only adapters for the legacy navigator APIs, and their place in the detection order,
 * against fake `navigator.modelContextTesting` / `navigator.modelContext` objects shaped like
 * Chromium 146–151 and `@mcp-b/global` before 5.
 */
import { describe, expect, it } from 'vitest';
import { ContextBackend } from './context-backend.js';
import { detectBackend } from './detect.js';
import { LegacyContextBackend } from './legacy-context.js';
import { TestingBackend } from './legacy-testing.js';
import { BuiltinModelContext } from './polyfill.js';
import type { PageTool, WebmcpBackend } from './types.js';
import { rejection } from '../test-support/async.js';
import { failed, ok } from '../test-support/outcome.js';

const TOOL_FAILED = 'Tool was executed but the invocation failed. For example, the script function threw an error';
const signal = () => new AbortController().signal;

async function toolNamed(backend: WebmcpBackend, name: string): Promise<PageTool> {
  const tool = (await backend.getTools()).find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  return tool;
}

/** Resolves at the next change notification. */
function nextChange(backend: WebmcpBackend): Promise<void> {
  return new Promise((resolve) => {
    const off = backend.subscribe(() => {
      off();
      resolve();
    });
  });
}

/** Chromium's `navigator.modelContextTesting`: JSON strings in and out, `toolchange` events. */
class FakeTesting extends EventTarget {
  readonly calls: Array<{ name: string; input: unknown; signal: AbortSignal | undefined }> = [];
  tools: Array<Record<string, unknown>> = [
    { name: 'search', description: 'Searches.', inputSchema: '{"type":"object","properties":{"q":{"type":"string"}}}' },
    { name: 'cart', description: 'Shows the cart.', inputSchema: '' },
  ];
  run: (name: string, args: Record<string, unknown>) => Promise<unknown> = async (name, args) =>
    JSON.stringify({ name, args });
  listTools(): unknown {
    return this.tools;
  }
  executeTool(name: string, input: string, options?: { signal?: AbortSignal }): Promise<unknown> {
    this.calls.push({ name, input, signal: options?.signal });
    if (typeof input !== 'string')
      return Promise.reject(new DOMException('Tool was not executed due to invalid input arguments', 'UnknownError'));
    return this.run(name, JSON.parse(input) as Record<string, unknown>);
  }
}

describe('TestingBackend (navigator.modelContextTesting)', () => {
  it('lists the tools sorted by name, parsing the JSON-string schemas, with the name as handle', async () => {
    const backend = new TestingBackend(new FakeTesting());
    const tools = await backend.getTools();
    expect(backend.kind).toBe('legacy');
    expect(tools.map((t) => [t.name, t.description, t.inputSchema, t.handle])).toEqual([
      ['cart', 'Shows the cart.', undefined, 'cart'],
      ['search', 'Searches.', { type: 'object', properties: { q: { type: 'string' } } }, 'search'],
    ]);
  });

  it('skips malformed entries and accepts a listTools that returns a promise', async () => {
    const testing = new FakeTesting();
    testing.listTools = () =>
      Promise.resolve([{ name: 'ok', description: 'Ok.', inputSchema: '{bad' }, { description: 'nameless' }, null]);
    const [tool, ...rest] = await new TestingBackend(testing).getTools();
    expect(rest).toEqual([]);
    expect(tool).toMatchObject({ name: 'ok', inputSchema: undefined, schemaUnparseable: true });
  });

  it('executes by name with a JSON string and the call’s signal', async () => {
    const testing = new FakeTesting();
    const backend = new TestingBackend(testing);
    const s = signal();
    expect(await backend.execute(await toolNamed(backend, 'search'), { q: 'mug' }, s)).toEqual(
      ok('{"name":"search","args":{"q":"mug"}}'),
    );
    expect(testing.calls).toEqual([{ name: 'search', input: '{"q":"mug"}', signal: s }]);
  });

  it('keeps null (navigation) and unwraps results and errors', async () => {
    const testing = new FakeTesting();
    const backend = new TestingBackend(testing);
    const search = await toolNamed(backend, 'search');
    testing.run = async () => null;
    expect(await backend.execute(search, {}, signal())).toBeNull();
    testing.run = async () => ({ content: [{ type: 'text', text: 'Found 2 mugs' }] });
    expect(await backend.execute(search, {}, signal())).toEqual(ok('Found 2 mugs'));
    testing.run = () => Promise.reject(new DOMException(`${TOOL_FAILED}: Out of stock`, 'UnknownError'));
    const error = (await rejection(backend.execute(search, {}, signal()))) as DOMException;
    expect([error.name, error.message]).toEqual(['UnknownError', 'Out of stock']);
  });

  it('rejects as soon as the call is aborted, even when executeTool ignores the signal', async () => {
    const testing = new FakeTesting();
    testing.run = () => new Promise(() => undefined);
    const backend = new TestingBackend(testing);
    const controller = new AbortController();
    const pending = rejection(backend.execute(await toolNamed(backend, 'search'), {}, controller.signal));
    controller.abort(new DOMException('stopped', 'AbortError'));
    expect(((await pending) as DOMException).message).toBe('stopped');
    expect(
      ((await rejection(backend.execute(await toolNamed(backend, 'search'), {}, AbortSignal.abort()))) as DOMException)
        .name,
    ).toBe('AbortError');
    expect(testing.calls).toHaveLength(1);
  });

  it('calls back on toolchange until unsubscribed', () => {
    const testing = new FakeTesting();
    const backend = new TestingBackend(testing);
    let changes = 0;
    const off = backend.subscribe(() => changes++);
    testing.dispatchEvent(new Event('toolchange'));
    off();
    testing.dispatchEvent(new Event('toolchange'));
    expect(changes).toBe(1);
  });

  it('shares the single registerToolsChangedCallback slot of the oldest builds with the page', () => {
    let slot: (() => void) | undefined;
    const testing = {
      listTools: () => [],
      executeTool: async () => '',
      registerToolsChangedCallback(callback: () => void) {
        slot = callback;
      },
    };
    const backend = new TestingBackend(testing);
    const seen: string[] = [];
    const offA = backend.subscribe(() => seen.push('a'));
    backend.subscribe(() => seen.push('b'));
    // The page registers its own callback afterwards: chained, not replacing ours.
    testing.registerToolsChangedCallback(() => seen.push('page'));
    slot!();
    offA();
    slot!();
    expect(seen).toEqual(['a', 'b', 'page', 'b', 'page']);
  });
});

/** Chrome 146's imperative `navigator.modelContext`: registrations only, nothing to list or execute. */
class FakeImperativeContext {
  readonly log: string[] = [];
  readonly names = new Set<string>();
  registerTool(tool: { name: string }): void {
    if (this.names.has(tool.name)) throw new DOMException('Duplicate tool name', 'InvalidStateError');
    this.names.add(tool.name);
    this.log.push(`register ${tool.name}`);
  }
  unregisterTool(name: string): void {
    this.names.delete(name);
    this.log.push(`unregister ${name}`);
  }
  provideContext(context: { tools: Array<{ name: string }> }): void {
    this.names.clear();
    for (const tool of context.tools) this.names.add(tool.name);
    this.log.push('provide');
  }
  clearContext(): void {
    this.names.clear();
    this.log.push('clear');
  }
}

function legacyTool(
  name: string,
  execute: (
    input: Record<string, unknown>,
    client: { signal: AbortSignal; requestUserInteraction(cb: () => unknown): Promise<unknown> },
  ) => unknown = (input) => ({ name, input }),
) {
  return { name, description: `Does ${name}.`, inputSchema: { type: 'object' }, execute };
}

describe('LegacyContextBackend over the imperative navigator.modelContext', () => {
  it('sees provideContext, registerTool, unregisterTool and clearContext, still calling the originals', async () => {
    const context = new FakeImperativeContext();
    const backend = new LegacyContextBackend(context);
    const names = async () => (await backend.getTools()).map((t) => t.name);
    context.provideContext({ tools: [legacyTool('search'), legacyTool('cart')] });
    context.registerTool(legacyTool('add'));
    expect(await names()).toEqual(['add', 'cart', 'search']);
    context.unregisterTool('cart');
    expect(await names()).toEqual(['add', 'search']);
    context.provideContext({ tools: [legacyTool('checkout')] }); // replaces every tool, as Chrome's did
    expect(await names()).toEqual(['checkout']);
    context.clearContext();
    expect(await names()).toEqual([]);
    expect(context.log).toEqual(['provide', 'register add', 'unregister cart', 'provide', 'clear']);
    expect(backend.kind).toBe('legacy');
  });

  it('does not record a registration the original refused', async () => {
    const context = new FakeImperativeContext();
    const backend = new LegacyContextBackend(context);
    const first = legacyTool('search');
    context.registerTool(first);
    expect(() => context.registerTool(legacyTool('search', () => 'second'))).toThrow('Duplicate tool name');
    expect((await toolNamed(backend, 'search')).handle).toBe(first);
  });

  it('notifies subscribers after each change, once the page’s call has returned', async () => {
    const context = new FakeImperativeContext();
    const backend = new LegacyContextBackend(context);
    let changes = 0;
    const off = backend.subscribe(() => changes++);
    context.registerTool(legacyTool('a'));
    expect(changes).toBe(0);
    await nextChange(backend);
    expect(changes).toBe(1);
    off();
    context.clearContext();
    await nextChange(backend);
    expect(changes).toBe(1);
  });

  it('executes the tool itself with the input object, the call’s signal and a client', async () => {
    const context = new FakeImperativeContext();
    const backend = new LegacyContextBackend(context);
    let seen: unknown[] = [];
    context.registerTool(
      legacyTool('ask', async (input, client) => {
        seen = [input, client.signal];
        return client.requestUserInteraction(() => 'confirmed');
      }),
    );
    context.registerTool(legacyTool('mcp', () => ({ content: [{ type: 'text', text: 'Added 2 mugs' }] })));
    context.registerTool(legacyTool('nothing', () => undefined));
    const s = signal();
    expect(await backend.execute(await toolNamed(backend, 'ask'), { q: 1 }, s)).toEqual(ok('confirmed'));
    expect(seen).toEqual([{ q: 1 }, s]);
    expect(await backend.execute(await toolNamed(backend, 'mcp'), {}, s)).toEqual(ok('Added 2 mugs'));
    expect(await backend.execute(await toolNamed(backend, 'nothing'), {}, s)).toEqual(ok('undefined'));
  });

  it('passes a tool’s own error on, and turns an isError result into an error', async () => {
    const context = new FakeImperativeContext();
    const backend = new LegacyContextBackend(context);
    const thrown = new RangeError('Out of stock');
    context.registerTool(
      legacyTool('boom', () => {
        throw thrown;
      }),
    );
    context.registerTool(
      legacyTool('soft', () => ({ content: [{ type: 'text', text: 'Card declined' }], isError: true })),
    );
    expect(await rejection(backend.execute(await toolNamed(backend, 'boom'), {}, signal()))).toBe(thrown);
    // The tool's own error result is data, not a rejection.
    expect(await backend.execute(await toolNamed(backend, 'soft'), {}, signal())).toEqual(failed('Card declined'));
  });

  it('rejects promptly on abort and aborts the signal the tool was given', async () => {
    const context = new FakeImperativeContext();
    const backend = new LegacyContextBackend(context);
    let toolSignal!: AbortSignal;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    context.registerTool(
      legacyTool('slow', (_input, client) => {
        toolSignal = client.signal;
        started();
        return new Promise(() => undefined);
      }),
    );
    const controller = new AbortController();
    const pending = rejection(backend.execute(await toolNamed(backend, 'slow'), {}, controller.signal));
    await running;
    controller.abort();
    expect(((await pending) as DOMException).name).toBe('AbortError');
    expect(toolSignal.aborted).toBe(true);
  });

  it('refuses a tool that was unregistered since it was listed', async () => {
    const context = new FakeImperativeContext();
    const backend = new LegacyContextBackend(context);
    context.registerTool(legacyTool('gone'));
    const listed = await toolNamed(backend, 'gone');
    context.unregisterTool('gone');
    context.registerTool(legacyTool('gone', () => 'a different tool'));
    const error = (await rejection(backend.execute(listed, {}, signal()))) as DOMException;
    expect([error.name, error.message]).toEqual(['UnknownError', 'Tool not found: gone']);
  });

  it('follows @mcp-b/global’s {unregister} handles and registration signals', async () => {
    const context = {
      registerTool: (tool: { name: string }) => ({ unregister: () => void tool }),
    };
    const backend = new LegacyContextBackend(context);
    const handle = context.registerTool(legacyTool('dynamic')) as { unregister(): void };
    const controller = new AbortController();
    (context.registerTool as (tool: unknown, options: unknown) => unknown)(legacyTool('scoped'), {
      signal: controller.signal,
    });
    expect((await backend.getTools()).map((t) => t.name)).toEqual(['dynamic', 'scoped']);
    handle.unregister();
    controller.abort();
    expect(await backend.getTools()).toEqual([]);
  });

  it('does not see tools registered before it was created (why the widget detects early and again)', async () => {
    const context = new FakeImperativeContext();
    context.registerTool(legacyTool('early'));
    const backend = new LegacyContextBackend(context);
    context.registerTool(legacyTool('late'));
    expect((await backend.getTools()).map((t) => t.name)).toEqual(['late']);
  });
});

describe('LegacyContextBackend over a navigator.modelContext that lists and executes (@mcp-b/global < 5)', () => {
  function mcpBGlobal(wants: 'object' | 'string' = 'object') {
    const inputs: unknown[] = [];
    return {
      inputs,
      provideContext: () => undefined,
      registerTool: () => ({ unregister: () => undefined }),
      listTools: () => [
        {
          name: 'greet',
          description: 'Greets.',
          inputSchema: { type: 'object', properties: { name: { type: 'string' } } },
        },
      ],
      executeTool: async (name: string, args: unknown) => {
        inputs.push(args);
        if (wants === 'string' && typeof args !== 'string')
          throw new SyntaxError('"[object Object]" is not valid JSON');
        if (wants === 'object' && typeof args !== 'object')
          throw new TypeError('invalid input object: value is not an object');
        const input = (typeof args === 'string' ? JSON.parse(args) : args) as { name: string };
        return { content: [{ type: 'text', text: `Hello, ${input.name}! (${name})` }] };
      },
    };
  }

  it('lists through listTools and executes through executeTool, unwrapping the CallToolResult', async () => {
    const context = mcpBGlobal();
    const backend = new LegacyContextBackend(context);
    const greet = await toolNamed(backend, 'greet');
    expect(greet.inputSchema).toEqual({ type: 'object', properties: { name: { type: 'string' } } });
    expect(await backend.execute(greet, { name: 'Ada' }, signal())).toEqual(ok('Hello, Ada! (greet)'));
    expect(context.inputs).toEqual([{ name: 'Ada' }]);
  });

  it('learns a JSON-string executeTool the same way the current API adapter does', async () => {
    const context = mcpBGlobal('string');
    const backend = new LegacyContextBackend(context);
    const greet = await toolNamed(backend, 'greet');
    expect(await backend.execute(greet, { name: 'Ada' }, signal())).toEqual(ok('Hello, Ada! (greet)'));
    expect(await backend.execute(greet, { name: 'Bo' }, signal())).toEqual(ok('Hello, Bo! (greet)'));
    expect(context.inputs).toEqual([{ name: 'Ada' }, '{"name":"Ada"}', '{"name":"Bo"}']);
  });
});

describe('detectBackend: the legacy step of the detection order', () => {
  /** A document-like object (no real Document in Node, so no native context). */
  function fakeDocument(navigator: Record<string, unknown>, modelContext?: unknown): Document {
    const doc: Record<string, unknown> = { defaultView: { navigator } };
    if (modelContext !== undefined) doc.modelContext = modelContext;
    return doc as unknown as Document;
  }

  it('prefers modelContextTesting, which sees every tool, over the imperative navigator.modelContext', () => {
    const testing = new FakeTesting();
    const backend = detectBackend(
      fakeDocument({ modelContextTesting: testing, modelContext: new FakeImperativeContext() }),
    );
    expect(backend).toBeInstanceOf(TestingBackend);
    expect(backend.kind).toBe('legacy');
  });

  it('watches the imperative navigator.modelContext when it is all there is, and does not install ours', () => {
    const context = new FakeImperativeContext();
    const doc = fakeDocument({ modelContext: context });
    const backend = detectBackend(doc);
    expect(backend).toBeInstanceOf(LegacyContextBackend);
    expect((doc as unknown as { modelContext?: unknown }).modelContext).toBeUndefined();
    // Cheap to repeat: the same object, so nothing is wrapped twice.
    expect(detectBackend(doc)).toBe(backend);
  });

  it('uses a current-shaped context found on navigator (the draft before it moved to document) as it is', () => {
    const context = Object.assign(new EventTarget(), {
      registerTool: () => undefined,
      getTools: () => [],
      executeTool: async () => '',
    });
    const backend = detectBackend(fakeDocument({ modelContext: context }));
    expect(backend).toBeInstanceOf(ContextBackend);
    expect(backend.kind).toBe('legacy');
  });

  it('follows a legacy object that a polyfill copied onto document.modelContext', () => {
    const context = new FakeImperativeContext();
    expect(detectBackend(fakeDocument({}, context))).toBeInstanceOf(LegacyContextBackend);
  });

  it('puts a polyfill on document.modelContext before any legacy API', () => {
    const polyfill = Object.assign(new EventTarget(), {
      registerTool: () => undefined,
      getTools: () => [],
      executeTool: async () => '',
    });
    const backend = detectBackend(fakeDocument({ modelContextTesting: new FakeTesting() }, polyfill));
    expect(backend).toBeInstanceOf(ContextBackend);
    expect(backend.kind).toBe('polyfill');
  });

  it('installs ours only when there is nothing, and gives way to a legacy API that appears while ours is empty', async () => {
    const navigator: Record<string, unknown> = {};
    const doc = fakeDocument(navigator);
    const builtin = detectBackend(doc);
    expect(builtin.kind).toBe('builtin');
    expect(detectBackend(doc)).toBe(builtin);
    const ours = (doc as unknown as { modelContext: BuiltinModelContext }).modelContext;
    expect(ours).toBeInstanceOf(BuiltinModelContext);

    // A legacy polyfill script later in the page (re-detection on DOMContentLoaded).
    navigator.modelContext = new FakeImperativeContext();
    expect(detectBackend(doc)).toBeInstanceOf(LegacyContextBackend);

    // Once the page has registered tools on ours, ours stays.
    const other = fakeDocument({});
    const kept = detectBackend(other);
    const context = (other as unknown as { modelContext: BuiltinModelContext }).modelContext;
    await context.registerTool({ name: 'search', description: 'Searches.', execute: () => 'ok' });
    (other.defaultView!.navigator as unknown as Record<string, unknown>).modelContext = new FakeImperativeContext();
    expect(detectBackend(other)).toBe(kept);
  });
});
