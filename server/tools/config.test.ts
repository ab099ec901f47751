import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config/load.js';
import { rawConfig } from '../test-helpers.js';

function issuesOf(tools: unknown[], secrets: Record<string, unknown> = {}): string[] {
  try {
    parseConfig(
      rawConfig((c) => {
        c.agents.shop.tools = tools;
        c.agents.shop.secrets = secrets;
      }),
    );
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

const http = (url: string, extra: Record<string, unknown> = {}) => ({ type: 'http', name: 'q', url, ...extra });

describe('server tool config', () => {
  it('refuses a parameter in the scheme, host or port, with the key path', () => {
    for (const url of [
      'https://{{host}}/quote',
      'https://shop.example.{{tld}}/quote',
      'https://shop.example:{{port}}/quote',
      '{{scheme}}://shop.example/quote',
      'https://user:{{secrets.K}}@shop.example/quote',
    ]) {
      expect(issuesOf([http(url)], { K: { env: 'K' } })).toEqual([
        expect.stringMatching(/^agents\.shop\.tools\.0\.url: the URL template (may not place a placeholder|must be)/),
      ]);
    }
    expect(issuesOf([http('https://shop.example/quote/{{id}}?postcode={{postcode}}')])).toEqual([]);
  });

  it('refuses an undeclared secret, a duplicate name, an unknown agent and unknown keys', () => {
    expect(
      issuesOf([
        http('https://shop.example/q', { headers: { authorization: 'Bearer {{secrets.NOPE}}' } }),
        { type: 'code', name: 'q', code: 'return 1;' },
        { type: 'agent', name: 'helper', agent: 'ghost', allowedTools: ['missing'] },
        { type: 'code', name: 'c', code: 'return 1;', extra: true },
      ]),
    ).toEqual(
      expect.arrayContaining([
        'agents.shop.tools.3.extra: unknown key',
        "agents.shop.tools.0.headers.authorization: {{secrets.NOPE}} is not declared in this agent's secrets",
        'agents.shop.tools.1.name: "q" appears twice',
        'agents.shop.tools.2.agent: no agent named "ghost"',
        'agents.shop.tools.2.allowedTools.0: "missing" is not a server tool of this agent',
      ]),
    );
  });

  it('refuses a body on a GET (the default method) with the key path, and accepts it on POST', () => {
    const body = { postcode: '{{postcode}}' };
    const refused = 'agents.shop.tools.0.body: a GET request has no body: use POST, PUT, PATCH or DELETE to send one';
    expect(issuesOf([http('https://shop.example/q', { body })])).toEqual([refused]);
    expect(issuesOf([http('https://shop.example/q', { method: 'GET', body })])).toEqual([refused]);
    expect(issuesOf([http('https://shop.example/q', { method: 'POST', body })])).toEqual([]);
  });

  it('bounds timeoutSeconds to 1–30 and defaults it to 4', () => {
    expect(issuesOf([{ type: 'code', name: 'c', code: 'return 1;', timeoutSeconds: 31 }])).toEqual([
      expect.stringContaining('agents.shop.tools.0.timeoutSeconds'),
    ]);
    const config = parseConfig(
      rawConfig((c) => (c.agents.shop.tools = [{ type: 'code', name: 'c', code: 'return 1;' }])),
    );
    expect(config.agents.shop!.tools[0]).toMatchObject({ timeoutSeconds: 4 });
  });

  it('takes secrets only as env references', () => {
    expect(issuesOf([], { K: 'literal-secret' })).toEqual([expect.stringContaining('agents.shop.secrets.K')]);
  });
});
