/**
 * The panel's layout: the log follows new content unless the reader scrolled up, reopens at the
 * latest message, and on a 390×844 phone the floating panel fills the screen with nothing
 * off-screen, even on a page that overflows sideways. A skeleton stands in while the panel loads.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import './index.js';
import { apiUrl, clientToken, deep, idle, isolate, part } from './test-support/dom.js';
import { connectedPanel, registerPageTool } from './test-support/panel.js';
import { WebmcpChat } from './webmcp-chat.js';

const atBottom = (log: HTMLElement) => log.scrollHeight - log.scrollTop - log.clientHeight < 2;
const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

describe('<webmcp-chat-panel> layout', () => {
  beforeEach(() => isolate());
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('follows quick tool turns to the end; a reader who scrolled up stays put and gets "Jump to latest"', async () => {
    const unregister = await registerPageTool({ name: 'quick_tool' }, () => ({ lines: ['a', 'b', 'c', 'd'] }));
    try {
      const el = await connectedPanel({ height: 320 });
      const log = part(el, 'log')!;
      for (let i = 0; i < 4; i++) {
        await el.send(`/tool quick_tool {"turn":${i}}\n/tool quick_tool {"turn":${i + 10}}`);
        await frame();
        expect(atBottom(log), `turn ${i} is in view`).to.equal(true);
      }
      expect(log.scrollHeight).to.be.greaterThan(log.clientHeight * 2);
      // The reader scrolls up to read.
      log.scrollTop = 0;
      await waitUntil(() => part(el, 'jump'), 'no "Jump to latest" button');
      await el.send('/echo something new below');
      await frame();
      expect(log.scrollTop).to.equal(0);
      const jump = part<HTMLButtonElement>(el, 'jump')!;
      expect(jump.textContent).to.equal('Jump to latest');
      await expect(el).to.be.accessible();
      jump.click();
      await el.updateComplete;
      expect(atBottom(log)).to.equal(true);
      expect(part(el, 'jump')).to.equal(null);
    } finally {
      unregister();
    }
  });

  it('grows the text box with its text, up to a limit', async () => {
    const el = await connectedPanel();
    const input = part<HTMLTextAreaElement>(el, 'input')!;
    const empty = input.offsetHeight;
    input.value = 'a fairly long question '.repeat(8);
    input.dispatchEvent(new Event('input'));
    expect(input.offsetHeight).to.be.greaterThan(empty);
    expect(input.scrollHeight).to.be.at.most(input.clientHeight + 1);
    input.value = 'line\n'.repeat(30);
    input.dispatchEvent(new Event('input'));
    expect(input.offsetHeight).to.be.at.most(140);
  });

  it('a panel reopened after a reload starts at the latest message', async () => {
    const first = await connectedPanel({ height: 300 });
    for (let i = 0; i < 6; i++) await first.send(`/echo message ${i} ${'with some words '.repeat(6)}`);
    first.remove();
    // The reload: a floating widget, closed, with the saved conversation; opened later.
    const el = await fixture<WebmcpChat>(
      html`<webmcp-chat client-token=${clientToken} api-url=${apiUrl}></webmcp-chat>`,
    );
    el.open();
    await waitUntil(() => part(el, 'panel')?.checkVisibility(), 'the panel did not open');
    const log = part(el, 'log')!;
    await waitUntil(() => log.scrollHeight > log.clientHeight && atBottom(log), 'the log did not open at the end');
    expect(log.textContent).to.not.equal(null);
    el.remove();
  });

  it('on a 390×844 phone the panel fills the screen: 16 px input, nothing off-screen on a page wider than the phone', async () => {
    await setViewport({ width: 390, height: 844 });
    const page = await fixture<HTMLDivElement>(
      html`<div>
        <div style="width:1400px;height:20px;background:linear-gradient(90deg,#eee,#999)">a wide page</div>
        <webmcp-chat client-token=${clientToken} api-url=${apiUrl}></webmcp-chat>
      </div>`,
    );
    expect(document.documentElement.scrollWidth).to.be.greaterThan(1000);
    window.scrollTo(600, 0); // the shopper has scrolled sideways
    const el = page.querySelector('webmcp-chat')!;
    el.open();
    await waitUntil(() => part(el, 'panel')?.checkVisibility(), 'the panel did not open');
    const panel = part(el, 'panel')!;
    await idle(panel);
    const width = document.documentElement.clientWidth;
    const height = document.documentElement.clientHeight;
    const box = panel.getBoundingClientRect();
    expect([box.left, box.top, Math.round(box.right), Math.round(box.bottom)]).to.deep.equal([0, 0, width, height]);
    for (const name of ['input', 'send']) {
      const r = part(el, name)!.getBoundingClientRect();
      expect(r.left >= 0 && r.right <= width && r.top >= 0 && r.bottom <= height, `${name} on screen`).to.equal(true);
    }
    const input = part<HTMLTextAreaElement>(el, 'input')!;
    expect(getComputedStyle(input).fontSize).to.equal('16px');
    // The placeholder fits the box (measured as text, the way the box sizes itself for it).
    input.value = input.placeholder;
    expect(input.scrollHeight).to.be.at.most(input.clientHeight + 1);
    input.value = '';
    // The launcher would cover the composer: it steps aside while the panel is open.
    expect(part(el, 'launcher')!.checkVisibility()).to.equal(false);
    await expect(el).to.be.accessible();
    window.scrollTo(0, 0);
  });

  it('shows a skeleton while the panel module loads', async () => {
    const realLoader = WebmcpChat.loadPanel!;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    WebmcpChat.loadPanel = () => gate.then(realLoader);
    try {
      const el = await fixture<WebmcpChat>(
        html`<webmcp-chat client-token=${clientToken} api-url=${apiUrl}></webmcp-chat>`,
      );
      el.open();
      await waitUntil(() => deep(el, '.skeleton'), 'no skeleton');
      const skeleton = deep(el, '.skeleton')!;
      expect(skeleton.getAttribute('role')).to.equal('status');
      expect(skeleton.getAttribute('aria-label')).to.equal('Loading the assistant…');
      expect(skeleton.checkVisibility()).to.equal(true);
      await expect(el).to.be.accessible();
      release();
      await waitUntil(() => part(el, 'panel')?.checkVisibility(), 'the panel did not replace the skeleton');
      expect(deep(el, '.skeleton')).to.equal(null);
    } finally {
      WebmcpChat.loadPanel = realLoader;
    }
  });
});
