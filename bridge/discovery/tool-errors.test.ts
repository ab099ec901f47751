import { describe, expect, it } from 'vitest';
import { ContextBackend } from './context-backend.js';
import { ToolErrorCapture } from './tool-errors.js';
import type { ModelContextLike, PageToolDefinition, RegisteredToolLike } from './types.js';
import { ok } from '../test-support/outcome.js';

const GENERIC = 'Tool was executed but the invocation failed. For example, the script function threw an error';

/** Behaves like native Chromium 156: reads the tool as a dictionary and hides what execute threw. */
class FakeNativeContext extends EventTarget implements ModelContextLike {
  readonly #tools = new Map<string, PageToolDefinition>();
  registerTool(tool: PageToolDefinition): Promise<void> {
    if (typeof tool?.execute !== 'function')
      return Promise.reject(new TypeError("Failed to read the 'execute' property"));
    // A dictionary conversion: every member is read, inherited ones included.
    const { name, description, execute } = tool;
    this.#tools.set(name, { name, description, execute });
    return Promise.resolve();
  }
  getTools(): RegisteredToolLike[] {
    return [...this.#tools.values()].map(({ name, description }) => ({ name, description }));
  }
  async executeTool(tool: RegisteredToolLike, input: unknown): Promise<string | null> {
    try {
      return JSON.stringify(
        await this.#tools
          .get(tool.name)!
          .execute(input as Record<string, unknown>, { signal: new AbortController().signal }),
      );
    } catch {
      throw new DOMException(GENERIC, 'UnknownError');
    }
  }
}

function tool(name: string, execute: PageToolDefinition['execute']): PageToolDefinition {
  return { name, description: `Does ${name}.`, execute };
}

async function failure(backend: ContextBackend, name: string): Promise<unknown> {
  const target = (await backend.getTools()).find((t) => t.name === name)!;
  try {
    await backend.execute(target, {}, new AbortController().signal);
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('ToolErrorCapture (native WebMCP hides a throwing tool’s message)', () => {
  it('gives the bridge the error a tool threw, synchronously or by rejecting', async () => {
    const context = new FakeNativeContext();
    const capture = ToolErrorCapture.install(context);
    const backend = new ContextBackend('native', context, { errors: capture });
    const sync = new RangeError('Out of stock');
    await context.registerTool(
      tool('sync', () => {
        throw sync;
      }),
    );
    await context.registerTool(tool('async', async () => Promise.reject(new Error('Card declined'))));
    expect(await failure(backend, 'sync')).toBe(sync);
    expect(((await failure(backend, 'async')) as Error).message).toBe('Card declined');
  });

  it('keeps the generic error without a capture, or for a tool registered before it was installed', async () => {
    const context = new FakeNativeContext();
    await context.registerTool(
      tool('early', () => {
        throw new Error('Out of stock');
      }),
    );
    expect(((await failure(new ContextBackend('native', context), 'early')) as Error).message).toBe(GENERIC);
    const backend = new ContextBackend('native', context, { errors: ToolErrorCapture.install(context) });
    expect(((await failure(backend, 'early')) as DOMException).name).toBe('UnknownError');
  });

  it('does not hand an earlier call’s error to a later failure, nor one tool’s error to another', async () => {
    const context = new FakeNativeContext();
    const backend = new ContextBackend('native', context, { errors: ToolErrorCapture.install(context) });
    let first = true;
    await context.registerTool(
      tool('flaky', () => {
        if (first) {
          first = false;
          throw new Error('first failure');
        }
        return { ok: true };
      }),
    );
    await context.registerTool(
      tool('other', () => {
        throw 'a bare string';
      }),
    );
    expect(((await failure(backend, 'flaky')) as Error).message).toBe('first failure');
    expect(await failure(backend, 'other')).toBe('a bare string');
    const flaky = (await backend.getTools()).find((t) => t.name === 'flaky')!;
    expect(await backend.execute(flaky, {}, new AbortController().signal)).toEqual(ok('{"ok":true}'));
  });

  it('passes the tool’s members and results through unchanged, and a malformed tool as it is', async () => {
    const context = new FakeNativeContext();
    ToolErrorCapture.install(context);
    await context.registerTool(tool('echo', (input) => ({ echo: input })));
    expect(context.getTools()).toEqual([{ name: 'echo', description: 'Does echo.' }]);
    expect(await context.executeTool({ name: 'echo' }, { q: 1 })).toBe('{"echo":{"q":1}}');
    const malformed = { name: 'bad', description: 'Bad.' } as unknown as PageToolDefinition;
    await expect(context.registerTool(malformed)).rejects.toThrow(TypeError);
  });

  it('installs once per context', () => {
    const context = new FakeNativeContext();
    const capture = ToolErrorCapture.install(context);
    const wrapped = context.registerTool;
    expect(ToolErrorCapture.install(context)).toBe(capture);
    expect(context.registerTool).toBe(wrapped);
    expect(Object.hasOwn(context, 'registerTool')).toBe(true);
    expect(ToolErrorCapture.install(Object.freeze(new FakeNativeContext()))).toBeUndefined();
  });
});
