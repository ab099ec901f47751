import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../server/config/load.js';

describe('config.example.json', () => {
  it('is a valid production config: PostgreSQL, an admin key, an OpenAI-compatible model, webhooks', () => {
    const config = parseConfig(JSON.parse(readFileSync('config.example.json', 'utf8')));
    expect(config.store.kind).toBe('postgres');
    expect(config.adminKey).toEqual({ env: 'WEBMCP_CHAT_ADMIN_KEY' });
    expect(config.agents.shop!.model).toMatchObject({ provider: 'openai-compatible' });
    expect(config.surfaces.storefront!.webhooks).toHaveLength(1);
  });
});
