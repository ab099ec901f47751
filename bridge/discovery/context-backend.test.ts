import { describe, expect, it } from 'vitest';
import { ContextBackend } from './context-backend.js';
import type { ModelContextLike, PageTool, RegisteredToolLike } from './types.js';
import { rejection } from '../test-support/async.js';
import { ok } from '../test-support/outcome.js';

type Encoding = 'object' | 'string';

/**
 * A `document.modelContext` that accepts one input encoding, like native Chromium (objects) or the
 * MCP-B polyfill and older Chrome (JSON strings), and refuses the other with their error messages.
 */
class FakeContext extends EventTarget implements ModelContextLike {
  readonly inputs: unknown[] = [];
  readonly signals: Array<AbortSignal | undefined> = [];
  constructor(
    private readonly wants: Encoding,
    private readonly tools: RegisteredToolLike[] = [{ name: 'echo', description: 'Echoes.' }],
    private readonly run: (args: Record<string, unknown>) => string | null = (args) => JSON.stringify(args),
  ) {
    super();
  }
  registerTool(): void {}
  getTools(): RegisteredToolLike[] {
    return this.tools;
  }
  async executeTool(
    _tool: RegisteredToolLike,
    input: unknown,
    options: { signal?: AbortSignal } = {},
  ): Promise<string | null> {
    this.inputs.push(input);
    this.signals.push(options.signal);
    if (this.wants === 'object' && (typeof input !== 'object' || input === null)) {
      throw new TypeError(
        "Failed to execute 'executeTool' on 'ModelContext': invalid input object: value is not an object",
      );
    }
    // MCP-B's exact rejection (@mcp-b/webmcp-polyfill 5.1 `parseChromeToolInput`).
    if (this.wants === 'string' && typeof input !== 'string')
      throw new DOMException('Failed to parse input arguments', 'UnknownError');
    return this.run(
      typeof input === 'string' ? (JSON.parse(input) as Record<string, unknown>) : (input as Record<string, unknown>),
    );
  }
}

async function firstTool(backend: ContextBackend): Promise<PageTool> {
  return (await backend.getTools())[0]!;
}

const signal = () => new AbortController().signal;

describe('ContextBackend.execute: input encoding', () => {
  it('passes an object to an object-taking context once, and latches the object encoding', async () => {
    const context = new FakeContext('object');
    const backend = new ContextBackend('native', context);
    const tool = await firstTool(backend);
    expect(backend.inputEncoding).toBeUndefined();
    expect(await backend.execute(tool, { q: 'mug' }, signal())).toEqual(ok('{"q":"mug"}'));
    expect(context.inputs).toEqual([{ q: 'mug' }]);
    expect(backend.inputEncoding).toBe('object');
    await backend.execute(tool, { q: 'cup' }, signal());
    expect(context.inputs).toEqual([{ q: 'mug' }, { q: 'cup' }]);
  });

  it('retries once with a JSON string when a string-taking context cannot parse the object, then latches it', async () => {
    const context = new FakeContext('string');
    const backend = new ContextBackend('polyfill', context);
    const tool = await firstTool(backend);
    expect(await backend.execute(tool, { q: 'mug' }, signal())).toEqual(ok('{"q":"mug"}'));
    expect(context.inputs).toEqual([{ q: 'mug' }, '{"q":"mug"}']);
    expect(backend.inputEncoding).toBe('string');
    // Later calls go straight to the string encoding: one call each.
    expect(await backend.execute(tool, { q: 'cup', n: 2 }, signal())).toEqual(ok('{"q":"cup","n":2}'));
    await backend.execute(tool, {}, signal());
    expect(context.inputs).toEqual([{ q: 'mug' }, '{"q":"mug"}', '{"q":"cup","n":2}', '{}']);
  });

  it('does not retry an unrelated error, and keeps detecting on the next call', async () => {
    const context = new FakeContext('object', undefined, () => {
      throw new Error('Out of stock');
    });
    const backend = new ContextBackend('native', context);
    const tool = await firstTool(backend);
    const error = await rejection(backend.execute(tool, { q: 'mug' }, signal()));
    expect((error as Error).message).toBe('Out of stock');
    expect(context.inputs).toHaveLength(1);
    expect(backend.inputEncoding).toBeUndefined();
  });

  it('does not retry a tool error that merely mentions parsing (the tool must not run twice)', async () => {
    const context = new FakeContext('object', undefined, () => {
      throw new Error('Could not parse the delivery date');
    });
    const backend = new ContextBackend('builtin', context);
    const tool = await firstTool(backend);
    const error = await rejection(backend.execute(tool, { date: 'soon' }, signal()));
    expect((error as Error).message).toBe('Could not parse the delivery date');
    expect(context.inputs).toEqual([{ date: 'soon' }]);
  });

  it('reports the tool’s own error when it looks like a refused input, and latches objects', async () => {
    // The retry with a string is refused by the object-taking context: the first error was the tool's.
    const context = new FakeContext('object', undefined, () => {
      throw new Error('Invalid input arguments: date');
    });
    const backend = new ContextBackend('builtin', context);
    const tool = await firstTool(backend);
    const error = await rejection(backend.execute(tool, { date: 'soon' }, signal()));
    expect((error as Error).message).toBe('Invalid input arguments: date');
    expect(context.inputs).toEqual([{ date: 'soon' }, '{"date":"soon"}']);
    expect(backend.inputEncoding).toBe('object');
    // Latched: the same failure is no longer retried.
    await rejection(backend.execute(tool, { date: 'later' }, signal()));
    expect(context.inputs).toHaveLength(3);
  });

  it('latches the string encoding when the retry ran the tool and it failed (MCP-B wraps the message)', async () => {
    const context = new FakeContext('string', undefined, () => {
      throw new DOMException(
        'Tool was executed but the invocation failed. For example, the script function threw an error: Out of stock',
        'UnknownError',
      );
    });
    const backend = new ContextBackend('polyfill', context);
    const tool = await firstTool(backend);
    const error = (await rejection(backend.execute(tool, { q: 'mug' }, signal()))) as DOMException;
    expect([error.name, error.message]).toEqual(['UnknownError', 'Out of stock']);
    expect(backend.inputEncoding).toBe('string');
    await rejection(backend.execute(tool, { q: 'cup' }, signal()));
    expect(context.inputs).toEqual([{ q: 'mug' }, '{"q":"mug"}', '{"q":"cup"}']);
  });

  it('latches objects when a native context says the tool ran and failed, without a retry', async () => {
    const context = new FakeContext('object', undefined, () => {
      throw new DOMException(
        'Tool was executed but the invocation failed. For example, the script function threw an error',
        'UnknownError',
      );
    });
    const backend = new ContextBackend('native', context);
    const error = (await rejection(backend.execute(await firstTool(backend), {}, signal()))) as DOMException;
    expect(error.name).toBe('UnknownError');
    expect(context.inputs).toHaveLength(1);
    expect(backend.inputEncoding).toBe('object');
  });

  it('does not retry once the encoding is latched', async () => {
    let fail = false;
    const context = new FakeContext('string', undefined, (args) => {
      if (fail) throw new Error('could not parse that JSON either');
      return JSON.stringify(args);
    });
    const backend = new ContextBackend('polyfill', context);
    const tool = await firstTool(backend);
    await backend.execute(tool, { a: 1 }, signal());
    fail = true;
    await rejection(backend.execute(tool, { a: 2 }, signal()));
    expect(context.inputs).toEqual([{ a: 1 }, '{"a":1}', '{"a":2}']);
  });

  it('does not call the context at all when the signal is already aborted', async () => {
    const context = new FakeContext('string');
    const backend = new ContextBackend('polyfill', context);
    const tool = await firstTool(backend);
    const controller = new AbortController();
    controller.abort();
    expect(((await rejection(backend.execute(tool, { a: 1 }, controller.signal))) as DOMException).name).toBe(
      'AbortError',
    );
    expect(context.inputs).toHaveLength(0);
  });

  it('does not retry after an abort during the first call, and rejects as soon as the signal aborts', async () => {
    const context = new FakeContext('string');
    const controller = new AbortController();
    let release!: () => void;
    let refused!: Promise<unknown>;
    const original = context.executeTool.bind(context);
    // A context that ignores the signal and refuses only later, after the abort.
    context.executeTool = (tool, input, options) => {
      const call = new Promise<void>((resolve) => (release = resolve)).then(() => original(tool, input, options));
      refused = call.catch(() => undefined);
      return call;
    };
    const backend = new ContextBackend('polyfill', context);
    const pending = rejection(backend.execute(await firstTool(backend), { a: 1 }, controller.signal));
    controller.abort(new DOMException('stopped', 'AbortError'));
    expect(((await pending) as DOMException).message).toBe('stopped');
    release();
    await refused;
    // One macrotask: any retry the latch would start has been issued by then.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(context.inputs).toHaveLength(1);
    expect(backend.inputEncoding).toBeUndefined();
  });

  it('passes the call’s signal to executeTool, and the registered tool as the handle', async () => {
    const registered: RegisteredToolLike = { name: 'echo', description: 'Echoes.' };
    let seenTool: RegisteredToolLike | undefined;
    const context = new FakeContext('object', [registered]);
    const original = context.executeTool.bind(context);
    context.executeTool = (tool, input, options) => {
      seenTool = tool;
      return original(tool, input, options);
    };
    const backend = new ContextBackend('native', context);
    const s = signal();
    await backend.execute(await firstTool(backend), {}, s);
    expect(context.signals).toEqual([s]);
    expect(seenTool).toBe(registered);
  });

  it('returns null (navigation) as null', async () => {
    const backend = new ContextBackend('native', new FakeContext('object', undefined, () => null));
    expect(await backend.execute(await firstTool(backend), {}, signal())).toBeNull();
  });
});

describe('ContextBackend.getTools', () => {
  const tools = (inputSchema: RegisteredToolLike['inputSchema'] | undefined) => {
    const registered: RegisteredToolLike = { name: 't', description: 'T.' };
    if (inputSchema !== undefined) registered.inputSchema = inputSchema;
    return new ContextBackend('native', new FakeContext('object', [registered])).getTools();
  };

  it('keeps an object schema and parses a JSON-string schema', async () => {
    const schema = { type: 'object', properties: { q: { type: 'string' } } };
    expect((await tools(schema))[0]).toMatchObject({ inputSchema: schema, schemaUnparseable: false });
    expect((await tools(JSON.stringify(schema)))[0]).toMatchObject({ inputSchema: schema, schemaUnparseable: false });
  });

  it('flags a schema string it cannot parse (or that is not an object) and leaves inputSchema undefined', async () => {
    for (const raw of ['{not json', '[1,2]', '42', 'null', '"text"']) {
      const [tool] = await tools(raw);
      expect(tool!.inputSchema, raw).toBeUndefined();
      expect(tool!.schemaUnparseable, raw).toBe(true);
    }
  });

  it('treats a missing or blank schema as "no schema", not as unparseable', async () => {
    for (const raw of [undefined, null, '', '  ']) {
      const [tool] = await tools(raw);
      expect(tool!.inputSchema, JSON.stringify(raw)).toBeUndefined();
      expect(tool!.schemaUnparseable, JSON.stringify(raw)).toBe(false);
    }
  });

  it('normalizes the rest of the tool: description, title, annotations and handle', async () => {
    const annotations = { readOnlyHint: true };
    const registered: RegisteredToolLike[] = [
      { name: 'a', title: 'A tool', description: 'Does a.', annotations },
      { name: 'b', title: '' },
    ];
    const [a, b] = await new ContextBackend('native', new FakeContext('object', registered)).getTools();
    expect(a).toMatchObject({
      name: 'a',
      title: 'A tool',
      description: 'Does a.',
      annotations: { readOnlyHint: true },
    });
    expect(a!.annotations).not.toBe(annotations);
    expect(a!.handle).toBe(registered[0]);
    expect(b).toMatchObject({ name: 'b', description: '', annotations: {} });
    expect(b).not.toHaveProperty('title');
  });

  it('awaits a context whose getTools returns a promise', async () => {
    const context = new FakeContext('object');
    context.getTools = () =>
      Promise.resolve([{ name: 'late', description: 'Late.' }]) as unknown as RegisteredToolLike[];
    expect((await new ContextBackend('native', context).getTools()).map((t) => t.name)).toEqual(['late']);
  });
});

describe('ContextBackend.subscribe', () => {
  it('calls back on toolchange until unsubscribed', () => {
    const context = new FakeContext('object');
    const backend = new ContextBackend('native', context);
    let changes = 0;
    const unsubscribe = backend.subscribe(() => changes++);
    context.dispatchEvent(new Event('toolchange'));
    context.dispatchEvent(new Event('toolactivated'));
    expect(changes).toBe(1);
    unsubscribe();
    context.dispatchEvent(new Event('toolchange'));
    expect(changes).toBe(1);
  });
});
