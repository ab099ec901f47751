import { describe, expect, it } from 'vitest';
import {
  fromExecuteResult,
  raceAbort,
  registeredTools,
  serializeLikeChromium,
  serializeToolValue,
  unwrapToolError,
} from './normalize.js';
import { failed, ok } from '../test-support/outcome.js';

const TOOL_FAILED = 'Tool was executed but the invocation failed. For example, the script function threw an error';

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
  it('unwraps an MCP CallToolResult to its text and keeps its isError', () => {
    expect(
      serializeToolValue({
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      }),
    ).toEqual(ok('a\nb'));
    expect(serializeToolValue({ content: [], structuredContent: { n: 1 } })).toEqual(ok('{"n":1}'));
    expect(serializeToolValue({ content: [{ type: 'text', text: 'Out of stock' }], isError: true })).toEqual(
      failed('Out of stock'),
    );
    expect(serializeToolValue({ content: [], isError: true })).toEqual(failed('The tool reported an error.'));
  });

  it('keeps a result with non-text content whole, and serialises values that only look similar', () => {
    const image = { content: [{ type: 'image', data: 'AAAA', mimeType: 'image/png' }] };
    expect(serializeToolValue(image)).toEqual(ok(JSON.stringify(image)));
    expect(serializeToolValue({ content: ['x'] })).toEqual(ok('{"content":["x"]}'));
    expect(serializeToolValue({ content: [{ type: 'text', text: 'x' }], total: 3 })).toEqual(
      ok('{"content":[{"type":"text","text":"x"}],"total":3}'),
    );
    expect(serializeToolValue(undefined)).toEqual(ok('undefined'));
  });
});

describe('fromExecuteResult (what executeTool resolved with)', () => {
  it('keeps null (the tool navigated the page) and bare strings', () => {
    expect(fromExecuteResult(null)).toBeNull();
    expect(fromExecuteResult('plain')).toEqual(ok('plain'));
    expect(fromExecuteResult('{"content": not json')).toEqual(ok('{"content": not json'));
    expect(fromExecuteResult('{"q":"mug"}')).toEqual(ok('{"q":"mug"}'));
  });

  it('unwraps the JSON of a CallToolResult (an MCP-B style tool run by native Chromium)', () => {
    expect(fromExecuteResult('{"content":[{"type":"text","text":"hi"}]}')).toEqual(ok('hi'));
    expect(fromExecuteResult('{"content":[{"type":"text","text":"no"}],"isError":true}')).toEqual(failed('no'));
  });

  it('serialises a non-string result (older polyfills resolved with the tool value itself)', () => {
    expect(fromExecuteResult({ content: [{ type: 'text', text: 'hi' }] })).toEqual(ok('hi'));
    expect(fromExecuteResult({ total: 2 })).toEqual(ok('{"total":2}'));
    expect(fromExecuteResult(undefined)).toEqual(ok('undefined'));
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
