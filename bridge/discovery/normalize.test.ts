import { describe, expect, it } from 'vitest';
import {
  fromExecuteResult,
  raceAbort,
  registeredTools,
  serializeLikeChromium,
  serializeToolValue,
  unwrapToolError,
} from './normalize.js';

const TOOL_FAILED = 'Tool was executed but the invocation failed. For example, the script function threw an error';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('serializeLikeChromium (what native Chromium 156 and MCP-B resolve executeTool with)', () => {
  it('serialises like the browser: objects as JSON, the rest with String(), "" as "Operation succeeded"', () => {
    expect(serializeLikeChromium({ ok: 1 })).toBe('{"ok":1}');
    expect(serializeLikeChromium([1, 2])).toBe('[1,2]');
    expect(serializeLikeChromium('plain')).toBe('plain');
    expect(serializeLikeChromium(3)).toBe('3');
    expect(serializeLikeChromium(null)).toBe('null');
    expect(serializeLikeChromium(undefined)).toBe('undefined');
    expect(serializeLikeChromium('')).toBe('Operation succeeded');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(serializeLikeChromium(cyclic)).toBe('[object Object]');
  });
});

describe('serializeToolValue (a tool value the bridge got directly)', () => {
  it('unwraps an MCP CallToolResult to its text, and turns isError into a thrown error', () => {
    expect(
      serializeToolValue({
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      }),
    ).toBe('a\nb');
    expect(serializeToolValue({ content: [], structuredContent: { n: 1 } })).toBe('{"n":1}');
    const error = thrown(() =>
      serializeToolValue({ content: [{ type: 'text', text: 'Out of stock' }], isError: true }),
    ) as Error;
    expect(error.message).toBe('Out of stock');
  });

  it('keeps a result with non-text content whole, and serialises values that only look similar', () => {
    const image = { content: [{ type: 'image', data: 'AAAA', mimeType: 'image/png' }] };
    expect(serializeToolValue(image)).toBe(JSON.stringify(image));
    expect(serializeToolValue({ content: ['x'] })).toBe('{"content":["x"]}');
    expect(serializeToolValue({ content: [{ type: 'text', text: 'x' }], total: 3 })).toBe(
      '{"content":[{"type":"text","text":"x"}],"total":3}',
    );
    expect(serializeToolValue(undefined)).toBe('undefined');
  });
});

describe('fromExecuteResult (what executeTool resolved with)', () => {
  it('keeps null (the tool navigated the page) and bare strings', () => {
    expect(fromExecuteResult(null)).toBeNull();
    expect(fromExecuteResult('plain')).toBe('plain');
    expect(fromExecuteResult('{"content": not json')).toBe('{"content": not json');
    expect(fromExecuteResult('{"q":"mug"}')).toBe('{"q":"mug"}');
  });

  it('unwraps the JSON of a CallToolResult (an MCP-B style tool run by native Chromium)', () => {
    expect(fromExecuteResult('{"content":[{"type":"text","text":"hi"}]}')).toBe('hi');
    expect(
      (thrown(() => fromExecuteResult('{"content":[{"type":"text","text":"no"}],"isError":true}')) as Error).message,
    ).toBe('no');
  });

  it('serialises a non-string result (older polyfills resolved with the tool value itself)', () => {
    expect(fromExecuteResult({ content: [{ type: 'text', text: 'hi' }] })).toBe('hi');
    expect(fromExecuteResult({ total: 2 })).toBe('{"total":2}');
    expect(fromExecuteResult(undefined)).toBe('undefined');
  });
});

describe('unwrapToolError', () => {
  it('recovers the tool’s message from the wrapped one of MCP-B and modelContextTesting', () => {
    const error = unwrapToolError(new DOMException(`${TOOL_FAILED}: Out of stock`, 'UnknownError')) as DOMException;
    expect(error).toBeInstanceOf(DOMException);
    expect([error.name, error.message]).toEqual(['UnknownError', 'Out of stock']);
  });

  it('leaves native Chromium’s bare message, and any other error, as they are', () => {
    const bare = new DOMException(TOOL_FAILED, 'UnknownError');
    expect(unwrapToolError(bare)).toBe(bare);
    const other = new RangeError('Out of stock');
    expect(unwrapToolError(other)).toBe(other);
    expect(unwrapToolError('text')).toBe('text');
  });
});

describe('registeredTools', () => {
  it('keeps only entries with a name', () => {
    expect(registeredTools([{ name: 'a' }, null, { name: '' }, { description: 'x' }, 'b', { name: 3 }])).toEqual([
      { name: 'a' },
    ]);
    expect(registeredTools(undefined)).toEqual([]);
    expect(registeredTools({ name: 'a' })).toEqual([]);
  });
});

describe('raceAbort', () => {
  it('rejects with the abort reason as soon as the signal aborts, and passes a settled value through', async () => {
    const controller = new AbortController();
    const never = new Promise<string>(() => undefined);
    const pending = raceAbort(never, controller.signal).catch((error: unknown) => error);
    controller.abort(new Error('stopped'));
    expect(((await pending) as Error).message).toBe('stopped');
    expect(await raceAbort(Promise.resolve('done'), new AbortController().signal)).toBe('done');
    expect(
      ((await raceAbort(Promise.resolve('x'), AbortSignal.abort()).catch((e: unknown) => e)) as DOMException).name,
    ).toBe('AbortError');
  });
});
