/**
 * What a shopper meets in the panel: starter suggestions, a new conversation, consent that says
 * what will happen, announcements of rendered text, and tools the shop's server runs itself.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { WebmcpChatPanel } from './chat-panel.js';
import type { ToolResultDetail } from './events/tool-result.js';
import { clientToken, deepActive, deepAll, idle, isolate, messages, part } from './test-support/dom.js';
import { connectedPanel, registerPageTool } from './test-support/panel.js';
import type { WebmcpToolCard } from './tool-card.js';

/** Everything the live region says from now on. */
function listen(el: WebmcpChatPanel): string[] {
  const region = el.shadowRoot!.querySelector('[aria-live=polite]')!;
  const said: string[] = [];
  new MutationObserver(() => said.push(region.textContent ?? '')).observe(region, {
    childList: true,
    characterData: true,
    subtree: true,
  });
  return said;
}

function card(el: WebmcpChatPanel, name: string): WebmcpToolCard | null {
  return el.shadowRoot!.querySelector<WebmcpToolCard>(`[part~=tool-card][name=${name}]`);
}

describe('<webmcp-chat-panel> for shoppers', () => {
  beforeEach(() => isolate());

  it('offers the surface’s starter suggestions before the first message; a chip sends its question', async () => {
    const el = await connectedPanel();
    const chips = () => deepAll<HTMLButtonElement>(el, '[part~=suggestion]');
    expect(chips().map((c) => c.textContent!.trim())).to.deep.equal(['Do you have mugs?', 'What is in my cart?']);
    expect(chips()[0]!.parentElement!.getAttribute('aria-label')).to.equal('Suggestions');
    await expect(el).to.be.accessible();
    chips()[1]!.click();
    await waitUntil(() => messages(el).some(([role]) => role === 'user'), 'the chip sent nothing');
    expect(messages(el).find(([role]) => role === 'user')).to.deep.equal(['user', 'What is in my cart?']);
    expect(chips()).to.have.length(0);
    expect(deepActive() === part(el, 'input'), 'focus went to the input, not lost with the chip').to.equal(true);
    await idle(el);
  });

  it('a new-conversation button clears the conversation and its storage, and the suggestions come back', async () => {
    const el = await connectedPanel();
    expect(part(el, 'new-conversation')).to.equal(null); // nothing to clear yet
    await el.send('/echo first conversation');
    await el.updateComplete;
    const button = part<HTMLButtonElement>(el, 'new-conversation')!;
    expect(button.getAttribute('aria-label')).to.equal('New conversation');
    await expect(el).to.be.accessible();
    button.click();
    await el.updateComplete;
    expect(messages(el).map(([role]) => role)).to.deep.equal(['welcome']);
    expect(deepAll(el, '[part~=suggestion]')).to.have.length(2);
    const saved = JSON.parse(sessionStorage.getItem(`webmcp-chat:transcript:${clientToken}`) ?? '{}') as {
      items?: unknown[];
    };
    expect(saved.items).to.deep.equal([]);
    expect(deepActive() === part(el, 'input')).to.equal(true);
  });

  it('consent shows the page’s summary (event, else describeCall) and the decision is announced', async () => {
    let ran = 0;
    const unregister = await registerPageTool(
      {
        name: 'place_order',
        title: 'Place order',
        description: 'Places the order for everything in the cart.',
        annotations: { readOnlyHint: false, consequentialHint: true },
      },
      () => ++ran,
    );
    try {
      const el = await connectedPanel();
      const said = listen(el);
      const fromEvent = (e: Event) => {
        const detail = (e as CustomEvent<{ name: string; summary?: string }>).detail;
        if (detail.name === 'place_order') detail.summary = '2 × Speckled mug — $36.00\nTotal: $36.00';
      };
      el.addEventListener('webmcp-chat-tool-call', fromEvent);
      let run = el.send('/tool place_order {"paymentMethod":"card"}');
      await waitUntil(() => card(el, 'place_order')?.getAttribute('status') === 'consent', 'no consent prompt');
      let prompt = card(el, 'place_order')!;
      await prompt.updateComplete;
      const consent = prompt.shadowRoot!.querySelector('.consent')!;
      expect(consent.querySelector('.question')!.textContent).to.equal('Allow the assistant to run Place order?');
      expect(consent.querySelector('.description')!.textContent).to.equal(
        'Places the order for everything in the cart.',
      );
      expect(consent.querySelector('p.summary')!.textContent).to.equal('2 × Speckled mug — $36.00\nTotal: $36.00');
      await expect(el).to.be.accessible();
      consent.querySelector<HTMLButtonElement>('button.allow')!.click();
      await run;
      expect(ran).to.equal(1);
      expect(said).to.include('Allowed: Place order');

      el.removeEventListener('webmcp-chat-tool-call', fromEvent);
      el.describeCall = (detail) => `Pay by ${(detail.parameters as { paymentMethod: string }).paymentMethod}`;
      run = el.send('/tool place_order {"paymentMethod":"invoice"}');
      await waitUntil(
        () => el.shadowRoot!.querySelectorAll('[part~=tool-card][status=consent]').length === 1,
        'no second consent prompt',
      );
      prompt = el.shadowRoot!.querySelector<WebmcpToolCard>('[part~=tool-card][status=consent]')!;
      await prompt.updateComplete;
      expect(prompt.shadowRoot!.querySelector('p.summary')!.textContent).to.equal('Pay by invoice');
      prompt.shadowRoot!.querySelector<HTMLButtonElement>('button.deny')!.click();
      await run;
      expect(ran).to.equal(1);
      expect(said).to.include('Denied: Place order');
    } finally {
      unregister();
    }
  });

  it('the live region speaks a finished reply as rendered, never its markdown source', async () => {
    const el = await connectedPanel();
    const said = listen(el);
    await el.send('/echo # Gift guide\n\nAll **under $20**:\n\n| Product | Price |\n|---|---|\n| Mug | $12 |');
    await waitUntil(() => said.some((t) => t.includes('Gift guide')), 'the reply was not announced');
    const spoken = said.find((t) => t.includes('Gift guide'))!;
    expect(spoken).to.equal('Gift guide All under $20: Product Price Mug $12');
  });

  it('a tool the shop’s server runs gets a card marked as such, and the page hears it with origin server', async () => {
    const unregister = await registerPageTool({ name: 'page_echo' }, () => ({ echoed: true }));
    try {
      const el = await connectedPanel();
      const results: ToolResultDetail[] = [];
      el.addEventListener('webmcp-chat-tool-result', (e) => results.push(e.detail));
      await el.send('/server-tool');
      await el.updateComplete;
      const ok = card(el, 'shipping_quote')!;
      const bad = card(el, 'stock_check')!;
      await ok.updateComplete;
      await bad.updateComplete;
      expect([ok.getAttribute('origin'), ok.getAttribute('status')]).to.deep.equal(['server', 'done']);
      expect(ok.shadowRoot!.querySelector('.by')!.textContent).to.equal('Run by the shop’s server');
      expect(ok.shadowRoot!.querySelector('.duration')!.textContent).to.equal('120 ms');
      expect(ok.shadowRoot!.querySelector('.view')!.textContent!.replace(/\s+/g, ' ')).to.contain('Days 2');
      expect(bad.getAttribute('status')).to.equal('error');
      expect(bad.shadowRoot!.querySelector('.note.error')!.textContent).to.equal('The stock service answered 503.');
      expect(messages(el).at(-1)).to.deep.equal(['assistant', 'Shipping to Lyon takes 2 days.']);
      expect(results).to.deep.equal([
        {
          toolCallId: 'srv_ok',
          name: 'shipping_quote',
          result: { content: [{ type: 'text', text: '{"days":2,"price":4.9}' }] },
          durationMs: 120,
          origin: 'server',
        },
        {
          toolCallId: 'srv_bad',
          name: 'stock_check',
          result: { content: [{ type: 'text', text: 'The stock service answered 503.' }], isError: true },
          durationMs: 35,
          origin: 'server',
        },
      ]);
      await expect(el).to.be.accessible();
      // A page tool's result event says where it ran too.
      await el.send('/tool page_echo {}');
      expect(results.at(-1)).to.deep.include({ name: 'page_echo', origin: 'webmcp' });
    } finally {
      unregister();
    }
  });
});
