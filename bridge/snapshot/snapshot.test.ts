import { describe, expect, it } from 'vitest';
import type { PageTool } from '../discovery/index.js';
import { compilePolicy } from '../policy/index.js';
import { LIMITS, LIMIT_CODES, jsonDepth, utf8Length } from '../protocol/index.js';
import { clientToolSchema } from '../protocol/schemas.js';
import { buildSnapshot, droppedByPolicy, droppedToolsReport, fingerprintOf } from './snapshot.js';

const PAGE = 'https://shop.test';
/** Admits everything from any valid origin, so the limits are what is under test. */
const OPEN = compilePolicy({ enabled: true });

function tool(name: string, extra: Partial<PageTool> = {}): PageTool {
  return {
    name,
    description: `Does ${name}.`,
    inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
    schemaUnparseable: false,
    annotations: {},
    handle: { name },
    ...extra,
  };
}

/** An object whose `jsonDepth` is exactly `depth` (≥ 1). */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

/** A schema whose JSON is exactly `bytes` long. */
function schemaOfSize(bytes: number): Record<string, unknown> {
  const base = utf8Length(JSON.stringify({ type: 'object', description: '' }));
  return { type: 'object', description: 'x'.repeat(bytes - base) };
}

function snapshot(tools: PageTool[], policy = OPEN) {
  return buildSnapshot(tools, { pageOrigin: PAGE, policy });
}

describe('buildSnapshot: policy', () => {
  it('leaves out tools the policy refuses, with the policy’s reason, and keeps the rest', () => {
    const policy = compilePolicy({ enabled: true, allowlist: [{ origin: PAGE, tools: ['search_*', 'get_cart'] }] });
    const result = snapshot(
      [tool('search_products'), tool('checkout'), tool('get_cart'), tool('delete_account')],
      policy,
    );
    expect(result.clientTools.map((t) => t.name)).toEqual(['search_products', 'get_cart']);
    expect(result.dropped).toEqual([
      { name: 'checkout', reason: 'tool_not_listed' },
      { name: 'delete_account', reason: 'tool_not_listed' },
    ]);
    expect([...result.byName.keys()]).toEqual(['search_products', 'get_cart']);
  });

  it('drops everything with the reason when the origin is not listed or WebMCP is off', () => {
    const other = compilePolicy({ enabled: true, allowlist: [{ origin: 'https://other.test', tools: ['*'] }] });
    expect(snapshot([tool('a'), tool('b')], other).dropped).toEqual([
      { name: 'a', reason: 'origin_not_listed' },
      { name: 'b', reason: 'origin_not_listed' },
    ]);
    const off = snapshot([tool('a')], compilePolicy({ enabled: false }));
    expect(off.clientTools).toEqual([]);
    expect(off.dropped).toEqual([{ name: 'a', reason: 'webmcp_disabled' }]);
    expect(buildSnapshot([tool('a')], { pageOrigin: 'null', policy: OPEN }).dropped).toEqual([
      { name: 'a', reason: 'origin_invalid' },
    ]);
  });
});

describe('buildSnapshot: limits drop only the offending tool, with the limit’s code', () => {
  it('sends 50 tools and drops the 51st as client_tools_too_many', () => {
    const tools = Array.from({ length: 51 }, (_, i) => tool(`tool_${String(i).padStart(2, '0')}`));
    const result = snapshot(tools);
    expect(result.clientTools).toHaveLength(LIMITS.maxClientTools);
    expect(result.dropped).toEqual([{ name: 'tool_50', reason: LIMIT_CODES.tooManyTools }]);
  });

  it('does not count dropped tools towards the 50', () => {
    const tools = [tool('bad name'), ...Array.from({ length: 50 }, (_, i) => tool(`tool_${i}`))];
    const result = snapshot(tools);
    expect(result.clientTools).toHaveLength(50);
    expect(result.dropped).toEqual([{ name: 'bad name', reason: LIMIT_CODES.badToolName }]);
  });

  it('drops a tool that would push the array past 64 KB as client_tools_too_large, and still sends smaller ones after it', () => {
    const big = (name: string) => tool(name, { inputSchema: schemaOfSize(15_000) });
    const result = snapshot([big('big_1'), big('big_2'), big('big_3'), big('big_4'), big('big_5'), tool('small')]);
    expect(result.clientTools.map((t) => t.name)).toEqual(['big_1', 'big_2', 'big_3', 'big_4', 'small']);
    expect(result.dropped).toEqual([{ name: 'big_5', reason: LIMIT_CODES.toolsTooLarge }]);
    const sent = utf8Length(JSON.stringify(result.clientTools));
    expect(sent).toBeLessThanOrEqual(LIMITS.maxClientToolsBytes);
    // It really would not have fitted.
    const withBig5 = utf8Length(JSON.stringify([...result.clientTools, snapshot([big('big_5')]).clientTools[0]]));
    expect(withBig5).toBeGreaterThan(LIMITS.maxClientToolsBytes);
  });

  it('counts bytes as UTF-8, not UTF-16 code units', () => {
    // 4 tools of ~15,000 characters that are 3 bytes each: far over 64 KB although under 64 K characters.
    const wide = (name: string) => tool(name, { inputSchema: { type: 'object', description: '€'.repeat(5_000) } });
    const result = snapshot([wide('w1'), wide('w2'), wide('w3'), wide('w4'), wide('w5')]);
    expect(utf8Length(JSON.stringify(result.clientTools))).toBeLessThanOrEqual(LIMITS.maxClientToolsBytes);
    expect(result.dropped.map((d) => d.reason)).toContain(LIMIT_CODES.toolsTooLarge);
  });

  it('drops names outside ^[A-Za-z0-9_.-]{1,128}$ as client_tool_name_invalid', () => {
    const bad = ['has space', '', 'a'.repeat(129), 'webmcp:search', 'emoji_😀', 'semi;colon'];
    const good = ['a', 'a'.repeat(128), 'Search.v2-beta_1'];
    const result = snapshot([...bad, ...good].map((n) => tool(n)));
    expect(result.clientTools.map((t) => t.name)).toEqual(good);
    expect(result.dropped).toEqual(bad.map((name) => ({ name, reason: LIMIT_CODES.badToolName })));
  });

  it('drops empty and over-long descriptions as client_tool_description_invalid', () => {
    const result = snapshot([
      tool('empty', { description: '' }),
      tool('one', { description: 'x' }),
      tool('max', { description: 'x'.repeat(1024) }),
      tool('over', { description: 'x'.repeat(1025) }),
    ]);
    expect(result.clientTools.map((t) => t.name)).toEqual(['one', 'max']);
    expect(result.dropped).toEqual([
      { name: 'empty', reason: LIMIT_CODES.badDescription },
      { name: 'over', reason: LIMIT_CODES.badDescription },
    ]);
  });

  it('drops a schema nested deeper than 16 as client_tool_schema_too_deep', () => {
    expect(jsonDepth(nested(16))).toBe(16);
    const result = snapshot([tool('deep', { inputSchema: nested(17) }), tool('ok', { inputSchema: nested(16) })]);
    expect(result.clientTools.map((t) => t.name)).toEqual(['ok']);
    expect(result.dropped).toEqual([{ name: 'deep', reason: LIMIT_CODES.schemaTooDeep }]);
  });

  it('drops a cyclic schema as too deep instead of throwing', () => {
    const cyclic: Record<string, unknown> = { type: 'object' };
    cyclic.self = cyclic;
    expect(snapshot([tool('cyclic', { inputSchema: cyclic })]).dropped).toEqual([
      { name: 'cyclic', reason: LIMIT_CODES.schemaTooDeep },
    ]);
  });

  it('drops a schema over 16 KB as client_tool_schema_too_large', () => {
    const result = snapshot([
      tool('large', { inputSchema: schemaOfSize(LIMITS.maxSchemaBytes + 1) }),
      tool('fits', { inputSchema: schemaOfSize(LIMITS.maxSchemaBytes) }),
    ]);
    expect(result.clientTools.map((t) => t.name)).toEqual(['fits']);
    expect(result.dropped).toEqual([{ name: 'large', reason: LIMIT_CODES.schemaTooLarge }]);
  });

  it('keeps the first of two tools with one name and drops the second as client_tool_duplicate', () => {
    const first = tool('search', { description: 'First.' });
    const second = tool('search', { description: 'Second.' });
    const result = snapshot([first, second]);
    expect(result.clientTools.map((t) => t.description)).toEqual(['First.']);
    expect(result.dropped).toEqual([{ name: 'search', reason: LIMIT_CODES.duplicateTool }]);
    expect(result.byName.get('search')).toBe(first);
  });

  it('drops each offender in a mixed list and nothing else', () => {
    const result = snapshot([
      tool('good_1'),
      tool('bad name'),
      tool('good_2'),
      tool('no_description', { description: '' }),
      tool('good_3'),
      tool('too_deep', { inputSchema: nested(30) }),
      tool('too_large', { inputSchema: schemaOfSize(20_000) }),
      tool('good_1'),
      tool('good_4'),
    ]);
    expect(result.clientTools.map((t) => t.name)).toEqual(['good_1', 'good_2', 'good_3', 'good_4']);
    expect(result.dropped).toEqual([
      { name: 'bad name', reason: LIMIT_CODES.badToolName },
      { name: 'no_description', reason: LIMIT_CODES.badDescription },
      { name: 'too_deep', reason: LIMIT_CODES.schemaTooDeep },
      { name: 'too_large', reason: LIMIT_CODES.schemaTooLarge },
      { name: 'good_1', reason: LIMIT_CODES.duplicateTool },
    ]);
  });
});

describe('buildSnapshot: the wire entries', () => {
  it('marks admitted tools as webmcp with the page origin, the schema and the title', () => {
    const [entry] = snapshot([
      tool('search', { title: 'Search', inputSchema: { type: 'object', required: ['q'] } }),
    ]).clientTools;
    expect(entry).toEqual({
      name: 'search',
      title: 'Search',
      description: 'Does search.',
      parametersSchema: { type: 'object', required: ['q'] },
      origin: 'webmcp',
      pageOrigin: PAGE,
    });
  });

  it('sends an empty object schema when the page gave none', () => {
    const [entry] = snapshot([tool('plain', { inputSchema: undefined })]).clientTools;
    expect(entry!.parametersSchema).toEqual({ type: 'object', properties: {} });
  });

  it('keeps true annotations and omits false or missing ones', () => {
    const [withHints, allFalse] = snapshot([
      tool('a', {
        annotations: { readOnlyHint: true, consequentialHint: false, untrustedContentHint: true, debugging: false },
      }),
      tool('b', { annotations: { readOnlyHint: false, consequentialHint: false } }),
    ]).clientTools;
    expect(withHints!.annotations).toEqual({ readOnlyHint: true, untrustedContentHint: true });
    expect(allFalse).not.toHaveProperty('annotations');
  });

  it('produces entries the server’s clientTool schema accepts', () => {
    const result = snapshot([
      tool('a', { title: 'A', annotations: { consequentialHint: true } }),
      tool('b', { inputSchema: undefined }),
    ]);
    for (const entry of result.clientTools) expect(clientToolSchema.safeParse(entry).success).toBe(true);
  });
});

describe('fingerprint', () => {
  const base = () => [tool('search', { title: 'Search', annotations: { readOnlyHint: true } }), tool('get_cart')];

  it('is the same for equal input built separately', () => {
    const a = snapshot(base()).fingerprint;
    expect(snapshot(base()).fingerprint).toBe(a);
    expect(a).toMatch(/^fp_[0-9a-f]{16}$/);
    expect(fingerprintOf([])).toBe(fingerprintOf([]));
  });

  it('changes when anything sent changes', () => {
    const original = snapshot(base()).fingerprint;
    const variants: Array<[string, PageTool[], string?]> = [
      ['name', [tool('search2', { title: 'Search', annotations: { readOnlyHint: true } }), tool('get_cart')]],
      [
        'description',
        [
          tool('search', { title: 'Search', annotations: { readOnlyHint: true }, description: 'Other.' }),
          tool('get_cart'),
        ],
      ],
      ['title', [tool('search', { title: 'Find', annotations: { readOnlyHint: true } }), tool('get_cart')]],
      [
        'annotation',
        [
          tool('search', { title: 'Search', annotations: { readOnlyHint: true, consequentialHint: true } }),
          tool('get_cart'),
        ],
      ],
      [
        'schema',
        [
          tool('search', { title: 'Search', annotations: { readOnlyHint: true }, inputSchema: { type: 'object' } }),
          tool('get_cart'),
        ],
      ],
      ['order', [tool('get_cart'), tool('search', { title: 'Search', annotations: { readOnlyHint: true } })]],
      ['a tool removed', [tool('search', { title: 'Search', annotations: { readOnlyHint: true } })]],
      ['a tool added', [...base(), tool('checkout')]],
      ['page origin', base(), 'https://other.test'],
    ];
    const seen = new Set([original]);
    for (const [what, tools, pageOrigin] of variants) {
      const fp = buildSnapshot(tools, { pageOrigin: pageOrigin ?? PAGE, policy: OPEN }).fingerprint;
      expect(fp, what).not.toBe(original);
      seen.add(fp);
    }
    expect(seen.size).toBe(variants.length + 1);
  });

  it('does not change for tools that were dropped', () => {
    expect(snapshot([...base(), tool('bad name')]).fingerprint).toBe(snapshot(base()).fingerprint);
  });

  it('spreads one-character differences across the whole hash', () => {
    const a = fingerprintOf([{ name: 'a', description: 'x', parametersSchema: {}, origin: 'webmcp' }]);
    const b = fingerprintOf([{ name: 'b', description: 'x', parametersSchema: {}, origin: 'webmcp' }]);
    expect(a.slice(3, 11)).not.toBe(b.slice(3, 11));
    expect(a.slice(11)).not.toBe(b.slice(11));
  });
});

describe('the dropped-tools report', () => {
  it('names each left-out tool with its reason, bounded, and tells policy drops from limit drops', () => {
    const narrow = compilePolicy({ enabled: true, allowlist: [{ origin: PAGE, tools: ['keep_*'] }] });
    const tools = [tool('keep_me'), tool('nope'), tool('keep_bad', { description: '' })];
    const snapshot = buildSnapshot(tools, { pageOrigin: PAGE, policy: narrow });
    expect(droppedToolsReport(snapshot)).toEqual([
      { name: 'nope', reason: 'tool_not_listed' },
      { name: 'keep_bad', reason: LIMIT_CODES.badDescription },
    ]);
    expect(droppedByPolicy(snapshot)).toBe(true);
    expect(droppedByPolicy(buildSnapshot([tools[2]!], { pageOrigin: PAGE, policy: narrow }))).toBe(false);
    expect(droppedToolsReport(buildSnapshot([tools[0]!], { pageOrigin: PAGE, policy: narrow }))).toBeUndefined();

    const many = Array.from({ length: 150 }, (_, i) => ({ name: `${'n'.repeat(200)}${i}`, reason: 'tool_not_listed' }));
    const report = droppedToolsReport({ dropped: many as never })!;
    expect(report).toHaveLength(LIMITS.maxDroppedTools);
    expect(Math.max(...report.map((d) => d.name.length))).toBe(LIMITS.maxDroppedToolName);
    expect(Object.keys(report[0]!).sort()).toEqual(['name', 'reason']);
  });
});
