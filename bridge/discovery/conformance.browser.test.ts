/**
 * WebMCP conformance in real Chromium, run once per backend: `WEBMCP_BACKEND=native` (Chromium's
 * own, `--enable-features=WebMCP`), `builtin` (the bridge's polyfill) and `mcp-b`
 * (`@mcp-b/webmcp-polyfill`'s IIFE loaded before the test) — see web-test-runner.config.mjs.
 * The assertions follow the web-platform-tests' WebMCP checks (registration errors, abort
 * unregistering, `toolchange`, the `getTools` dictionary, execution and cancellation), written for
 * this project. Everything goes through `detectBackend()`, which must find the selected backend.
 * Where the backends legitimately differ the expectation comes from `DIFFERENCES`, one row each.
 */
import { expect, oneEvent } from '@open-wc/testing';
import { ContextBackend } from './context-backend.js';
import { detectBackend } from './detect.js';
import { wantedEncoding, type InputEncoding } from './input-encoding.js';
import type { BackendKind, ModelContextLike, PageToolDefinition, RegisteredToolLike, WebmcpBackend } from './types.js';
import { rejection } from '../test-support/async.js';
import { failed, ok } from '../test-support/outcome.js';

type Selected = 'native' | 'builtin' | 'mcp-b';

interface Differences {
  /** What `detectBackend()` reports. */
  kind: BackendKind;
  /** The input `executeTool` takes (the other one is refused before the tool runs). */
  encoding: InputEncoding;
  /** The error name the refused encoding rejects with. */
  refusedEncoding: string;
  /** `execute` gets `{signal}` as its second argument, aborted when the call is. */
  toolSignal: boolean;
  /** `toolactivated` and `toolcancel` are fired (with `toolName`). */
  toolEvents: boolean;
  /** What `executeTool` rejects with when the tool throws: the error itself, the message inside a wrapper, or nothing of it. */
  toolError: 'passed' | 'wrapped' | 'hidden';
  /** The annotations `getTools` reports when the page set all four. */
  annotations: readonly string[];
}

const ALL_HINTS = ['consequentialHint', 'debugging', 'readOnlyHint', 'untrustedContentHint'] as const;

/** Measured in Chromium 156 and with @mcp-b/webmcp-polyfill 5.1.0; the tests below fail if one changes. */
const DIFFERENCES: Record<Selected, Differences> = {
  native: {
    kind: 'native',
    encoding: 'object',
    refusedEncoding: 'TypeError',
    toolSignal: true,
    toolEvents: true,
    toolError: 'hidden',
    annotations: ALL_HINTS,
  },
  builtin: {
    kind: 'builtin',
    encoding: 'object',
    refusedEncoding: 'TypeError',
    toolSignal: true,
    toolEvents: true,
    toolError: 'passed',
    annotations: ALL_HINTS,
  },
  'mcp-b': {
    kind: 'polyfill',
    encoding: 'string',
    refusedEncoding: 'UnknownError',
    toolSignal: false,
    toolEvents: false,
    toolError: 'wrapped',
    annotations: ['readOnlyHint', 'untrustedContentHint'],
  },
};

const SELECTED = ((window as { __WEBMCP_TEST__?: { webmcpBackend?: string } }).__WEBMCP_TEST__?.webmcpBackend ??
  'builtin') as Selected;
const EXPECT = DIFFERENCES[SELECTED];

type ToolEvent = Event & { toolName?: string };

let backend: WebmcpBackend;
let context: ModelContextLike;
/** Every test's registrations, aborted after it so the page's tool list starts empty. */
let registrations: AbortController;

function definition(name: string, extra: Partial<PageToolDefinition> = {}): PageToolDefinition {
  return { name, description: `Does ${name}.`, execute: () => ({ ok: name }), ...extra };
}

function register(tool: unknown, options: { signal?: AbortSignal } = { signal: registrations.signal }): Promise<void> {
  // Through a promise, so a backend that throws synchronously is measured like one that rejects.
  return Promise.resolve().then(() => context.registerTool(tool as PageToolDefinition, options));
}

async function listed(): Promise<RegisteredToolLike[]> {
  return (await context.getTools()) as RegisteredToolLike[];
}

async function handle(name: string): Promise<RegisteredToolLike> {
  const tool = (await listed()).find((t) => t.name === name);
  if (!tool) throw new Error(`${name} is not listed`);
  return tool;
}

/** What the backend's encoding makes of an input object. */
function encoded(input: Record<string, unknown>, encoding: InputEncoding = EXPECT.encoding): unknown {
  return encoding === 'object' ? input : JSON.stringify(input);
}

/** A tool whose execute never settles; reports the options it was called with. */
function hangingTool(name: string) {
  let started!: (options: { signal?: AbortSignal } | undefined) => void;
  const running = new Promise<{ signal?: AbortSignal } | undefined>((resolve) => (started = resolve));
  const tool = definition(name, {
    execute: (_input, options) => {
      started(options as { signal?: AbortSignal } | undefined);
      return new Promise(() => undefined);
    },
  });
  return { tool, running };
}

before(() => {
  // Detect first, as the widget does: a native context then reports what a throwing tool threw.
  backend = detectBackend();
  context = (document as Document & { modelContext: ModelContextLike }).modelContext;
});

beforeEach(() => {
  registrations = new AbortController();
});

afterEach(async () => {
  registrations.abort();
  expect((await listed()).map((t) => t.name)).to.deep.equal([]);
});

describe(`WebMCP conformance: ${SELECTED}`, () => {
  describe('detection', () => {
    it(`detectBackend() finds the ${SELECTED} backend, and the same one again`, () => {
      expect(backend.kind).to.equal(EXPECT.kind);
      expect(backend).to.be.instanceOf(ContextBackend);
      expect(detectBackend()).to.equal(backend);
      expect(Object.prototype.toString.call(context)).to.equal(
        SELECTED === 'builtin' ? '[object EventTarget]' : '[object ModelContext]',
      );
    });
  });

  describe('registerTool', () => {
    it('resolves with undefined once toolchange has been fired', async () => {
      let changed = false;
      const onChange = () => (changed = true);
      context.addEventListener('toolchange', onChange);
      try {
        const pending = context.registerTool(definition('conf_first'), { signal: registrations.signal });
        expect(pending).to.be.instanceOf(Promise);
        expect(changed).to.equal(false);
        expect(await pending).to.equal(undefined);
        expect(changed).to.equal(true);
      } finally {
        context.removeEventListener('toolchange', onChange);
      }
      expect((await listed()).map((t) => t.name)).to.deep.equal(['conf_first']);
    });

    it('rejects a duplicate name with InvalidStateError and keeps the first tool', async () => {
      await register(definition('conf_dup', { description: 'First.' }));
      const error = await rejection<Error>(register(definition('conf_dup', { description: 'Second.' })));
      expect(error).to.be.instanceOf(DOMException);
      expect(error.name).to.equal('InvalidStateError');
      expect((await listed()).map((t) => t.description)).to.deep.equal(['First.']);
    });

    it('rejects invalid names with InvalidStateError, and accepts the edges of the valid ones', async () => {
      for (const name of ['', 'has space', 'bad!', 'webmcp:x', 'é', 'a'.repeat(129)]) {
        const error = await rejection<Error>(register(definition(name)));
        expect(error.name, JSON.stringify(name)).to.equal('InvalidStateError');
      }
      await register(definition('a'.repeat(128)));
      await register(definition('Az09_.-'));
      expect((await listed()).map((t) => t.name)).to.deep.equal(['Az09_.-', 'a'.repeat(128)]);
    });

    it('rejects a missing description with TypeError and an empty one with InvalidStateError', async () => {
      const { description: _omitted, ...withoutDescription } = definition('conf_nodesc');
      expect(await rejection<Error>(register(withoutDescription))).to.be.instanceOf(TypeError);
      expect((await rejection<Error>(register(definition('conf_emptydesc', { description: '' })))).name).to.equal(
        'InvalidStateError',
      );
    });

    it('rejects a missing or non-function execute, a non-object tool and a non-object schema with TypeError', async () => {
      const { execute: _omitted, ...withoutExecute } = definition('conf_noexec');
      expect(await rejection<Error>(register(withoutExecute))).to.be.instanceOf(TypeError);
      expect(await rejection<Error>(register({ ...withoutExecute, execute: 'run' }))).to.be.instanceOf(TypeError);
      expect(await rejection<Error>(register(null))).to.be.instanceOf(TypeError);
      expect(
        await rejection<Error>(register({ ...definition('conf_schema'), inputSchema: '{"type":"object"}' })),
      ).to.be.instanceOf(TypeError);
      const cyclic: Record<string, unknown> = { type: 'object' };
      cyclic.self = cyclic;
      expect(await rejection<Error>(register(definition('conf_cyclic', { inputSchema: cyclic })))).to.be.instanceOf(
        TypeError,
      );
    });

    it('rejects with AbortError and registers nothing when the signal is already aborted', async () => {
      const error = await rejection<Error>(register(definition('conf_preaborted'), { signal: AbortSignal.abort() }));
      expect(error.name).to.equal('AbortError');
    });
  });

  describe('unregistering through the registration signal', () => {
    it('removes the tool, fires toolchange, and frees the name', async () => {
      const own = new AbortController();
      await register(definition('conf_temp'), { signal: own.signal });
      await register(definition('conf_stays'));
      const changed = oneEvent(context, 'toolchange');
      own.abort();
      await changed;
      expect((await listed()).map((t) => t.name)).to.deep.equal(['conf_stays']);
      await register(definition('conf_temp', { description: 'Again.' }));
      expect((await handle('conf_temp')).description).to.equal('Again.');
    });

    it('reaches the bridge through ContextBackend.subscribe', async () => {
      let changes = 0;
      const changed = new Promise<void>((resolve) => {
        const off = backend.subscribe(() => {
          changes++;
          off();
          resolve();
        });
      });
      await register(definition('conf_subscribed'));
      await changed;
      expect(changes).to.equal(1);
    });
  });

  describe('getTools', () => {
    it('lists each tool as a dictionary: name, title, description, inputSchema, annotations, origin', async () => {
      const schema = { type: 'object', properties: { q: { type: 'string', description: 'Words' } }, required: ['q'] };
      await register(
        definition('conf_full', {
          title: 'Full',
          inputSchema: schema,
          annotations: { readOnlyHint: true, untrustedContentHint: true, consequentialHint: true, debugging: true },
        }),
      );
      schema.properties.q.type = 'number'; // the page changing its object later changes nothing
      const full = await handle('conf_full');
      expect(full.name).to.equal('conf_full');
      expect(full.title).to.equal('Full');
      expect(full.description).to.equal('Does conf_full.');
      expect(full.inputSchema).to.deep.equal({
        type: 'object',
        properties: { q: { type: 'string', description: 'Words' } },
        required: ['q'],
      });
      expect(full.origin).to.equal(location.origin);
      expect(Object.keys(full.annotations ?? {}).sort()).to.deep.equal([...EXPECT.annotations]);
      for (const hint of EXPECT.annotations)
        expect(full.annotations?.[hint as keyof typeof full.annotations], hint).to.equal(true);
    });

    it('gives an empty title, and no schema or annotations the page did not give', async () => {
      await register(definition('conf_bare'));
      const bare = await handle('conf_bare');
      expect(bare.title).to.equal('');
      expect(bare).to.not.have.property('inputSchema');
      expect(bare).to.not.have.property('annotations');
      const [page] = await backend.getTools();
      expect(page).to.deep.include({
        name: 'conf_bare',
        description: 'Does conf_bare.',
        inputSchema: undefined,
        schemaUnparseable: false,
        annotations: {},
      });
    });

    it('sorts the tools by name', async () => {
      for (const name of ['conf_zeta', 'conf_Mid', 'conf_alpha']) await register(definition(name));
      expect((await listed()).map((t) => t.name)).to.deep.equal(['conf_Mid', 'conf_alpha', 'conf_zeta']);
      expect((await backend.getTools()).map((t) => t.name)).to.deep.equal(['conf_Mid', 'conf_alpha', 'conf_zeta']);
    });
  });

  describe('executeTool', () => {
    it(`takes the input as ${EXPECT.encoding === 'object' ? 'an object' : 'a JSON string'} and refuses the other encoding before running the tool`, async () => {
      const seen: unknown[] = [];
      await register(definition('conf_echo', { execute: (input) => (seen.push(input), { echo: input }) }));
      const tool = await handle('conf_echo');
      expect(await context.executeTool(tool, encoded({ q: 'mug' }))).to.equal('{"echo":{"q":"mug"}}');
      const other: InputEncoding = EXPECT.encoding === 'object' ? 'string' : 'object';
      const refused = await rejection<Error>(context.executeTool(tool, encoded({ q: 'cup' }, other)));
      expect(refused.name).to.equal(EXPECT.refusedEncoding);
      // The bridge's latch must read this exact message as "the other encoding, please".
      expect(wantedEncoding(refused), refused.message).to.equal(EXPECT.encoding);
      expect(seen).to.deep.equal([{ q: 'mug' }]);
    });

    it('works with an input object through a fresh ContextBackend, which learns the encoding once', async () => {
      await register(definition('conf_latch', { execute: (input) => input }));
      const fresh = new ContextBackend(EXPECT.kind, context);
      const [tool] = await fresh.getTools();
      expect(fresh.inputEncoding).to.equal(undefined);
      expect(await fresh.execute(tool!, { q: 'mug', n: 2 }, new AbortController().signal)).to.deep.equal(
        ok('{"q":"mug","n":2}'),
      );
      expect(fresh.inputEncoding).to.equal(EXPECT.encoding);
      expect(await fresh.execute(tool!, { q: 'cup' }, new AbortController().signal)).to.deep.equal(ok('{"q":"cup"}'));
    });

    it('resolves with the result serialised like Chromium: JSON for objects, strings as they are', async () => {
      const results: Record<string, unknown> = {
        obj: { a: [1, 'b'] },
        str: 'plain text',
        num: 3,
        nul: null,
        undef: undefined,
        empty: '',
      };
      for (const [name, value] of Object.entries(results))
        await register(definition(`conf_r_${name}`, { execute: async () => value }));
      const out: Record<string, unknown> = {};
      for (const name of Object.keys(results))
        out[name] = await context.executeTool(await handle(`conf_r_${name}`), encoded({}));
      expect(out).to.deep.equal({
        obj: '{"a":[1,"b"]}',
        str: 'plain text',
        num: '3',
        nul: 'null',
        undef: 'undefined',
        empty: 'Operation succeeded',
      });
    });

    it('hands the bridge an MCP-style result as its text, and isError as a failure', async () => {
      await register(
        definition('conf_mcp', { execute: () => ({ content: [{ type: 'text', text: 'Added 2 mugs' }] }) }),
      );
      await register(
        definition('conf_mcp_err', {
          execute: () => ({ content: [{ type: 'text', text: 'Card declined' }], isError: true }),
        }),
      );
      const tools = new Map((await backend.getTools()).map((t) => [t.name, t]));
      expect(await backend.execute(tools.get('conf_mcp')!, {}, new AbortController().signal)).to.deep.equal(
        ok('Added 2 mugs'),
      );
      // The tool's own error result is data, not a rejection.
      expect(await backend.execute(tools.get('conf_mcp_err')!, {}, new AbortController().signal)).to.deep.equal(
        failed('Card declined'),
      );
    });

    it(`reports a throwing tool (${EXPECT.toolError} by the context), and the bridge gets its message on every backend`, async () => {
      const thrown = new RangeError('Out of stock');
      await register(
        definition('conf_throws', {
          execute: () => {
            throw thrown;
          },
        }),
      );
      await register(definition('conf_rejects', { execute: async () => Promise.reject(new Error('Card declined')) }));
      const raw = await rejection<Error>(context.executeTool(await handle('conf_throws'), encoded({})));
      if (EXPECT.toolError === 'passed') expect(raw).to.equal(thrown);
      else {
        expect(raw.name).to.equal('UnknownError');
        expect(raw.message.includes('Out of stock')).to.equal(EXPECT.toolError === 'wrapped');
      }
      const tools = new Map((await backend.getTools()).map((t) => [t.name, t]));
      expect(
        (await rejection<Error>(backend.execute(tools.get('conf_throws')!, {}, new AbortController().signal))).message,
      ).to.equal('Out of stock');
      expect(
        (await rejection<Error>(backend.execute(tools.get('conf_rejects')!, {}, new AbortController().signal))).message,
      ).to.equal('Card declined');
    });

    it('rejects a tool that is no longer registered with UnknownError', async () => {
      const own = new AbortController();
      let ran = false;
      await register(definition('conf_gone', { execute: () => (ran = true) }), { signal: own.signal });
      const tool = await handle('conf_gone');
      own.abort();
      expect((await rejection<Error>(context.executeTool(tool, encoded({})))).name).to.equal('UnknownError');
      expect(ran).to.equal(false);
    });
  });

  describe('aborting an execution', () => {
    it(`rejects promptly with AbortError${EXPECT.toolSignal ? ', aborts the tool’s signal' : ''}${EXPECT.toolEvents ? ' and fires toolactivated/toolcancel' : ''}`, async () => {
      const { tool, running } = hangingTool('conf_hang');
      await register(tool);
      const [page] = await backend.getTools();
      const events: string[] = [];
      const record = (event: Event) => events.push(`${event.type}:${(event as ToolEvent).toolName}`);
      context.addEventListener('toolactivated', record);
      context.addEventListener('toolcancel', record);
      try {
        const stop = new AbortController();
        const cancelled = EXPECT.toolEvents ? oneEvent(context, 'toolcancel') : undefined;
        const pending = rejection<Error>(backend.execute(page!, {}, stop.signal));
        const options = await running;
        stop.abort();
        // The tool never settles: this resolves only because the abort rejects the call.
        expect((await pending).name).to.equal('AbortError');
        if (EXPECT.toolSignal) {
          const toolSignal = options!.signal!;
          await new Promise<void>((resolve) =>
            toolSignal.aborted ? resolve() : toolSignal.addEventListener('abort', () => resolve(), { once: true }),
          );
          expect(toolSignal.aborted).to.equal(true);
        } else {
          expect(options?.signal).to.equal(undefined);
        }
        if (cancelled) await cancelled;
        expect(events).to.deep.equal(EXPECT.toolEvents ? ['toolactivated:conf_hang', 'toolcancel:conf_hang'] : []);
      } finally {
        context.removeEventListener('toolactivated', record);
        context.removeEventListener('toolcancel', record);
      }
    });

    it('does not run the tool when the signal is already aborted', async () => {
      let ran = false;
      await register(definition('conf_never', { execute: () => (ran = true) }));
      const tool = await handle('conf_never');
      expect(
        (await rejection<Error>(context.executeTool(tool, encoded({}), { signal: AbortSignal.abort() }))).name,
      ).to.equal('AbortError');
      const [page] = await backend.getTools();
      expect((await rejection<Error>(backend.execute(page!, {}, AbortSignal.abort()))).name).to.equal('AbortError');
      expect(ran).to.equal(false);
    });
  });
});
