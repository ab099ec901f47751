import { expect } from '@open-wc/testing';
import { chunksOf } from './fixtures.js';
import { IMAGE_SCHEMES, LINK_SCHEMES, MarkdownRenderer, safeUrl } from './index.js';

function render(text: string): HTMLElement {
  const div = document.createElement('div');
  new MarkdownRenderer(div, { baseUrl: 'https://shop.example/catalog/' }).renderWhole(text);
  return div;
}

const hrefs = (div: HTMLElement) => [...div.querySelectorAll('a')].map((a) => a.getAttribute('href'));

describe('links and images', () => {
  it('links https, http and mailto, opening apart from the page and telling it nothing', () => {
    const div = render(
      '[a](https://x.example/p?q=1#f) [b](HTTP://X.EXAMPLE) [c](mailto:help@shop.example "Mail us") <https://auto.example> <me@mail.example>',
    );
    expect(hrefs(div)).to.deep.equal([
      'https://x.example/p?q=1#f',
      'http://x.example/',
      'mailto:help@shop.example',
      'https://auto.example/',
      'mailto:me@mail.example',
    ]);
    for (const a of div.querySelectorAll('a')) {
      expect(a.getAttribute('rel')).to.equal('noopener noreferrer nofollow');
      expect(a.getAttribute('target')).to.equal('_blank');
    }
    expect(div.querySelectorAll('a')[2]!.title).to.equal('Mail us');
  });

  it('resolves relative links against the page, so what is in href is an explicit https URL', () => {
    expect(hrefs(render('[mug](../mug) [top](#top) [proto](//cdn.example/x)'))).to.deep.equal([
      'https://shop.example/mug',
      'https://shop.example/catalog/#top',
      'https://cdn.example/x',
    ]);
  });

  const hostile = [
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x]( javascript:alert(1) )',
    '[x](<javascript:alert(1)>)',
    '[x](java\tscript:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](&#x6A;avascript&#x3A;alert(1))',
    '[x](javascript&colon;alert(1))',
    '[x](\\javascript:alert(1))',
    '[x](java%73cript:alert(1))',
    '[x](%6A%61%76%61%73%63%72%69%70%74:alert(1))',
    '[x](\u200bjavascript:alert(1))',
    '[x](\u0001javascript:alert(1))',
    '[x](vbscript:msgbox(1))',
    '[x](VBScript:msgbox(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](DATA:text/html,<script>alert(1)</script>)',
    '[x](file:///etc/passwd)',
    '[x](blob:https://shop.example/1)',
    '<javascript:alert(1)>',
    '<JAVASCRIPT:alert(1)>',
    '<vbscript:msgbox(1)>',
    '<data:text/html,x>',
    '[x](javascript:alert(1) "title")',
    '[[x](javascript:alert(1))](https://ok.example)',
  ];

  for (const input of hostile) {
    it(`renders ${JSON.stringify(input)} without a dangerous link`, () => {
      const div = render(input);
      for (const a of div.querySelectorAll('a')) expect(a.getAttribute('href')).to.match(/^https:\/\//);
      expect(
        div.querySelector('[href^="javascript" i], [href^="data" i], [href^="vbscript" i], [href^="file" i]')
          ?.outerHTML,
      ).to.equal(undefined);
    });
  }

  it('renders the text of a refused link, without the link', () => {
    expect(render('see [the docs](javascript:alert(1)) now').innerHTML).to.equal('<p>see the docs now</p>');
  });

  it('keeps the link decided the same when the URL arrives in pieces', () => {
    const text =
      'Go to [the **shop**](https://shop.example/a_(b)_c "T") or [not](java\nscript:x) then <https://x.example>.';
    const expected = render(text);
    for (const size of [1, 2, 3, 5]) {
      const div = document.createElement('div');
      const renderer = new MarkdownRenderer(div, { baseUrl: 'https://shop.example/catalog/' });
      for (const chunk of chunksOf(text, size)) renderer.append(chunk);
      renderer.end();
      expect(div.innerHTML, `chunks of ${size}`).to.equal(expected.innerHTML);
    }
    expect(hrefs(expected)).to.deep.equal(['https://shop.example/a_(b)_c', 'https://x.example/']);
  });

  it('never loads an image by itself: a button loads it on click, without a referrer', async () => {
    const div = render('Look: ![a blue mug](https://img.example/mug.png "Mug")');
    document.body.append(div);
    try {
      expect(div.querySelector('img')?.outerHTML).to.equal(undefined);
      const button = div.querySelector('button')!;
      expect(button.getAttribute('type')).to.equal('button');
      expect(button.textContent).to.equal('Load image: a blue mug');
      button.click();
      const img = div.querySelector('img')!;
      expect(img.getAttribute('src')).to.equal('https://img.example/mug.png');
      expect(img.getAttribute('referrerpolicy')).to.equal('no-referrer');
      expect(img.getAttribute('alt')).to.equal('a blue mug');
      expect(div.querySelector('button')?.outerHTML).to.equal(undefined);
    } finally {
      div.remove();
    }
  });

  it('renders images with other schemes as their alt text, with no button', () => {
    for (const src of [
      'javascript:alert(1)',
      'data:image/svg+xml,%3Csvg%20onload=alert(1)%3E',
      'mailto:a@b.example',
      'vbscript:x',
    ]) {
      const div = render(`![alt text](${src})`);
      expect(div.innerHTML, src).to.equal('<p>alt text</p>');
    }
  });

  it('uses a translated label for the image button', () => {
    const div = document.createElement('div');
    new MarkdownRenderer(div, { imageLabel: (alt) => `Bild laden: ${alt}` }).renderWhole(
      '![Tasse](https://img.example/t.png)',
    );
    expect(div.querySelector('button')!.textContent).to.equal('Bild laden: Tasse');
  });

  it('safeUrl: allows only the listed schemes after decoding and stripping', () => {
    expect(safeUrl('https://a.example', LINK_SCHEMES)).to.equal('https://a.example/');
    expect(safeUrl('mailto:x@y.example', LINK_SCHEMES)).to.equal('mailto:x@y.example');
    expect(safeUrl('mailto:x@y.example', IMAGE_SCHEMES)).to.equal(undefined);
    expect(safeUrl('relative/path', LINK_SCHEMES)).to.equal(undefined);
    expect(safeUrl('relative/path', LINK_SCHEMES, 'https://base.example/dir/')).to.equal(
      'https://base.example/dir/relative/path',
    );
    for (const bad of [
      'javascript:1',
      ' \n JAVASCRIPT:1',
      'jav\u00adascript:1',
      'java%0ascript:1',
      'vbscript:1',
      'data:,1',
      'file:///x',
      'ftp://x.example',
    ]) {
      expect(safeUrl(bad, LINK_SCHEMES, 'https://base.example/'), bad).to.equal(undefined);
    }
  });
});
