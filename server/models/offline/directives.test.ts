import { describe, expect, it } from 'vitest';
import { DEMO_TOOLS } from './demo-tools.fixture.js';
import { MAX_SLOW_MS, findTool, isDirective, parseDirective, parseToolArguments } from './directives.js';
import { SHOP_TOOLS } from './shop-tools.fixture.js';

describe('parseDirective', () => {
  it('returns undefined for plain text', () => {
    expect(parseDirective('find me a mug')).toBeUndefined();
    expect(parseDirective('/ not a directive')).toBeUndefined();
    expect(isDirective('  /echo hi')).toBe(true);
    expect(isDirective('hi /echo')).toBe(false);
  });

  it('parses one /tool line, with and without arguments', () => {
    expect(parseDirective('/tool search_products {"query": "mug"}')).toEqual({
      kind: 'tool',
      calls: [{ name: 'search_products', argumentsText: '{"query": "mug"}' }],
    });
    expect(parseDirective('/tool get_cart')).toEqual({
      kind: 'tool',
      calls: [{ name: 'get_cart', argumentsText: '' }],
    });
  });

  it('parses several /tool lines and JSON continued over lines', () => {
    const directive = parseDirective('/tool get_cart\n/tool webmcp:get_product {\n  "productId": "mug-001"\n}');
    expect(directive).toEqual({
      kind: 'tool',
      calls: [
        { name: 'get_cart', argumentsText: '' },
        { name: 'webmcp:get_product', argumentsText: '{\n  "productId": "mug-001"\n}' },
      ],
    });
  });

  it('refuses mixing /tool with other directives and a /tool without a name', () => {
    expect(parseDirective('/tool get_cart\n/echo hi')?.kind).toBe('invalid');
    expect(parseDirective('/tool')?.kind).toBe('invalid');
  });

  it('keeps the whole rest of the message for /echo', () => {
    expect(parseDirective('/echo hello  world\nsecond line')).toEqual({
      kind: 'echo',
      text: 'hello  world\nsecond line',
    });
    expect(parseDirective('/echo\nonly the next line')).toEqual({ kind: 'echo', text: 'only the next line' });
  });

  it('parses /error and /slow', () => {
    expect(parseDirective('/error boom')).toEqual({ kind: 'error', message: 'boom' });
    expect(parseDirective('/slow 250 finally')).toEqual({ kind: 'slow', ms: 250, text: 'finally' });
    expect(parseDirective('/slow 250')).toEqual({ kind: 'slow', ms: 250, text: 'Done waiting 250 ms.' });
    expect(parseDirective('/slow 99999999')).toMatchObject({ ms: MAX_SLOW_MS });
    expect(parseDirective('/slow soon')?.kind).toBe('invalid');
  });

  it('answers an unknown directive with the list of directives', () => {
    const directive = parseDirective('/dance now');
    expect(directive?.kind).toBe('invalid');
    expect(directive?.kind === 'invalid' && directive.message).toContain('/tool');
  });
});

describe('parseToolArguments', () => {
  it('treats empty text as {} and parses an object', () => {
    expect(parseToolArguments('')).toEqual({ ok: true, value: {} });
    expect(parseToolArguments('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('reports bad JSON and non-objects', () => {
    expect(parseToolArguments('{"a": ').ok).toBe(false);
    expect(parseToolArguments('[1, 2]')).toMatchObject({ ok: false, error: expect.stringContaining('JSON object') });
  });
});

describe('findTool', () => {
  it('matches the bare, canonical and provider names', () => {
    for (const name of ['get_cart', 'webmcp:get_cart', 'webmcp__get_cart']) {
      expect(findTool(name, SHOP_TOOLS)?.bareName).toBe('get_cart');
    }
    expect(findTool('get_carts', SHOP_TOOLS)).toBeUndefined();
  });

  it('resolves server tools by bare or namespaced name, and a wrong namespace to the one bare match', () => {
    for (const name of [
      'get_shipping_quote',
      'http:get_shipping_quote',
      'http__get_shipping_quote',
      'webmcp:get_shipping_quote',
    ]) {
      expect(findTool(name, DEMO_TOOLS)?.canonicalName).toBe('http:get_shipping_quote');
    }
    expect(findTool('code:get_cart', DEMO_TOOLS)?.canonicalName).toBe('webmcp:get_cart');
    expect(findTool('webhook:nope', DEMO_TOOLS)).toBeUndefined();
  });
});
