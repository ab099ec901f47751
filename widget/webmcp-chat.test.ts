import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { installPolyfill } from '../bridge/index.js';
import './webmcp-chat.js';
import type { WebmcpChat } from './webmcp-chat.js';

const { apiUrl, clientToken } = (window as unknown as { __WEBMCP_TEST__: { apiUrl: string; clientToken: string } }).__WEBMCP_TEST__;

function part(el: WebmcpChat, name: string): HTMLElement | null {
  return el.shadowRoot!.querySelector(`[part~="${name}"]`);
}

async function idle(el: WebmcpChat): Promise<void> {
  await waitUntil(() => part(el, 'send') !== null && part(el, 'stop') === null, 'the run did not finish', { timeout: 8000 });
  await el.updateComplete;
}

describe('<webmcp-chat>', () => {
  it('floating: the launcher opens a modal dialog, focus moves in, Esc closes and returns focus', async () => {
    const el = await fixture<WebmcpChat>(html`<webmcp-chat client-token=${clientToken} api-url=${apiUrl}></webmcp-chat>`);
    const launcher = part(el, 'launcher') as HTMLButtonElement;
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    expect(part(el, 'panel')).to.equal(null);
    await expect(el).to.be.accessible();
    launcher.click();
    await el.updateComplete;
    const panel = part(el, 'panel')!;
    expect(panel.getAttribute('role')).to.equal('dialog');
    expect(panel.getAttribute('aria-modal')).to.equal('true');
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'input'));
    // The welcome message comes from the surface's init response.
    await waitUntil(() => el.shadowRoot!.querySelector('[data-role=welcome]'), 'no welcome message');
    expect(el.shadowRoot!.querySelector('[data-role=welcome]')!.textContent).to.equal('Welcome to the element tests.');
    expect((part(el, 'input') as HTMLTextAreaElement).placeholder).to.equal('Ask the test shop…');
    await expect(el).to.be.accessible();
    panel.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await el.updateComplete;
    await aTimeout(0);
    expect(part(el, 'panel')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'launcher'));
  });

  it('inline: streams the model reply into the log and announces it when finished', async () => {
    const host = await fixture<HTMLDivElement>(html`<div style="height:400px"><webmcp-chat mode="inline" client-token=${clientToken} api-url=${apiUrl}></webmcp-chat></div>`);
    const widget = host.querySelector('webmcp-chat')!;
    await widget.updateComplete;
    expect(part(widget, 'panel')!.getAttribute('role')).to.equal('region');
    (part(widget, 'input') as HTMLTextAreaElement).value = '/echo Hello from the **server**';
    (part(widget, 'send') as HTMLButtonElement).click();
    await waitUntil(() => widget.shadowRoot!.querySelector('[data-role=assistant]:not([data-streaming])'), 'no finished reply', { timeout: 8000 });
    await idle(widget);
    const messages = [...widget.shadowRoot!.querySelectorAll<HTMLElement>('[part~=message]')].map((m) => [m.dataset.role, m.textContent]);
    expect(messages).to.deep.include(['user', '/echo Hello from the **server**']);
    expect(messages).to.deep.include(['assistant', 'Hello from the **server**']);
    expect(widget.shadowRoot!.querySelector('[aria-live=polite]')!.textContent).to.equal('Hello from the **server**');
    await expect(widget).to.be.accessible();
  });

  it('runs a page tool the model asks for and shows its card', async () => {
    const context = installPolyfill();
    const controller = new AbortController();
    let received: unknown;
    await context.registerTool(
      {
        name: 'lookup_color',
        description: 'Look up the colour of a product by its id',
        inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        annotations: { readOnlyHint: true },
        execute: (input) => {
          received = input;
          return { id: input.id, color: 'ultramarine' };
        },
      },
      { signal: controller.signal },
    );
    try {
      const host = await fixture<HTMLDivElement>(html`<div style="height:500px"><webmcp-chat mode="inline" client-token=${clientToken} api-url=${apiUrl}></webmcp-chat></div>`);
      const widget = host.querySelector('webmcp-chat')!;
      await widget.updateComplete;
      await widget.send('/tool lookup_color {"id":"mug-007"}');
      await idle(widget);
      expect(received).to.deep.equal({ id: 'mug-007' });
      const card = widget.shadowRoot!.querySelector('[part~=tool-card]')!;
      expect(card.getAttribute('status')).to.equal('done');
      expect(card.getAttribute('name')).to.equal('lookup_color');
      const reply = [...widget.shadowRoot!.querySelectorAll<HTMLElement>('[data-role=assistant]')].at(-1)!.textContent!;
      expect(reply).to.contain('ultramarine');
      await expect(widget).to.be.accessible();
    } finally {
      controller.abort();
    }
  });

  it('reports offered and dropped tools through an event and its debug view, live as the page changes them', async () => {
    const context = installPolyfill();
    const controller = new AbortController();
    await context.registerTool({ name: 'fine_tool', description: 'A tool within every limit', execute: () => 'ok' }, { signal: controller.signal });
    try {
      const host = await fixture<HTMLDivElement>(html`<div style="height:500px"><webmcp-chat mode="inline" debug client-token=${clientToken} api-url=${apiUrl}></webmcp-chat></div>`);
      const widget = host.querySelector('webmcp-chat')!;
      await widget.updateComplete;
      const seen = new Promise<CustomEvent | Event>((resolve) => widget.addEventListener('webmcp-chat-tools', (e) => { if ((e as unknown as { detail: { dropped: unknown[] } }).detail.dropped.length > 0) resolve(e); }));
      await context.registerTool({ name: 'wordy_tool', description: 'x'.repeat(1025), execute: () => 'ok' }, { signal: controller.signal });
      const event = (await seen) as unknown as { detail: { offered: string[]; dropped: Array<{ name: string; reason: string }> } };
      expect(event.detail.offered).to.include('fine_tool');
      expect(event.detail.dropped).to.deep.include({ name: 'wordy_tool', reason: 'client_tool_description_invalid' });
      await widget.updateComplete;
      const debug = widget.shadowRoot!.querySelector('[part~=debug]')!;
      expect(debug.querySelector('[data-dropped=wordy_tool]')!.textContent).to.contain('client_tool_description_invalid');
      expect(debug.querySelector('[data-offered=fine_tool]')).to.not.equal(null);
      await expect(widget).to.be.accessible();
    } finally {
      controller.abort();
    }
  });

  it('shows a clear error when the server refuses the token', async () => {
    const host = await fixture<HTMLDivElement>(html`<div style="height:400px"><webmcp-chat mode="inline" client-token="ct_test_unknown_token" api-url=${apiUrl}></webmcp-chat></div>`);
    const widget = host.querySelector('webmcp-chat')!;
    await waitUntil(() => widget.shadowRoot!.querySelector('[data-role=error]'), 'no error shown');
    expect(widget.shadowRoot!.querySelector('[data-role=error]')!.textContent).to.contain('unknown or revoked');
    await expect(widget).to.be.accessible();
  });
});
