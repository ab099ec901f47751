/** Element-test helpers for `<webmcp-chat-panel>`: a connected panel, and a page tool for one test. */
import { fixture, html, waitUntil } from '@open-wc/testing';
import { installPolyfill } from '../../bridge/index.js';
import '../chat-panel.js';
import type { WebmcpChatPanel } from '../chat-panel.js';
import { apiUrl, clientToken } from './dom.js';

export interface PanelOptions {
  mode?: 'inline' | 'floating';
  persist?: 'session' | 'local' | 'none';
  consentPolicy?: string;
  /** Height of the container, in px. */
  height?: number;
}

/** A panel inside a sized container, connected to the test server (its welcome shown). */
export async function connectedPanel(options: PanelOptions = {}): Promise<WebmcpChatPanel> {
  const host = await fixture<HTMLDivElement>(
    html`<div style="height:${options.height ?? 480}px">
      <webmcp-chat-panel
        style="height:100%"
        mode=${options.mode ?? 'inline'}
        persist=${options.persist ?? 'session'}
        consent-policy=${options.consentPolicy ?? 'ask-consequential'}
        client-token=${clientToken}
        api-url=${apiUrl}
      ></webmcp-chat-panel>
    </div>`,
  );
  const el = host.querySelector('webmcp-chat-panel')!;
  await el.updateComplete;
  await waitUntil(() => !el.shadowRoot!.querySelector('.status-line'), 'the panel did not connect');
  return el;
}

/** Registers a page tool for one test; the returned function unregisters it. */
export async function registerPageTool(
  tool: { name: string; title?: string; description?: string; annotations?: Record<string, boolean> },
  execute: (input: Record<string, unknown>) => unknown,
): Promise<() => void> {
  const registration = new AbortController();
  await installPolyfill().registerTool(
    {
      description: `The ${tool.name} tool of the element tests`,
      annotations: { readOnlyHint: true },
      ...tool,
      execute,
    },
    { signal: registration.signal },
  );
  return () => registration.abort();
}
