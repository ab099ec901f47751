import { describe, expect, it } from 'vitest';
import type { PageTool, WebmcpBackend } from '../discovery/index.js';
import type { ToolOutcome } from '../protocol/index.js';
import { compilePolicy, type ToolPolicy } from '../policy/index.js';
import { ConsentMemory, type ConsentAnswer } from '../consent/index.js';
import { MemoryStorage } from '../test-support/memory-storage.js';
import { executeCall, type ExecuteOptions, type ToolCall } from './execute.js';
import { NAVIGATED_TEXT, resultText } from './result.js';

type Run = (input: Record<string, unknown>, signal: AbortSignal) => Promise<string | null> | string | null;

/** A backend whose tools all run `run`; it records every call and the signal it was given. */
class FakeBackend implements WebmcpBackend {
  readonly kind = 'builtin' as const;
  readonly calls: Array<{ tool: PageTool; input: Record<string, unknown>; signal: AbortSignal }> = [];
  constructor(private readonly run: Run = () => '"ok"') {}
  async getTools(): Promise<PageTool[]> {
    return [];
  }
  execute(tool: PageTool, input: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome | null> {
    this.calls.push({ tool, input, signal });
    return Promise.resolve()
      .then(() => this.run(input, signal))
      .then((text) => (text === null ? null : { text, isError: false }));
  }
  subscribe(): () => void {
    return () => undefined;
  }
}

const PAGE = 'https://shop.test';
const ALL = compilePolicy({ enabled: true });

function pageTool(name: string, extra: Partial<PageTool> = {}): PageTool {
  return {
    name,
    description: `Does ${name}.`,
    inputSchema: {
      type: 'object',
      properties: { productId: { type: 'string' }, quantity: { type: 'integer', minimum: 1, maximum: 99 } },
      required: ['productId'],
    },
    schemaUnparseable: false,
    annotations: {},
    handle: { name },
    ...extra,
  };
}

const CART = pageTool('add_to_cart', { annotations: { consequentialHint: true } });
const SEARCH = pageTool('search', { inputSchema: undefined, annotations: { readOnlyHint: true } });

function call(toolName: string, parameters: unknown = { productId: 'p1', quantity: 2 }): ToolCall {
  return { toolCallId: 'call_1', toolName, parameters };
}

function options(backend: WebmcpBackend, extra: Partial<ExecuteOptions> = {}): ExecuteOptions {
  return {
    backend,
    tools: new Map([CART, SEARCH].map((t) => [t.name, t])),
    policy: ALL,
    pageOrigin: PAGE,
    signal: new AbortController().signal,
    ...extra,
  };
}

/** Resolves when `signal` aborts (a real signal to wait on, not a sleep). */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) =>
    signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

describe('executeCall: refusals before running', () => {
  it('refuses an unknown tool without calling the backend', async () => {
    const backend = new FakeBackend();
    const result = await executeCall(call('checkout'), options(backend));
    expect(result.isError).toBe(true);
    expect(resultText(result)).toBe('The tool "checkout" is not available on this page.');
    expect(backend.calls).toHaveLength(0);
  });

  it('refuses a tool the policy does not admit, with the reason, without calling the backend', async () => {
    const backend = new FakeBackend();
    const policy = compilePolicy({ enabled: true, allowlist: [{ origin: PAGE, tools: ['search'] }] });
    const result = await executeCall(call('add_to_cart'), options(backend, { policy }));
    expect(result.isError).toBe(true);
    expect(resultText(result)).toBe('The tool "add_to_cart" is not allowed on this page (tool_not_listed).');
    expect(backend.calls).toHaveLength(0);
  });

  it('checks the policy against the page origin it is given', async () => {
    const backend = new FakeBackend();
    const policy = compilePolicy({ enabled: true, allowlist: [{ origin: 'https://other.test', tools: ['*'] }] });
    expect(resultText(await executeCall(call('search', {}), options(backend, { policy })))).toContain(
      'origin_not_listed',
    );
    expect(
      (await executeCall(call('search', {}), options(backend, { policy, pageOrigin: 'https://other.test' }))).isError,
    ).toBeUndefined();
  });

  it('refuses invalid arguments, naming the path, without calling the backend', async () => {
    const backend = new FakeBackend();
    const result = await executeCall(call('add_to_cart', { productId: 'p1', quantity: 100 }), options(backend));
    expect(result.isError).toBe(true);
    expect(resultText(result)).toBe('Invalid arguments for add_to_cart: /quantity must be <= 99');
    const missing = await executeCall(call('add_to_cart', { quantity: 1 }), options(backend));
    expect(resultText(missing)).toContain('/productId is required');
    const notObject = await executeCall(call('search', 'find mugs'), options(backend));
    expect(resultText(notObject)).toBe('Invalid arguments for search: (input) must be object, got string');
    expect(backend.calls).toHaveLength(0);
  });

  it('refuses when the run was already stopped', async () => {
    const backend = new FakeBackend();
    const controller = new AbortController();
    controller.abort();
    const result = await executeCall(call('search', {}), options(backend, { signal: controller.signal }));
    expect(result.isError).toBe(true);
    expect(backend.calls).toHaveLength(0);
  });
});

describe('executeCall: consent', () => {
  it('asks for a consequential tool and never runs it when the user declines', async () => {
    const backend = new FakeBackend();
    const asked: Array<[ToolCall, PageTool]> = [];
    const consent = async (c: ToolCall, t: PageTool): Promise<ConsentAnswer> => {
      asked.push([c, t]);
      return 'deny';
    };
    const result = await executeCall(call('add_to_cart'), options(backend, { consent }));
    expect(result.isError).toBe(true);
    expect(resultText(result)).toBe('The user declined to run add_to_cart.');
    expect(asked).toEqual([[call('add_to_cart'), CART]]);
    expect(backend.calls).toHaveLength(0);
  });

  it('runs the tool with the arguments when the user allows', async () => {
    const backend = new FakeBackend(() => '{"added":true}');
    const result = await executeCall(call('add_to_cart'), options(backend, { consent: async () => 'allow-once' }));
    expect(result).toEqual({ content: [{ type: 'text', text: '{"added":true}' }] });
    expect(backend.calls.map((c) => [c.tool, c.input])).toEqual([[CART, { productId: 'p1', quantity: 2 }]]);
  });

  it('asks as the consent policy says (default: only consequential tools) and remembers "allow for this site"', async () => {
    const backend = new FakeBackend();
    let asked = 0;
    let answer: ConsentAnswer = 'deny';
    const consent = async (): Promise<ConsentAnswer> => {
      asked++;
      return answer;
    };
    expect((await executeCall(call('search', {}), options(backend, { consent }))).isError).toBeUndefined();
    expect(asked).toBe(0);
    // The page asks for every tool: even a read-only one.
    const strict = await executeCall(call('search', {}), options(backend, { consent, consentPolicy: 'always-ask' }));
    expect(strict.isError).toBe(true);
    expect(asked).toBe(1);
    // The page never asks: a consequential tool runs.
    const never = await executeCall(
      call('add_to_cart'),
      options(backend, { consent, consentPolicy: () => 'never-ask' }),
    );
    expect(never.isError).toBeUndefined();
    expect(asked).toBe(1);
    // No prompt to show: consent is never given.
    expect((await executeCall(call('add_to_cart'), options(backend))).isError).toBe(true);
    // "Allow for this site" is asked once, then remembered.
    const consentMemory = new ConsentMemory(new MemoryStorage(), 'ct_test');
    answer = 'allow-site';
    for (let i = 0; i < 2; i++)
      expect(
        (await executeCall(call('add_to_cart'), options(backend, { consent, consentMemory }))).isError,
      ).toBeUndefined();
    expect(asked).toBe(2);
    expect(consentMemory.has('add_to_cart')).toBe(true);
  });

  it('turns a consent callback that throws or rejects into an error result', async () => {
    const backend = new FakeBackend();
    const rejecting = await executeCall(
      call('add_to_cart'),
      options(backend, { consent: () => Promise.reject(new Error('dialog gone')) }),
    );
    expect(rejecting.isError).toBe(true);
    expect(resultText(rejecting)).toContain('dialog gone');
    const throwing = await executeCall(
      call('add_to_cart'),
      options(backend, {
        consent: () => {
          throw new Error('no UI');
        },
      }),
    );
    expect(resultText(throwing)).toContain('no UI');
    expect(backend.calls).toHaveLength(0);
  });

  it('gives up waiting for an unanswered consent prompt when the run is stopped', async () => {
    const backend = new FakeBackend();
    const controller = new AbortController();
    let prompted!: () => void;
    const shown = new Promise<void>((resolve) => (prompted = resolve));
    const pending = executeCall(
      call('add_to_cart'),
      options(backend, {
        signal: controller.signal,
        consent: () => {
          prompted();
          return new Promise<ConsentAnswer>(() => undefined); // the user never answers
        },
      }),
    );
    await shown;
    controller.abort();
    const result = await pending;
    expect(result.isError).toBe(true);
    expect(resultText(result)).toBe('The run was stopped before this tool ran.');
    expect(backend.calls).toHaveLength(0);
  });

  it('does not run an allowed tool when the run was stopped while the prompt was open', async () => {
    const backend = new FakeBackend();
    const controller = new AbortController();
    const consent = async (): Promise<ConsentAnswer> => {
      controller.abort();
      return 'allow-once';
    };
    const result = await executeCall(call('add_to_cart'), options(backend, { signal: controller.signal, consent }));
    expect(result.isError).toBe(true);
    expect(backend.calls).toHaveLength(0);
  });
});

describe('executeCall: running', () => {
  it('returns a string result as text, without isError', async () => {
    const result = await executeCall(call('search', { q: 'mug' }), options(new FakeBackend(() => '[{"id":"p1"}]')));
    expect(result).toEqual({ content: [{ type: 'text', text: '[{"id":"p1"}]' }] });
  });

  it('reports a null result as the navigation text', async () => {
    const result = await executeCall(call('search', {}), options(new FakeBackend(() => null)));
    expect(result).toEqual({ content: [{ type: 'text', text: NAVIGATED_TEXT }] });
  });

  it('turns a throwing tool into an error result carrying its message', async () => {
    const result = await executeCall(
      call('search', {}),
      options(
        new FakeBackend(() => {
          throw new RangeError('Out of stock');
        }),
      ),
    );
    expect(result.isError).toBe(true);
    expect(resultText(result)).toBe('The tool search failed: RangeError: Out of stock');
  });

  it('says so when the page gave no details (native WebMCP’s bare UnknownError)', async () => {
    const result = await executeCall(
      call('search', {}),
      options(new FakeBackend(() => Promise.reject(new DOMException('', 'UnknownError')))),
    );
    expect(resultText(result)).toBe('The tool search failed: UnknownError (the page gave no details)');
  });

  it('turns a backend that throws synchronously into an error result', async () => {
    const backend: WebmcpBackend = {
      kind: 'builtin',
      getTools: async () => [],
      subscribe: () => () => undefined,
      execute: () => {
        throw new TypeError('not a function');
      },
    };
    const result = await executeCall(call('search', {}), options(backend));
    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain('not a function');
  });

  it('gives up on a tool that never settles after timeoutMs, and aborts its signal', async () => {
    const backend = new FakeBackend(() => new Promise<never>(() => undefined));
    const started = performance.now();
    const result = await executeCall(call('search', {}), options(backend, { timeoutMs: 50 }));
    const elapsed = performance.now() - started;
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/^The tool search did not finish within .* and was cancelled\.$/);
    expect(elapsed).toBeGreaterThanOrEqual(45);
    expect(elapsed).toBeLessThan(2_000);
    const signal = backend.calls[0]!.signal;
    expect(signal.aborted).toBe(true);
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('stops a running tool as soon as the run is aborted, and aborts the backend’s signal', async () => {
    const controller = new AbortController();
    const backend = new FakeBackend(() => new Promise<never>(() => undefined));
    const pending = executeCall(call('search', {}), options(backend, { signal: controller.signal, timeoutMs: 60_000 }));
    await Promise.resolve().then(() => undefined);
    await Promise.resolve();
    expect(backend.calls).toHaveLength(1);
    const backendSignal = backend.calls[0]!.signal;
    const reason = new DOMException('stop button', 'AbortError');
    const started = performance.now();
    controller.abort(reason);
    const result = await pending;
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.isError).toBe(true);
    expect(resultText(result)).toBe('The user stopped the run while search was running.');
    expect(backendSignal.aborted).toBe(true);
    expect(backendSignal.reason).toBe(reason);
  });

  it('lets a tool that honours its signal see the abort', async () => {
    const controller = new AbortController();
    let sawAbort = false;
    const backend = new FakeBackend(async (_input, signal) => {
      await aborted(signal);
      sawAbort = true;
      throw signal.reason;
    });
    const pending = executeCall(call('search', {}), options(backend, { signal: controller.signal }));
    await Promise.resolve();
    await Promise.resolve();
    controller.abort();
    expect((await pending).isError).toBe(true);
    await aborted(backend.calls[0]!.signal);
    await Promise.resolve();
    expect(sawAbort).toBe(true);
  });

  it('does not abort the signal of a tool that finished', async () => {
    const controller = new AbortController();
    const backend = new FakeBackend(() => '"done"');
    await executeCall(call('search', {}), options(backend, { signal: controller.signal }));
    controller.abort();
    expect(backend.calls[0]!.signal.aborted).toBe(false);
  });
});

describe("executeCall: a tool's own error result", () => {
  it('becomes an error result naming the tool, as a throwing tool does', async () => {
    const backend = new FakeBackend();
    backend.execute = async () => ({ text: 'Out of stock', isError: true });
    const result = await executeCall(call('search', {}), options(backend));
    expect(result).toEqual({
      content: [{ type: 'text', text: 'The tool search failed: Out of stock' }],
      isError: true,
    });
  });
});

describe('executeCall: results that are not strings', () => {
  it('sends text even when a polyfill returns the tool’s value instead of a JSON string', async () => {
    for (const [value, text] of [
      [{ added: true }, '{"added":true}'],
      [42, '42'],
      [undefined, 'undefined'],
    ] as const) {
      const result = await executeCall(call('search', {}), options(new FakeBackend(() => value as unknown as string)));
      expect(result.content).toEqual([{ type: 'text', text }]);
    }
  });
});

describe('executeCall never throws', () => {
  it('resolves to a result for every hostile combination', async () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const throwingPolicy: ToolPolicy = {
      check: () => {
        throw new Error('policy exploded');
      },
    };
    const enumTool = pageTool('pick', { inputSchema: { type: 'object', properties: { v: { enum: ['a'] } } } });
    const scenarios: Array<[string, ToolCall, Partial<ExecuteOptions>]> = [
      ['undefined parameters', call('search', undefined), {}],
      ['a 20,000-deep value against an enum', call('pick', { v: deep }), { tools: new Map([['pick', enumTool]]) }],
      ['a throwing policy', call('search', {}), { policy: throwingPolicy }],
      ['a tool map without the tool', call('search', {}), { tools: new Map() }],
      [
        'a tool rejecting with a non-error',
        call('search', {}),
        { backend: new FakeBackend(() => Promise.reject(Object.create(null) as unknown)) },
      ],
      [
        'a tool rejecting with undefined',
        call('search', {}),
        { backend: new FakeBackend(() => Promise.reject(undefined)) },
      ],
    ];
    for (const [label, c, extra] of scenarios) {
      const result = await executeCall(c, options(new FakeBackend(), extra)).catch((error: unknown) => ({
        threw: String(error),
      }));
      expect(result, label).toHaveProperty('content');
    }
  });
});
