import { expect } from '@open-wc/testing';
import { chunksOf } from './fixtures.js';
import { MarkdownRenderer } from './index.js';

/**
 * Hostile shapes of text (model output can be steered by a page or a tool result): each must
 * render in bounded time — the test timeout is the guard — and leave a sane DOM, whole and streamed.
 */
const cases: Array<[string, string]> = [
  ['a heading with a huge run of spaces', `# ${' '.repeat(20000)}x`],
  ['a paragraph ending in a huge run of spaces', `text${' '.repeat(20000)}\nmore${' '.repeat(20000)}`],
  ['thousands of unclosed brackets', '['.repeat(10000)],
  ['thousands of unclosed link tails', '[a]('.repeat(3000)],
  ['thousands of closing brackets', `[${']'.repeat(10000)}`],
  ['a link inside thousands of brackets', `${'['.repeat(5000)}[a](https://x.example)${']'.repeat(5000)}`],
  ['alternating emphasis openers', '*a _b '.repeat(4000)],
  ['deeply nested emphasis', `${'*'.repeat(10000)}a${'*'.repeat(10000)}`],
  ['deeply nested emphasis inside a link', `[${'_'.repeat(6000)}a${'_'.repeat(6000)}](https://x.example)`],
  ['backtick runs of many lengths', Array.from({ length: 300 }, (_, i) => '`'.repeat(i + 1)).join(' x ')],
  ['blockquote markers on one line', '>'.repeat(20000) + ' deep'],
  ['nested list markers on one line', '- '.repeat(10000) + 'deep'],
  ['a deeply indented list ladder', Array.from({ length: 400 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')],
  ['an autolink that never closes', `<${'a'.repeat(20000)}`],
  ['an email-like run', `<${'a'.repeat(5000)}@${'b'.repeat(5000)}.${'c'.repeat(5000)}`],
  ['a bare URL with a huge tail of punctuation', `https://x.example/${'.)'.repeat(10000)}`],
  ['entity-like noise', '&#'.repeat(10000) + '&amp'.repeat(5000)],
  ['a table row with thousands of cells', `| a | b |\n|---|---|\n${'| x '.repeat(20000)}`],
  ['a fence that never closes, with many lines', '```\n' + 'line\n'.repeat(20000)],
];

describe('MarkdownRenderer against hostile shapes', () => {
  for (const [name, text] of cases) {
    it(`renders ${name} (whole and in 64-character chunks) to the same bounded DOM`, () => {
      const whole = document.createElement('div');
      new MarkdownRenderer(whole).renderWhole(text);
      const streamed = document.createElement('div');
      const renderer = new MarkdownRenderer(streamed);
      for (const chunk of chunksOf(text, 64)) renderer.append(chunk);
      renderer.end();
      expect(streamed.innerHTML === whole.innerHTML, 'streamed equals whole').to.equal(true);
      let depth = 0;
      for (
        let el: Element | null = whole.querySelector('blockquote, ul, ol');
        el;
        el = el.querySelector('blockquote, ul, ol')
      )
        depth++;
      expect(depth).to.be.at.most(32);
      let inline = 0;
      for (let el = whole.querySelector('em, strong, del, a'); el; el = el.querySelector('em, strong, del, a'))
        inline++;
      expect(inline, 'inline elements nested').to.be.at.most(16);
    });
  }
});

describe('inline nesting past the cap', () => {
  it('keeps the text and the outer sixteen levels of formatting, and drops only the deeper tags', () => {
    const el = document.createElement('div');
    new MarkdownRenderer(el).renderWhole(`${'*'.repeat(40)}deep${'*'.repeat(40)} and [a ~~*b*~~](https://x.example)`);
    let inline = 0;
    let inner: Element = el.querySelector('p')!;
    while (inner.firstElementChild) {
      inner = inner.firstElementChild;
      inline++;
    }
    expect(inline).to.equal(16);
    expect(inner.textContent).to.equal('deep');
    expect(el.querySelector('p')!.textContent).to.equal('deep and a b');
    // shallow formatting is untouched
    expect(el.querySelector('a > del > em')!.textContent).to.equal('b');
  });
});
