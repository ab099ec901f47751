import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../test-support/memory-storage.js';
import type { PageTool } from '../discovery/index.js';
import { ConsentMemory, needsConsent } from './consent.js';

const tool = (annotations: PageTool['annotations']): PageTool => ({
  name: 't',
  description: 'd',
  inputSchema: undefined,
  schemaUnparseable: false,
  annotations,
  handle: null,
});

const storage = (): Storage => new MemoryStorage();

describe('needsConsent', () => {
  it('asks for consequential tools under the default policy, never for read-only ones', () => {
    expect(needsConsent(tool({ consequentialHint: true }))).toBe(true);
    expect(needsConsent(tool({ readOnlyHint: true }))).toBe(false);
    expect(needsConsent(tool({}))).toBe(false);
  });

  it('follows the page policy', () => {
    expect(needsConsent(tool({ readOnlyHint: true }), 'always-ask')).toBe(true);
    expect(needsConsent(tool({ consequentialHint: true }), 'never-ask')).toBe(false);
  });
});

describe('ConsentMemory', () => {
  it('remembers per scope and forgets on request', () => {
    const s = storage();
    const a = new ConsentMemory(s, 'ct_a');
    a.remember('checkout');
    a.remember('checkout');
    expect(a.list()).toEqual(['checkout']);
    expect(new ConsentMemory(s, 'ct_a').has('checkout')).toBe(true);
    expect(new ConsentMemory(s, 'ct_b').has('checkout')).toBe(false);
    a.forget('checkout');
    expect(a.has('checkout')).toBe(false);
  });

  it('treats corrupted or blocked storage as "nothing remembered"', () => {
    const s = storage();
    s.setItem('webmcp-chat:consent:x', '{not json');
    expect(new ConsentMemory(s, 'x').has('checkout')).toBe(false);
    const blocked = Object.assign(new MemoryStorage(), {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceeded');
      },
    });
    const m = new ConsentMemory(blocked, 'x');
    expect(() => m.remember('checkout')).not.toThrow();
    expect(m.has('checkout')).toBe(false);
    expect(new ConsentMemory(undefined, 'x').has('checkout')).toBe(false);
  });
});
