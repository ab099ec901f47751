/**
 * WebMCP discovery in real Chromium, and the bridge's polyfill on its own. Run once per
 * `WEBMCP_BACKEND` (see web-test-runner.config.mjs): `builtin` (no `document.modelContext`, so the
 * bridge's polyfill is installed), `native` (`--enable-features=WebMCP`) and `mcp-b`
 * (`@mcp-b/webmcp-polyfill` on the page first). Each test asserts what the page it runs in should
 * do; `conformance.browser.test.ts` compares the three in detail.
 */
import { expect, oneEvent } from '@open-wc/testing';
import { compilePolicy } from '../policy/index.js';
import { executeCall } from '../execution/index.js';
import { ContextBackend } from './context-backend.js';
import { detectBackend } from './detect.js';
import { BuiltinModelContext, installPolyfill, isBuiltinContext } from './polyfill.js';
import type { ModelContextLike, PageToolDefinition, RegisteredToolLike } from './types.js';
import { rejection } from '../test-support/async.js';

type DocWithContext = Document & { modelContext?: ModelContextLike };

/** The browser's own getter, read before anything of ours is installed. */
const NATIVE_GETTER = (() => {
  const get = Object.getOwnPropertyDescriptor(Document.prototype, 'modelContext')?.get;
  return get && /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(get)) ? get : undefined;
})();
const NATIVE = NATIVE_GETTER !== undefined && NATIVE_GETTER.call(document) != null;
/** `WEBMCP_BACKEND=mcp-b`: the MCP-B polyfill was loaded before this module. */
const MCP_B = (window as { __WEBMCP_TEST__?: { webmcpBackend?: string } }).__WEBMCP_TEST__?.webmcpBackend === 'mcp-b';
const EXPECTED_KIND = NATIVE ? 'native' : MCP_B ? 'polyfill' : 'builtin';
const LABEL = NATIVE ? 'native Chromium' : MCP_B ? 'the MCP-B polyfill' : 'the built-in polyfill';

function definition(name: string, extra: Partial<PageToolDefinition> = {}): PageToolDefinition {
  return { name, description: `Does ${name}.`, execute: () => ({ ok: name }), ...extra };
}

/** A tool whose execute never settles, reporting the signal it got (MCP-B passes none). */
function hangingTool(name: string) {
  let started!: (signal: AbortSignal | undefined) => void;
  const running = new Promise<AbortSignal | undefined>((resolve) => (started = resolve));
  const tool = definition(name, {
    execute: (_input, options) => {
      started((options as { signal?: AbortSignal } | undefined)?.signal);
      return new Promise(() => undefined);
    },
  });
  return { tool, running };
}

describe('detectBackend', () => {
  it(`finds ${LABEL}, the backend this page has`, () => {
    const backend = detectBackend();
    expect(backend).to.be.instanceOf(ContextBackend);
    expect(backend.kind).to.equal(EXPECTED_KIND);
    const context = (document as DocWithContext).modelContext;
    expect(context != null).to.equal(true);
    if (NATIVE || MCP_B) {
      expect(isBuiltinContext(context)).to.equal(false);
      expect(Object.prototype.toString.call(context)).to.equal('[object ModelContext]');
    } else {
      expect(isBuiltinContext(context)).to.equal(true);
      // Installed as a getter on Document.prototype, not as a property of this one document.
      expect(Object.getOwnPropertyDescriptor(Document.prototype, 'modelContext')?.get).to.be.a('function');
      expect(Object.getOwnPropertyDescriptor(document, 'modelContext')).to.equal(undefined);
    }
  });

  it('detects the same context again instead of installing a second one', () => {
    const before = (document as DocWithContext).modelContext;
    expect(detectBackend().kind).to.equal(EXPECTED_KIND);
    expect(detectBackend()).to.equal(detectBackend());
    expect(installPolyfill()).to.equal(before);
    expect((document as DocWithContext).modelContext).to.equal(before);
  });

  it('reaches native WebMCP through Document.prototype even when a library overrides document.modelContext', async function () {
    if (!NATIVE) this.skip();
    const impostor = new BuiltinModelContext();
    Object.defineProperty(document, 'modelContext', { configurable: true, value: impostor });
    try {
      const backend = detectBackend();
      expect(backend.kind).to.equal('native');
      const controller = new AbortController();
      await NATIVE_GETTER!.call(document).registerTool(definition('native_only'), { signal: controller.signal });
      expect((await backend.getTools()).map((t) => t.name)).to.include('native_only');
      controller.abort();
    } finally {
      delete (document as { modelContext?: unknown }).modelContext;
    }
  });

  it('uses a third-party polyfill found on a document without a native context', async () => {
    // A document without a browsing context never has a usable native context. (Do not read the
    // native getter on it here: Chromium 156 then crashes the tab when the test page navigates.)
    const doc = document.implementation.createHTMLDocument('other') as DocWithContext;
    const thirdParty = Object.assign(new EventTarget(), {
      registerTool: () => undefined,
      getTools: () => [{ name: 'third_party', description: 'From elsewhere.', inputSchema: '{"type":"object"}' }],
      executeTool: async () => '"third party"',
    }) as ModelContextLike;
    Object.defineProperty(doc, 'modelContext', { configurable: true, value: thirdParty });
    const backend = detectBackend(doc);
    expect(backend.kind).to.equal('polyfill');
    expect((await backend.getTools()).map((t) => [t.name, t.inputSchema])).to.deep.equal([
      ['third_party', { type: 'object' }],
    ]);
  });
});

describe('BuiltinModelContext (the bridge’s polyfill)', () => {
  it('resolves registerTool and lists the tool', async () => {
    const context = new BuiltinModelContext();
    const result = context.registerTool(definition('search'));
    expect(result).to.be.instanceOf(Promise);
    expect(await result).to.equal(undefined);
    expect((await context.getTools()).map((t) => t.name)).to.deep.equal(['search']);
  });

  it('fires toolchange after a registration', async () => {
    const context = new BuiltinModelContext();
    const changed = oneEvent(context, 'toolchange');
    await context.registerTool(definition('search'));
    await changed;
  });

  it('rejects a duplicate name with InvalidStateError and keeps the first tool', async () => {
    const context = new BuiltinModelContext();
    await context.registerTool(definition('search', { description: 'First.' }));
    const error = (await rejection(
      Promise.resolve(context.registerTool(definition('search', { description: 'Second.' }))),
    )) as DOMException;
    expect(error).to.be.instanceOf(DOMException);
    expect(error.name).to.equal('InvalidStateError');
    expect((await context.getTools()).map((t) => t.description)).to.deep.equal(['First.']);
  });

  it('rejects invalid names and descriptions with InvalidStateError, and malformed tools with TypeError', async () => {
    const context = new BuiltinModelContext();
    for (const name of ['', 'has space', 'bad!', 'a'.repeat(129), 'webmcp:x']) {
      const error = (await rejection(Promise.resolve(context.registerTool(definition(name))))) as DOMException;
      expect(error.name, JSON.stringify(name)).to.equal('InvalidStateError');
    }
    expect(
      ((await rejection(Promise.resolve(context.registerTool(definition('x', { description: '' }))))) as DOMException)
        .name,
    ).to.equal('InvalidStateError');
    const noExecute = { name: 'x', description: 'X.' } as unknown as PageToolDefinition;
    expect(await rejection(Promise.resolve(context.registerTool(noExecute)))).to.be.instanceOf(TypeError);
    expect(
      await rejection(Promise.resolve(context.registerTool(null as unknown as PageToolDefinition))),
    ).to.be.instanceOf(TypeError);
    expect(await context.getTools()).to.deep.equal([]);
  });

  it('unregisters on abort and fires toolchange; the name can then be registered again', async () => {
    const context = new BuiltinModelContext();
    const controller = new AbortController();
    await context.registerTool(definition('temp'), { signal: controller.signal });
    await context.registerTool(definition('stays'));
    const changed = oneEvent(context, 'toolchange');
    controller.abort();
    await changed;
    expect((await context.getTools()).map((t) => t.name)).to.deep.equal(['stays']);
    await context.registerTool(definition('temp'));
    expect((await context.getTools()).map((t) => t.name)).to.deep.equal(['stays', 'temp']);
  });

  it('rejects with AbortError and registers nothing when the signal is already aborted', async () => {
    const context = new BuiltinModelContext();
    const error = (await rejection(
      context.registerTool(definition('never'), { signal: AbortSignal.abort() }),
    )) as DOMException;
    expect(error.name).to.equal('AbortError');
    expect(await context.getTools()).to.deep.equal([]);
    expect(context.size).to.equal(0);
  });

  it('lists tools sorted by name with title, a copy of the schema and boolean annotations, and only what was given', async () => {
    const context = new BuiltinModelContext();
    const schema = { type: 'object', properties: { q: { type: 'string' } } };
    await context.registerTool(definition('zeta'));
    await context.registerTool(
      definition('alpha', {
        title: 'Alpha',
        inputSchema: schema,
        annotations: { readOnlyHint: true, consequentialHint: true },
      }),
    );
    await context.registerTool(definition('Mid'));
    schema.properties.q.type = 'number'; // the page changing its object later does not change the registration
    const tools = await context.getTools();
    expect(tools.map((t) => t.name)).to.deep.equal(['Mid', 'alpha', 'zeta']);
    const alpha = tools[1]!;
    expect(alpha).to.deep.equal({
      name: 'alpha',
      title: 'Alpha',
      description: 'Does alpha.',
      inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
      annotations: { readOnlyHint: true, untrustedContentHint: false, consequentialHint: true, debugging: false },
      origin: location.origin,
    });
    expect(tools[2]!).to.deep.equal({ name: 'zeta', title: '', description: 'Does zeta.', origin: location.origin });
    expect(context.size).to.equal(3);
  });

  it('executes with an input object and serialises the result like Chromium (JSON; strings as they are)', async () => {
    const context = new BuiltinModelContext();
    const seen: unknown[] = [];
    await context.registerTool(definition('echo', { execute: (input) => (seen.push(input), { echo: input }) }));
    await context.registerTool(definition('text', { execute: () => 'plain text' }));
    await context.registerTool(definition('nothing', { execute: () => undefined }));
    await context.registerTool(definition('later', { execute: async () => [1, 2] }));
    const byName = new Map((await context.getTools()).map((t) => [t.name, t]));
    expect(await context.executeTool(byName.get('echo')!, { q: 'mug' })).to.equal('{"echo":{"q":"mug"}}');
    expect(seen).to.deep.equal([{ q: 'mug' }]);
    expect(await context.executeTool(byName.get('text')!, {})).to.equal('plain text');
    expect(await context.executeTool(byName.get('nothing')!, {})).to.equal('undefined');
    expect(await context.executeTool(byName.get('later')!, {})).to.equal('[1,2]');
  });

  it('rejects a string input with a TypeError saying "invalid input object", like native Chromium', async () => {
    const context = new BuiltinModelContext();
    let ran = false;
    await context.registerTool(definition('echo', { execute: () => (ran = true) }));
    const [tool] = await context.getTools();
    for (const input of ['{"q":"mug"}', null, [1], 3]) {
      const error = (await rejection(context.executeTool(tool!, input))) as Error;
      expect(error).to.be.instanceOf(TypeError);
      expect(error.message).to.contain('invalid input object');
    }
    expect(ran).to.equal(false);
  });

  it('rejects an unknown tool with UnknownError, like Chromium', async () => {
    const context = new BuiltinModelContext();
    const error = (await rejection(context.executeTool({ name: 'ghost' }, {}))) as DOMException;
    expect([error.name, error.message]).to.deep.equal(['UnknownError', 'Tool not found: ghost']);
  });

  it('passes a throwing tool’s error through', async () => {
    const context = new BuiltinModelContext();
    await context.registerTool(
      definition('boom', {
        execute: () => {
          throw new RangeError('Out of stock');
        },
      }),
    );
    const [tool] = await context.getTools();
    const error = (await rejection(context.executeTool(tool!, {}))) as Error;
    expect(error).to.be.instanceOf(RangeError);
    expect(error.message).to.equal('Out of stock');
  });

  it('fires toolactivated, then on abort rejects, aborts the tool’s signal and fires toolcancel', async () => {
    const context = new BuiltinModelContext();
    const { tool, running } = hangingTool('slow');
    await context.registerTool(tool);
    const [registered] = await context.getTools();
    const controller = new AbortController();
    const activated = oneEvent(context, 'toolactivated');
    const pending = context.executeTool(registered!, {}, { signal: controller.signal });
    const activation = (await activated) as Event & { toolName?: string };
    expect(activation.toolName).to.equal('slow');
    const toolSignal = (await running)!;
    expect(toolSignal.aborted).to.equal(false);
    const cancelled = oneEvent(context, 'toolcancel');
    controller.abort();
    const error = (await rejection(pending)) as DOMException;
    expect(error.name).to.equal('AbortError');
    expect(((await cancelled) as Event & { toolName?: string }).toolName).to.equal('slow');
    expect(toolSignal.aborted).to.equal(true);
  });

  it('does not run a tool when the signal is already aborted', async () => {
    const context = new BuiltinModelContext();
    let ran = false;
    await context.registerTool(definition('x', { execute: () => (ran = true) }));
    const [tool] = await context.getTools();
    await rejection(context.executeTool(tool!, {}, { signal: AbortSignal.abort() }));
    expect(ran).to.equal(false);
  });
});

describe(`the page's document.modelContext through detectBackend (${LABEL})`, () => {
  const page = () => (document as DocWithContext).modelContext!;

  it('registers, lists, executes, fails, cancels and unregisters', async () => {
    const backend = detectBackend();
    expect(backend.kind).to.equal(EXPECTED_KIND);
    const registration = new AbortController();
    const { signal } = registration;
    const schema = { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] };
    await page().registerTool(
      definition('wtr_echo', {
        title: 'Echo',
        inputSchema: schema,
        annotations: { readOnlyHint: true },
        execute: (input) => ({ echo: input }),
      }),
      { signal },
    );
    await page().registerTool(
      definition('wtr_fail', {
        execute: () => {
          throw new Error('Out of stock');
        },
      }),
      { signal },
    );
    const { tool: slow, running } = hangingTool('wtr_slow');
    await page().registerTool(slow, { signal });

    const tools = await backend.getTools();
    const names = tools.map((t) => t.name);
    expect(names).to.include.members(['wtr_echo', 'wtr_fail', 'wtr_slow']);
    expect([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).to.deep.equal(names);
    const echo = tools.find((t) => t.name === 'wtr_echo')!;
    expect(echo.title).to.equal('Echo');
    expect(echo.description).to.equal('Does wtr_echo.');
    expect(echo.inputSchema).to.deep.equal(schema);
    expect(echo.schemaUnparseable).to.equal(false);
    expect(echo.annotations.readOnlyHint).to.equal(true);

    // Executing: the encoding this context takes (MCP-B: a JSON string) is learnt and latched.
    expect(JSON.parse((await backend.execute(echo, { text: 'hi' }, new AbortController().signal))!.text)).to.deep.equal(
      {
        echo: { text: 'hi' },
      },
    );
    expect((backend as ContextBackend).inputEncoding).to.equal(MCP_B ? 'string' : 'object');

    // The whole bridge path: policy, validation, execution.
    const byName = new Map(tools.map((t) => [t.name, t]));
    const run = (toolName: string, parameters: unknown, callSignal = new AbortController().signal) =>
      executeCall(
        { toolCallId: 'c1', toolName, parameters },
        {
          backend,
          tools: byName,
          policy: compilePolicy({ enabled: true }),
          pageOrigin: location.origin,
          signal: callSignal,
        },
      );
    expect(await run('wtr_echo', { text: 'via bridge' })).to.deep.equal({
      content: [{ type: 'text', text: '{"echo":{"text":"via bridge"}}' }],
    });
    const invalid = await run('wtr_echo', {});
    expect(invalid.isError).to.equal(true);
    expect(invalid.content[0]!.text).to.contain('/text is required');
    const failed = await run('wtr_fail', {});
    expect(failed.isError).to.equal(true);
    // Native WebMCP hides the message behind a generic UnknownError and MCP-B wraps it; the
    // bridge recovers it on all three (native: registered after detectBackend, so it was captured).
    expect(failed.content[0]!.text).to.contain('Out of stock');
    expect(failed.content[0]!.text).to.not.contain('invocation failed');

    // Cancelling a running tool (MCP-B neither passes the tool a signal nor fires toolcancel).
    const stop = new AbortController();
    const cancelled = MCP_B ? undefined : oneEvent(page(), 'toolcancel');
    const pending = run('wtr_slow', {}, stop.signal);
    const toolSignal = await running;
    stop.abort();
    const stopped = await pending;
    expect(stopped.isError).to.equal(true);
    expect(stopped.content[0]!.text).to.contain('stopped');
    if (MCP_B) {
      expect(toolSignal).to.equal(undefined);
    } else {
      expect(((await cancelled!) as Event & { toolName?: string }).toolName).to.equal('wtr_slow');
      expect(toolSignal!.aborted).to.equal(true);
    }

    // Unregistering through the registration signal.
    const changed = oneEvent(page(), 'toolchange');
    registration.abort();
    await changed;
    const after = (await backend.getTools()).map((t) => t.name);
    expect(after).to.not.include.members(['wtr_echo']);
    expect(after.filter((n) => n.startsWith('wtr_'))).to.deep.equal([]);
  });

  it(
    MCP_B
      ? 'refuses an input object with "Failed to parse input arguments" (which is why the bridge retries with a string)'
      : 'refuses a string input with "invalid input object" (which is why the bridge sends objects first)',
    async () => {
      const registration = new AbortController();
      await page().registerTool(definition('wtr_strict'), { signal: registration.signal });
      const registered = ((await page().getTools()) as RegisteredToolLike[]).find((t) => t.name === 'wtr_strict')!;
      const error = (await rejection(page().executeTool(registered, MCP_B ? {} : '{}'))) as Error;
      if (MCP_B) {
        expect((error as DOMException).name).to.equal('UnknownError');
        expect(error.message).to.equal('Failed to parse input arguments');
      } else {
        expect(error).to.be.instanceOf(TypeError);
        expect(error.message).to.contain('invalid input object');
      }
      registration.abort();
    },
  );
});
