import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import './index.js';
import type { ChatErrorEvent } from './events/error.js';
import type { ChatMessageEvent } from './events/message.js';
import { apiUrl, clientToken, deepActive, idle, isolate, messages, nextEvent, part } from './test-support/dom.js';
import { WebmcpChat, type PanelLoader } from './webmcp-chat.js';

/** Counts how often the panel module is asked for; `fail` makes the next load reject. */
const loads = { count: 0, fail: false };
const realLoader = WebmcpChat.loadPanel!;
const countingLoader: PanelLoader = () => {
  loads.count++;
  if (loads.fail) {
    loads.fail = false;
    return Promise.reject(new Error('chunk unreachable'));
  }
  return realLoader();
};

async function floating(attributes = ''): Promise<WebmcpChat> {
  const el = await fixture<WebmcpChat>(html`<webmcp-chat client-token=${clientToken} api-url=${apiUrl}></webmcp-chat>`);
  for (const pair of attributes.split(' ').filter(Boolean)) {
    const [name, value = ''] = pair.split('=');
    el.setAttribute(name!, value);
  }
  return el;
}

async function opened(el: WebmcpChat): Promise<void> {
  el.open();
  await waitUntil(() => part(el, 'panel')?.checkVisibility(), 'the panel did not show');
  await waitUntil(() => deepActive() === part(el, 'input'), 'focus did not move into the panel');
}

describe('<webmcp-chat>', () => {
  beforeEach(() => {
    isolate();
    loads.count = 0;
    WebmcpChat.loadPanel = countingLoader;
    document.documentElement.lang = 'en';
  });
  after(() => {
    WebmcpChat.loadPanel = realLoader;
  });

  it('is a launcher only until first opened: the panel module is not loaded before', async () => {
    const el = await floating();
    const launcher = part<HTMLButtonElement>(el, 'launcher')!;
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    expect(launcher.getAttribute('aria-haspopup')).to.equal('dialog');
    expect(launcher.getAttribute('aria-label')).to.equal('Open chat');
    expect(part(el, 'panel') === null, 'no panel yet').to.equal(true);
    expect(loads.count).to.equal(0);
    // This page has never imported the panel module, so its element is not even defined.
    expect(customElements.get('webmcp-chat-panel')).to.equal(undefined);
    // Fixed in its corner: the host takes no space in the page.
    expect(getComputedStyle(launcher).position).to.equal('fixed');
    expect(el.getBoundingClientRect().height).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('opens a labelled modal dialog on click, moves focus in, closes on Esc and gives focus back', async () => {
    const el = await floating();
    const launcher = part<HTMLButtonElement>(el, 'launcher')!;
    const openEvent = nextEvent(el, 'webmcp-chat-open');
    launcher.focus();
    await sendKeys({ press: 'Enter' });
    await openEvent;
    // The first open loads the panel module: allow a busy machine more than the default second.
    await waitUntil(() => deepActive() === part(el, 'input'), 'focus did not move into the panel', { timeout: 5000 });
    expect(loads.count).to.equal(1);
    expect(el.opened).to.equal(true);
    expect(el.hasAttribute('open')).to.equal(true);
    expect(launcher.getAttribute('aria-expanded')).to.equal('true');
    expect(launcher.getAttribute('aria-label')).to.equal('Close chat');
    const panel = part(el, 'panel')!;
    expect(panel.getAttribute('role')).to.equal('dialog');
    expect(panel.getAttribute('aria-modal')).to.equal('true');
    const heading = panel.querySelector(`#${panel.getAttribute('aria-labelledby')}`)!;
    expect(heading.textContent).to.equal('Shop assistant');
    await waitUntil(() => messages(el).some(([role]) => role === 'welcome'), 'no welcome message');
    expect(messages(el)[0]).to.deep.equal(['welcome', 'Welcome to the element tests.']);
    expect(part<HTMLTextAreaElement>(el, 'input')!.placeholder).to.equal('Ask the test shop…');
    await expect(el).to.be.accessible();

    const closeEvent = nextEvent(el, 'webmcp-chat-close');
    await sendKeys({ press: 'Escape' });
    await closeEvent;
    expect(el.opened).to.equal(false);
    expect(part(el, 'panel')!.checkVisibility()).to.equal(false);
    expect(deepActive() === launcher, 'focus is back on the launcher').to.equal(true);
    // Opening again reuses the loaded panel.
    await opened(el);
    expect(loads.count).to.equal(1);
  });

  it('traps Tab inside the open dialog: past the last control to the close button, and back', async () => {
    const el = await floating();
    await opened(el);
    await idle(el);
    const send = part(el, 'send')!;
    send.focus();
    expect(deepActive() === send, 'send can take focus').to.equal(true);
    await sendKeys({ press: 'Tab' });
    const first = deepActive() as HTMLElement;
    expect(first.getAttribute('aria-label')).to.equal('Close chat');
    await sendKeys({ press: 'Shift+Tab' });
    expect(deepActive() === send, 'focus is on send').to.equal(true);
    // Every control in between is reachable: close → log → the starter suggestions → input → send.
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(deepActive() === part(el, 'log'), 'focus is on the log').to.equal(true);
    for (const text of ['Do you have mugs?', 'What is in my cart?']) {
      await sendKeys({ press: 'Tab' });
      expect((deepActive() as HTMLElement).textContent!.trim()).to.equal(text);
    }
    await sendKeys({ press: 'Tab' });
    expect(deepActive() === part(el, 'input'), 'focus is on the input').to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('reflects the open attribute as the opened property, and open()/close() fire their events once', async () => {
    const el = await floating();
    const seen: string[] = [];
    el.addEventListener('webmcp-chat-open', (e) => seen.push(`${e.type}:${e.bubbles}:${e.composed}`));
    el.addEventListener('webmcp-chat-close', (e) => seen.push(e.type));
    el.setAttribute('open', '');
    expect(el.opened).to.equal(true);
    await waitUntil(() => part(el, 'panel')?.checkVisibility(), 'the attribute did not open the panel');
    el.opened = false;
    expect(el.hasAttribute('open')).to.equal(false);
    el.close();
    expect(seen).to.deep.equal(['webmcp-chat-open:true:true', 'webmcp-chat-close']);
    await expect(el).to.be.accessible();
  });

  it('inline: loads the panel at once, streams the reply and announces it only when finished', async () => {
    const host = await fixture<HTMLDivElement>(
      html`<div style="height:420px">
        <webmcp-chat mode="inline" client-token=${clientToken} api-url=${apiUrl}></webmcp-chat>
      </div>`,
    );
    const el = host.querySelector('webmcp-chat')!;
    await waitUntil(() => part(el, 'panel'), 'the inline panel did not load');
    expect(loads.count).to.equal(1);
    expect(part(el, 'launcher')!.checkVisibility()).to.equal(false);
    expect(part(el, 'panel')!.getAttribute('role')).to.equal('region');
    expect(Math.round(part(el, 'panel')!.getBoundingClientRect().height)).to.equal(420);
    const finished: Array<[string, string]> = [];
    el.addEventListener('webmcp-chat-message', (e: ChatMessageEvent) => finished.push([e.detail.role, e.detail.text]));
    // Everything the live region ever said during the run: only the finished reply, never a token.
    const region = part(el, 'panel')!.querySelector('[aria-live=polite]')!;
    const said: string[] = [];
    new MutationObserver(() => said.push(region.textContent ?? '')).observe(region, {
      childList: true,
      characterData: true,
      subtree: true,
    });
    const text = 'Hello from the **server**, word by word';
    part<HTMLTextAreaElement>(el, 'input')!.value = `/echo ${text}`;
    part(el, 'send')!.click();
    await waitUntil(() => finished.length === 2, 'the reply did not finish', { timeout: 8000 });
    await idle(el);
    expect(messages(el)).to.deep.include(['user', `/echo ${text}`]);
    expect(messages(el)).to.deep.include(['assistant', text]);
    // The reply as rendered, not its markdown source.
    expect(said.filter((t) => t !== '')).to.deep.equal(['Hello from the server, word by word']);
    expect(finished).to.deep.equal([
      ['user', `/echo ${text}`],
      ['assistant', text],
    ]);
    await expect(el).to.be.accessible();
  });

  it('send() loads the panel without opening it and resolves when the run is over', async () => {
    const el = await floating();
    await el.send('/echo sent from the page');
    expect(loads.count).to.equal(1);
    expect(el.opened).to.equal(false);
    expect(messages(el)).to.deep.include(['assistant', 'sent from the page']);
    await el.clear();
    expect(messages(el).filter(([role]) => role !== 'welcome')).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('reports a panel that cannot load as an error event, and tries again on the next open', async () => {
    const el = await floating();
    loads.fail = true;
    const failed = nextEvent<ChatErrorEvent>(el, 'webmcp-chat-error');
    el.open();
    const event = await failed;
    expect(event.detail).to.deep.equal({ code: 'panel_load_failed', message: 'chunk unreachable' });
    expect(part(el, 'launcher')!.hasAttribute('aria-busy')).to.equal(false);
    el.close();
    await opened(el);
    expect(loads.count).to.equal(2);
    await expect(el).to.be.accessible();
  });

  it('loads the panel at once when a run was paused by a reload, to finish it', async () => {
    sessionStorage.setItem(
      `webmcp-chat:pause:${clientToken}`,
      JSON.stringify({ sessionId: 'cs_gone', executionId: 'ex_gone', calls: [], savedAt: Date.now() }),
    );
    const el = await floating();
    await waitUntil(() => loads.count === 1, 'the panel was not loaded for the paused run');
    expect(el.opened).to.equal(false);
    await waitUntil(
      () => sessionStorage.getItem(`webmcp-chat:pause:${clientToken}`) === null,
      'the paused run was not taken up',
    );
    await expect(el).to.be.accessible();
  });

  it('places launcher and panel in the chosen corner', async () => {
    const el = await floating('position=top-left');
    const launcher = part(el, 'launcher')!.getBoundingClientRect();
    expect(launcher.left).to.equal(20);
    expect(launcher.top).to.equal(20);
    await opened(el);
    const panel = part(el, 'panel')!.getBoundingClientRect();
    expect(panel.left).to.equal(20);
    expect(panel.top).to.be.greaterThan(launcher.bottom);
    el.position = 'bottom-right';
    const moved = part(el, 'launcher')!.getBoundingClientRect();
    expect(Math.round(innerWidth - moved.right)).to.equal(20);
    expect(Math.round(innerHeight - moved.bottom)).to.equal(20);
    await expect(el).to.be.accessible();
  });

  it('themes: light by default, dark on request, auto following prefers-color-scheme, custom properties win', async () => {
    const el = await floating();
    await opened(el);
    const background = () => getComputedStyle(part(el, 'panel')!).backgroundColor;
    expect(background()).to.equal('rgb(255, 255, 255)');
    el.theme = 'dark';
    expect(background()).to.equal('rgb(27, 29, 35)');
    el.theme = 'auto';
    await emulateMedia({ colorScheme: 'light' });
    expect(background()).to.equal('rgb(255, 255, 255)');
    await emulateMedia({ colorScheme: 'dark' });
    expect(background()).to.equal('rgb(27, 29, 35)');
    await expect(el).to.be.accessible();
    el.style.setProperty('--webmcp-chat-surface', 'rgb(1, 2, 3)');
    expect(background()).to.equal('rgb(1, 2, 3)');
    await emulateMedia({ colorScheme: 'light' });
  });

  it('speaks the language of lang, else of <html lang>, else English; single strings can be overridden', async () => {
    document.documentElement.lang = 'de-AT';
    const el = await floating();
    const launcher = part(el, 'launcher')!;
    expect(launcher.getAttribute('aria-label')).to.equal('Chat öffnen');
    await opened(el);
    expect(part(el, 'send')!.textContent!.trim()).to.equal('Senden');
    expect(part(el, 'panel')!.querySelector('[role=heading]')!.textContent).to.equal('Shop-Assistent');
    expect(launcher.getAttribute('aria-label')).to.equal('Chat schließen');
    el.lang = 'fr';
    await waitUntil(
      () => part(el, 'send')!.textContent!.trim() === 'Envoyer',
      'lang did not switch the panel to French',
    );
    expect(launcher.getAttribute('aria-label')).to.equal('Fermer le chat');
    el.strings = { send: 'Go', closeChat: 'Zuklappen' };
    await waitUntil(() => part(el, 'send')!.textContent!.trim() === 'Go', 'the override did not apply');
    expect(launcher.getAttribute('aria-label')).to.equal('Zuklappen');
    el.removeAttribute('lang');
    document.documentElement.lang = 'es';
    await waitUntil(
      () => part(el, 'input')!.getAttribute('aria-label') === 'Message',
      'an unknown language did not fall back to English',
    );
    await expect(el).to.be.accessible();
  });

  it('configures the panel title and its heading level', async () => {
    const el = await floating('heading=Ask%20us heading-level=3');
    el.heading = 'Ask us';
    await opened(el);
    const heading = part(el, 'panel')!.querySelector('[role=heading]')!;
    expect(heading.getAttribute('aria-level')).to.equal('3');
    expect(heading.textContent).to.equal('Ask us');
    await expect(el).to.be.accessible();
  });
  it('loads the strings of the page language with the panel, so its first render is already in that language', async () => {
    const el = await floating('lang=fr');
    el.open();
    await waitUntil(() => part(el, 'panel'), 'the panel was not added');
    const panel = el.shadowRoot!.querySelector('webmcp-chat-panel')!;
    await panel.updateComplete; // its first render
    expect(part(el, 'send')!.textContent!.trim()).to.equal('Envoyer');
    await waitUntil(() => deepActive() === part(el, 'input'), 'focus did not move into the panel');
  });
});
