import { expect, fixture, html } from '@open-wc/testing';
import './chat-message.js';
import type { WebmcpChatMessage } from './chat-message.js';
import { chunksOf, longAnswer } from './markdown/fixtures.js';

const content = (el: WebmcpChatMessage) => el.shadowRoot!.querySelector<HTMLElement>('.content')!;

describe('<webmcp-chat-message>', () => {
  it('renders assistant text as markdown, accessibly', async () => {
    const el = await fixture<WebmcpChatMessage>(
      html`<webmcp-chat-message
        .role=${'assistant'}
        .text=${'# Your order\n\nThe **Speckled Mug** is [in stock](https://shop.example/mug).\n\n| Item | Qty |\n|---|--:|\n| Mug | 2 |\n\n- one\n- two\n\n```js\nconst x = 1;\n```\n\n![A mug](https://img.example/mug.png)'}
      ></webmcp-chat-message>`,
    );
    const box = content(el);
    expect(box.querySelector('h3')!.textContent).to.equal('Your order');
    expect(box.querySelector('strong')!.textContent).to.equal('Speckled Mug');
    expect(box.querySelector('a')!.getAttribute('href')).to.equal('https://shop.example/mug');
    expect(box.querySelectorAll('td')).to.have.length(2);
    expect(box.querySelector('pre code.language-js')!.textContent).to.equal('const x = 1;\n');
    expect(box.querySelector('img')?.outerHTML).to.equal(undefined);
    expect(box.querySelector('button')!.textContent).to.equal('Load image: A mug');
    await expect(el).to.be.accessible();
  });

  it('shows user and error text as plain text, markdown and markup included', async () => {
    for (const role of ['user', 'error'] as const) {
      const el = await fixture<WebmcpChatMessage>(
        html`<webmcp-chat-message
          .role=${role}
          .text=${'**not bold** <img src=x onerror=alert(1)>\nline 2'}
        ></webmcp-chat-message>`,
      );
      expect(content(el).childNodes).to.have.length(1);
      expect(content(el).textContent).to.equal('**not bold** <img src=x onerror=alert(1)>\nline 2');
      expect(content(el).querySelector('*')?.outerHTML).to.equal(undefined);
      await expect(el).to.be.accessible();
    }
  });

  it('reflects role and streaming as data attributes, never as the ARIA role attribute', async () => {
    const el = await fixture<WebmcpChatMessage>(
      html`<webmcp-chat-message .role=${'assistant'} .streaming=${true} .text=${'Hi'}></webmcp-chat-message>`,
    );
    expect(el.getAttribute('data-role')).to.equal('assistant');
    expect(el.hasAttribute('data-streaming')).to.equal(true);
    expect(el.hasAttribute('role')).to.equal(false);
    el.streaming = false;
    await el.updateComplete;
    expect(el.hasAttribute('data-streaming')).to.equal(false);
  });

  it('while streaming, parses only what was appended: finished blocks keep their nodes', async () => {
    const el = await fixture<WebmcpChatMessage>(
      html`<webmcp-chat-message .role=${'assistant'} .streaming=${true}></webmcp-chat-message>`,
    );
    const answer = longAnswer(6000, 3);
    let text = '';
    let firstHeading: Element | null = null;
    for (const chunk of chunksOf(answer, 4)) {
      text += chunk;
      el.text = text;
      await el.updateComplete;
      // once its line is complete, the heading is final
      if (text.includes('\n')) firstHeading ??= content(el).querySelector('h3');
    }
    el.streaming = false;
    await el.updateComplete;
    // the heading rendered from the first chunks is the very same node at the end
    expect(content(el).querySelector('h3')).to.equal(firstHeading);
    const whole = await fixture<WebmcpChatMessage>(
      html`<webmcp-chat-message .role=${'assistant'} .text=${answer}></webmcp-chat-message>`,
    );
    expect(content(el).innerHTML).to.equal(content(whole).innerHTML);
  });

  it('appendText renders the deltas, several per update, and keeps text true', async () => {
    const el = await fixture<WebmcpChatMessage>(
      html`<webmcp-chat-message .role=${'assistant'} .streaming=${true}></webmcp-chat-message>`,
    );
    const answer = longAnswer(4000, 5);
    const chunks = chunksOf(answer, 5);
    for (let i = 0; i < chunks.length; i += 3) {
      // three deltas land in one Lit update: all must be rendered, in order
      for (const chunk of chunks.slice(i, i + 3)) el.appendText(chunk);
      await el.updateComplete;
    }
    expect(el.text).to.equal(answer);
    el.streaming = false;
    await el.updateComplete;
    const whole = await fixture<WebmcpChatMessage>(
      html`<webmcp-chat-message .role=${'assistant'} .text=${answer}></webmcp-chat-message>`,
    );
    expect(content(el).innerHTML).to.equal(content(whole).innerHTML);
  });

  it('appendText needs no Lit update: each delta is rendered at once', async () => {
    const el = await fixture<WebmcpChatMessage>(
      html`<webmcp-chat-message .role=${'assistant'} .streaming=${true} .text=${'# Title\n'}></webmcp-chat-message>`,
    );
    const heading = content(el).querySelector('h3');
    const before = el.isUpdatePending;
    el.appendText('Some **bo');
    // rendered at once, and nothing asked Lit to update
    expect(content(el).querySelector('p')?.textContent).to.equal('Some **bo');
    for (const chunk of chunksOf('ld** text\n- one\n- two', 3)) el.appendText(chunk);
    expect([before, el.isUpdatePending]).to.deep.equal([false, false]);
    expect(content(el).innerHTML).to.equal(
      '<h3>Title</h3><p>Some <strong>bold</strong> text</p><ul><li><p>one</p></li><li><p>two</p></li></ul>',
    );
    expect(content(el).querySelector('h3')).to.equal(heading);
    expect(el.text).to.equal('# Title\nSome **bold** text\n- one\n- two');
    // a delta that arrives while an update is due is rendered by that update, in order
    el.headingOffset = 1;
    el.appendText('\n- three');
    el.streaming = false;
    await el.updateComplete;
    expect(content(el).innerHTML).to.equal(
      '<h2>Title</h2><p>Some <strong>bold</strong> text</p><ul><li><p>one</p></li><li><p>two</p></li><li><p>three</p></li></ul>',
    );
  });

  it('starts over when a streamed text is replaced by one that ends differently', async () => {
    const el = await fixture<WebmcpChatMessage>(
      html`<webmcp-chat-message
        .role=${'assistant'}
        .streaming=${true}
        .text=${'**Old** answer'}
      ></webmcp-chat-message>`,
    );
    el.text = 'A *new* answer, longer';
    await el.updateComplete;
    expect(content(el).innerHTML).to.equal('<p>A <em>new</em> answer, longer</p>');
  });

  it('starts over when the text is replaced rather than extended', async () => {
    const el = await fixture<WebmcpChatMessage>(
      html`<webmcp-chat-message
        .role=${'assistant'}
        .streaming=${true}
        .text=${'**Old** answer'}
      ></webmcp-chat-message>`,
    );
    el.text = 'A *new* one';
    el.streaming = false;
    await el.updateComplete;
    expect(content(el).innerHTML).to.equal('<p>A <em>new</em> one</p>');
    // after the end, growing text is rendered afresh too (the last line had been made final)
    el.text = 'A *new* one\n- and more';
    await el.updateComplete;
    expect(content(el).innerHTML).to.equal('<p>A <em>new</em> one</p><ul><li><p>and more</p></li></ul>');
  });

  it('follows a role change between markdown and plain text', async () => {
    const el = await fixture<WebmcpChatMessage>(
      html`<webmcp-chat-message .role=${'assistant'} .text=${'*x*'}></webmcp-chat-message>`,
    );
    expect(content(el).innerHTML).to.equal('<p><em>x</em></p>');
    el.role = 'error';
    await el.updateComplete;
    expect(content(el).innerHTML).to.equal('*x*');
    expect(content(el).className).to.equal('content plain');
    el.role = 'welcome';
    await el.updateComplete;
    expect(content(el).innerHTML).to.equal('<p><em>x</em></p>');
  });

  it('starts headings at a configurable level (heading-offset)', async () => {
    const el = await fixture<WebmcpChatMessage>(
      html`<webmcp-chat-message heading-offset="0" .role=${'assistant'} .text=${'# A\n## B'}></webmcp-chat-message>`,
    );
    expect([...content(el).children].map((c) => c.localName)).to.deep.equal(['h1', 'h2']);
    el.headingOffset = 3;
    await el.updateComplete;
    expect([...content(el).children].map((c) => c.localName)).to.deep.equal(['h4', 'h5']);
    await expect(el).to.be.accessible();
  });

  it('translates the image button through imageLabel', async () => {
    const el = await fixture<WebmcpChatMessage>(
      html`<webmcp-chat-message
        .role=${'welcome'}
        .imageLabel=${(alt: string) => `Charger l’image : ${alt}`}
        .text=${'![tasse](https://img.example/t.png)'}
      ></webmcp-chat-message>`,
    );
    expect(content(el).querySelector('button')!.textContent).to.equal('Charger l’image : tasse');
  });
});
