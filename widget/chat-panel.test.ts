import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { installPolyfill } from '../bridge/index.js';
import './chat-panel.js';
import type { WebmcpChatPanel } from './chat-panel.js';
import type { WebmcpChatMessage } from './chat-message.js';
import type { ChatErrorEvent } from './events/error.js';
import { apiUrl, clientToken, deepActive, idle, isolate, messages, nextEvent, part } from './test-support/dom.js';
import type { WebmcpToolCard } from './tool-card.js';

type PanelOptions = {
  mode?: 'inline' | 'floating';
  persist?: 'session' | 'local' | 'none';
  token?: string;
  consentPolicy?: string;
  debug?: boolean;
};

async function panel(options: PanelOptions = {}): Promise<WebmcpChatPanel> {
  const host = await fixture<HTMLDivElement>(
    html`<div style="height:480px">
      <webmcp-chat-panel
        mode=${options.mode ?? 'inline'}
        persist=${options.persist ?? 'session'}
        consent-policy=${options.consentPolicy ?? 'ask-consequential'}
        client-token=${options.token ?? clientToken}
        api-url=${apiUrl}
        ?debug=${options.debug ?? false}
      ></webmcp-chat-panel>
    </div>`,
  );
  const el = host.querySelector('webmcp-chat-panel')!;
  await el.updateComplete;
  // Connected (or refused): its session has opened and been saved before the test goes on.
  await waitUntil(() => !el.shadowRoot!.querySelector('.status-line'), 'the panel did not connect');
  return el;
}

/** Registers a page tool for one test; the returned function unregisters it. */
async function pageTool(
  name: string,
  execute: (input: Record<string, unknown>, options: { signal: AbortSignal }) => unknown,
  annotations = { readOnlyHint: true },
): Promise<() => void> {
  const registration = new AbortController();
  await installPolyfill().registerTool(
    { name, description: `The ${name} tool of the element tests`, annotations, execute },
    { signal: registration.signal },
  );
  return () => registration.abort();
}

describe('<webmcp-chat-panel>', () => {
  beforeEach(() => isolate());

  it('floating: a modal dialog labelled by its heading, with a close button; Esc asks to close', async () => {
    const el = await panel({ mode: 'floating' });
    el.headingLevel = 4;
    el.heading = 'Help desk';
    await el.updateComplete;
    const dialog = part(el, 'panel')!;
    expect(dialog.getAttribute('role')).to.equal('dialog');
    expect(dialog.getAttribute('aria-modal')).to.equal('true');
    const heading = dialog.querySelector('#' + dialog.getAttribute('aria-labelledby'))!;
    expect([heading.getAttribute('role'), heading.getAttribute('aria-level'), heading.textContent]).to.deep.equal([
      'heading',
      '4',
      'Help desk',
    ]);
    await waitUntil(() => messages(el).length > 0, 'no welcome');
    // Markdown headings in messages sit below the panel's title.
    expect(el.shadowRoot!.querySelector<WebmcpChatMessage>('[part~=message]')!.headingOffset).to.equal(4);
    const escaped = nextEvent(el, 'webmcp-chat-panel-close');
    el.focusFirst();
    await sendKeys({ press: 'Escape' });
    await escaped;
    const clicked = nextEvent(el, 'webmcp-chat-panel-close');
    dialog.querySelector<HTMLButtonElement>('.close')!.click();
    await clicked;
    await expect(el).to.be.accessible();
  });

  it('inline: a region without a close button, where Esc does nothing', async () => {
    const el = await panel();
    const region = part(el, 'panel')!;
    expect(region.getAttribute('role')).to.equal('region');
    expect(region.hasAttribute('aria-modal')).to.equal(false);
    expect(region.querySelector('.close')).to.equal(null);
    let closed = false;
    el.addEventListener('webmcp-chat-panel-close', () => (closed = true));
    el.focusFirst();
    await sendKeys({ press: 'Escape' });
    expect(closed).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('shows a language set after it loaded in English first, then in that language once its strings arrive', async () => {
    const el = await panel();
    expect(part(el, 'send')!.textContent!.trim()).to.equal('Send');
    el.locale = 'de';
    await waitUntil(() => part(el, 'send')!.textContent!.trim() === 'Senden', 'the German strings never showed');
    expect(el.lang).to.equal('de');
  });

  it('shows a typing indicator while the model works, until its text streams in', async () => {
    const el = await panel();
    await waitUntil(() => messages(el).length > 0, 'no welcome');
    const run = el.send('/slow 700 Done thinking');
    await waitUntil(() => part(el, 'typing'), 'no typing indicator');
    expect(part(el, 'typing')!.getAttribute('role')).to.equal('status');
    expect(part(el, 'typing')!.textContent).to.contain('The assistant is working…');
    await expect(el).to.be.accessible();
    await run;
    expect(part(el, 'typing')).to.equal(null);
    expect(messages(el).at(-1)).to.deep.equal(['assistant', 'Done thinking']);
  });

  it('feeds a streaming answer to its message piece by piece (appendText), never reassigning its text', async () => {
    const el = await panel();
    const proto = customElements.get('webmcp-chat-message')!.prototype as WebmcpChatMessage;
    const text = Object.getOwnPropertyDescriptor(proto, 'text')!;
    const append = proto.appendText;
    const pieces: string[] = [];
    const sets: string[] = [];
    Object.defineProperty(proto, 'text', {
      ...text,
      set(this: WebmcpChatMessage, value: string) {
        if (this.role === 'assistant' && value !== '') sets.push(value);
        text.set!.call(this, value);
      },
    });
    proto.appendText = function (this: WebmcpChatMessage, delta: string) {
      pieces.push(delta);
      append.call(this, delta);
    };
    const answer = '# Title\n\nSome **bold** words, one after the other, in a row\n- one\n- two';
    try {
      await el.send(`/echo ${answer}`);
    } finally {
      Object.defineProperty(proto, 'text', text);
      proto.appendText = append;
    }
    // every piece went through appendText; the text was set at most once, to the final text
    expect(pieces.join('')).to.equal(answer);
    expect(sets.filter((s) => s !== answer)).to.deep.equal([]);
    expect(sets.length).to.be.lessThan(2);
    const message = el.shadowRoot!.querySelector<WebmcpChatMessage>('webmcp-chat-message[data-role=assistant]')!;
    await message.updateComplete;
    expect(message.shadowRoot!.querySelector('.content')!.innerHTML).to.equal(
      '<h3>Title</h3><p>Some <strong>bold</strong> words, one after the other, in a row</p><ul><li><p>one</p></li><li><p>two</p></li></ul>',
    );
  });

  it('a tool card per call with live status, a visible wait for the page, and stop aborting run and call', async () => {
    let aborted = false;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const unregister = await pageTool('wait_forever', (_input, { signal }) => {
      started();
      return new Promise((_resolve, reject) =>
        signal.addEventListener('abort', () => ((aborted = true), reject(signal.reason))),
      );
    });
    try {
      const el = await panel();
      const run = el.send('/tool wait_forever {"why":"test"}');
      await running;
      await waitUntil(() => el.shadowRoot!.querySelector('[part~=tool-card][name=wait_forever]'), 'no tool card');
      const card = el.shadowRoot!.querySelector<WebmcpToolCard>('[part~=tool-card][name=wait_forever]')!;
      await waitUntil(() => card.getAttribute('status') === 'running', 'the card is not running');
      expect(card.parameters).to.deep.equal({ why: 'test' });
      expect(el.shadowRoot!.querySelector('.status-line')!.textContent).to.equal('Waiting for the page’s tools…');
      await expect(el).to.be.accessible();
      part(el, 'stop')!.click();
      await run;
      await idle(el);
      expect(aborted).to.equal(true);
      expect(card.getAttribute('status')).to.equal('error');
      // The stopped answer says so, right after the last thing it did.
      expect(part(el, 'stopped')!.textContent).to.equal('Stopped');
      expect(part(el, 'stopped')!.previousElementSibling).to.equal(card);
      expect(el.shadowRoot!.querySelector('.status-line')).to.equal(null);
    } finally {
      unregister();
    }
  });

  it('asks before a consequential tool and goes on when the user allows it once', async () => {
    let ran = 0;
    const unregister = await pageTool('place_order', () => ++ran, { readOnlyHint: false, consequentialHint: true } as {
      readOnlyHint: boolean;
    });
    try {
      const el = await panel();
      const run = el.send('/tool place_order {}');
      await waitUntil(() => el.shadowRoot!.querySelector('[part~=tool-card][status=consent]'), 'no consent prompt');
      const card = el.shadowRoot!.querySelector<WebmcpToolCard>('[part~=tool-card][status=consent]')!;
      expect(ran).to.equal(0);
      await expect(el).to.be.accessible();
      await card.updateComplete;
      card.shadowRoot!.querySelector<HTMLButtonElement>('button.allow')!.click();
      await run;
      expect(ran).to.equal(1);
      expect(card.getAttribute('status')).to.equal('done');
    } finally {
      unregister();
    }
  });

  it('after an error offers a retry that resends the last user message', async () => {
    const realFetch = window.fetch;
    let failures = 1;
    window.fetch = (input, init) => {
      if (String(input).endsWith('/v1/client/chat') && failures-- > 0)
        return Promise.reject(new TypeError('Failed to fetch'));
      return realFetch(input, init);
    };
    try {
      const el = await panel();
      const errors: ChatErrorEvent[] = [];
      el.addEventListener('webmcp-chat-error', (e) => errors.push(e));
      await el.send('/echo second time lucky');
      const shown = messages(el).filter(([role]) => role !== 'welcome');
      expect(shown.map(([role]) => role)).to.deep.equal(['user', 'error']);
      // Plain words for the shopper; the URL and the browser's wording go to the event only.
      expect(shown[1]![1]).to.equal('Can’t reach the assistant right now. Check your connection and try again.');
      expect(errors.map((e) => e.detail)).to.deep.equal([
        { code: 'network_error', message: shown[1]![1], detail: `Could not reach ${apiUrl}: Failed to fetch` },
      ]);
      const region = el.shadowRoot!.querySelector('[aria-live=polite]')!;
      await waitUntil(() => region.textContent === `Error: ${shown[1]![1]}`, 'the error was not announced');
      const retry = part<HTMLButtonElement>(el, 'retry')!;
      expect(retry.textContent).to.equal('Retry');
      await expect(el).to.be.accessible();
      retry.click();
      await waitUntil(() => messages(el).some(([role]) => role === 'assistant'), 'the retry did not get a reply');
      await idle(el);
      expect(messages(el).filter(([role]) => role !== 'welcome')).to.deep.equal([
        ['user', '/echo second time lucky'],
        ['assistant', 'second time lucky'],
      ]);
      expect(part(el, 'retry')).to.equal(null);
      expect(deepActive() === part(el, 'input'), 'focus moved to the input, not lost with the retry button').to.equal(
        true,
      );
    } finally {
      window.fetch = realFetch;
    }
  });

  for (const [persist, kept, where] of [
    ['session', true, sessionStorage],
    ['local', true, localStorage],
    ['none', false, undefined],
  ] as const) {
    it(`persist="${persist}": the conversation ${kept ? 'survives' : 'does not survive'} a new element`, async () => {
      const first = await panel({ persist });
      await first.send('/echo remember me');
      const key = `webmcp-chat:transcript:${clientToken}`;
      expect(sessionStorage.getItem(key) !== null).to.equal(where === sessionStorage);
      expect(localStorage.getItem(key) !== null).to.equal(where === localStorage);
      first.remove();
      const second = await panel({ persist });
      const restored = messages(second).filter(([role]) => role !== 'welcome');
      expect(restored).to.deep.equal(
        kept
          ? [
              ['user', '/echo remember me'],
              ['assistant', 'remember me'],
            ]
          : [],
      );
      await expect(second).to.be.accessible();
    });
  }

  it('lists offered and left-out page tools in its debug view, live as the page changes them', async () => {
    const unregister = await pageTool('fine_tool', () => 'ok');
    const registration = new AbortController();
    try {
      const el = await panel({ debug: true });
      const seen = new Promise<Event>((resolve) =>
        el.addEventListener('webmcp-chat-tools', (e) => e.detail.dropped.length > 0 && resolve(e)),
      );
      await installPolyfill().registerTool(
        { name: 'wordy_tool', description: 'x'.repeat(1025), execute: () => 'ok' },
        { signal: registration.signal },
      );
      const event = (await seen) as Event & {
        detail: { offered: string[]; dropped: Array<{ name: string; reason: string }> };
      };
      expect(event.detail.offered).to.include('fine_tool');
      expect(event.detail.dropped).to.deep.include({ name: 'wordy_tool', reason: 'client_tool_description_invalid' });
      await el.updateComplete;
      const debug = part(el, 'debug')!;
      expect(debug.querySelector('[data-dropped=wordy_tool]')!.textContent).to.contain(
        'client_tool_description_invalid',
      );
      expect(debug.querySelector('[data-offered=fine_tool]')).to.not.equal(null);
      await expect(el).to.be.accessible();
    } finally {
      registration.abort();
      unregister();
    }
  });

  it('shows the server refusing the token as an error, with an error event', async () => {
    const failed = new Promise<ChatErrorEvent>((resolve) =>
      document.addEventListener('webmcp-chat-error', resolve, { once: true }),
    );
    const el = await panel({ token: 'ct_test_unknown_token' });
    const event = await failed;
    // The server's own code (`invalid_client_token` or the like), not a generic one.
    expect(event.detail.code).to.match(/^[a-z_]+_client_token$/);
    await waitUntil(() => messages(el).some(([role]) => role === 'error'), 'no error shown');
    expect(messages(el).find(([role]) => role === 'error')![1]).to.equal(
      'The assistant isn’t available on this page right now.',
    );
    expect(event.detail.detail).to.contain('unknown or revoked');
    expect(part(el, 'retry')).to.not.equal(null);
    await expect(el).to.be.accessible();
  });
});
