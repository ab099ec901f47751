import { expect } from '@open-wc/testing';
import { chunksOf, longAnswer, prng, randomChunks } from './fixtures.js';
import { MarkdownRenderer } from './index.js';

function whole(text: string, options = {}): HTMLElement {
  const div = document.createElement('div');
  new MarkdownRenderer(div, options).renderWhole(text);
  return div;
}

function streamed(chunks: string[], end = true): HTMLElement {
  const div = document.createElement('div');
  const renderer = new MarkdownRenderer(div);
  for (const chunk of chunks) renderer.append(chunk);
  if (end) renderer.end();
  return div;
}

/** Where two serialisations first differ, with context, for a readable failure. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}:\n  whole:    …${a.slice(Math.max(0, i - 60), i + 60)}…\n  streamed: …${b.slice(Math.max(0, i - 60), i + 60)}…`;
}

function expectSameDom(actual: HTMLElement, expected: HTMLElement, label: string): void {
  if (actual.innerHTML !== expected.innerHTML)
    expect.fail(`${label}: DOM differs ${firstDifference(expected.innerHTML, actual.innerHTML)}`);
  expect(actual.isEqualNode(expected), `${label}: isEqualNode`).to.equal(true);
}

describe('MarkdownRenderer', () => {
  describe('blocks and inlines', () => {
    it('renders paragraphs, headings, emphasis, code, rules and breaks', () => {
      const div = whole(
        '# Title #\n\nSome *em*, **strong**, ***both***, _under_, ~~gone~~ and `co`de`.\nsoft\nline  \nhard\\\nhard too\n\n---\n\nSetext\n===',
      );
      expect(div.innerHTML).to.equal(
        '<h1>Title</h1><p>Some <em>em</em>, <strong>strong</strong>, <em><strong>both</strong></em>, <em>under</em>, <del>gone</del> and <code>co</code>de`.\nsoft\nline<br>hard<br>hard too</p><hr><h1>Setext</h1>',
      );
    });

    it('renders nested ordered and bullet lists with paragraphs and code inside items', () => {
      const div = whole(
        '3. three\n4. four\n   - nested *a*\n     1. deeper\n\n   more in four\n\n   ```sh\n   ls -l\n   ```\n* star',
      );
      expect(div.innerHTML).to.equal(
        '<ol start="3"><li><p>three</p></li><li><p>four</p><ul><li><p>nested <em>a</em></p><ol><li><p>deeper</p></li></ol></li></ul><p>more in four</p><pre><code class="language-sh">ls -l\n</code></pre></li></ol><ul><li><p>star</p></li></ul>',
      );
    });

    it('renders GFM tables with alignment, inline content and escaped pipes', () => {
      const div = whole(
        'Intro line\n| Name | Price | Note |\n|:-----|------:|:---:|\n| **Mug** | $9 | a \\| b |\n| Tee |\n',
      );
      expect(div.innerHTML).to.equal(
        '<p>Intro line</p><div class="md-table" tabindex="0" role="region" aria-label="Name, Price, Note"><table><thead><tr><th align="left">Name</th><th align="right">Price</th><th align="center">Note</th></tr></thead>' +
          '<tbody><tr><td align="left"><strong>Mug</strong></td><td align="right">$9</td><td align="center">a | b</td></tr><tr><td align="left">Tee</td><td align="right"></td><td align="center"></td></tr></tbody></table></div>',
      );
    });

    it('renders fenced code verbatim, with a language class and backticks inside a longer fence', () => {
      const div = whole('````md\n```js\n<b>not bold</b> *not em*\n```\n````\n~~~\nplain\n~~~');
      const codes = div.querySelectorAll('pre > code');
      expect(codes[0]!.className).to.equal('language-md');
      expect(codes[0]!.textContent).to.equal('```js\n<b>not bold</b> *not em*\n```\n');
      expect(codes[1]!.hasAttribute('class')).to.equal(false);
      expect(div.querySelector('b')?.outerHTML).to.equal(undefined);
    });

    it('renders blockquotes with lists, nested quotes and lazy continuation', () => {
      const div = whole('> **Note**\nlazy line\n> - item\n>\n> > inner');
      expect(div.innerHTML).to.equal(
        '<blockquote><p><strong>Note</strong>\nlazy line</p><ul><li><p>item</p></li></ul><blockquote><p>inner</p></blockquote></blockquote>',
      );
    });

    it('keeps HTML, reference links and entities as text', () => {
      const div = whole('<img src=x onerror=alert(1)> [a][ref] &amp; &#65; &bogus;\n\n[ref]: /products/mug');
      expect(div.innerHTML).to.equal(
        '<p>&lt;img src=x onerror=alert(1)&gt; [a][ref] &amp; A &amp;bogus;</p><p>[ref]: /products/mug</p>',
      );
    });

    it('offsets heading levels and caps them at 6', () => {
      const div = whole('# one\n## two\n##### five', { headingLevelOffset: 2 });
      expect([...div.children].map((c) => c.localName)).to.deep.equal(['h3', 'h4', 'h6']);
    });

    it('starts a table only when the header has as many cells as the delimiter row', () => {
      const columns = (text: string) => [...whole(text).querySelectorAll('thead th')].map((th) => th.textContent);
      expect(columns('| a | b |\n|---|')).to.deep.equal([]);
      expect(columns('a | b |\n--|--')).to.deep.equal(['a', 'b']);
      expect(columns('| a \\| b |\n|---|')).to.deep.equal(['a | b']);
      expect(columns('a ||\n-|-')).to.deep.equal(['a', '']);
      expect(columns('|\n-|')).to.deep.equal(['']);
    });

    it("drops an ATX heading's closing `#`s and blanks, whole or streamed a character at a time", () => {
      const source = '## #\n# a ##  \n# a#\n# a \\#\n#  b # c #\t\n### #x';
      const expected = ['', 'a', 'a#', 'a #', 'b # c', '#x'];
      expect([...whole(source).children].map((h) => h.textContent)).to.deep.equal(expected);
      expect([...streamed([...source]).children].map((h) => h.textContent)).to.deep.equal(expected);
    });

    it('normalizes CRLF and CR line endings, also when a CRLF is split between chunks', () => {
      const expected = whole('- a\n- b\n\nc');
      expectSameDom(streamed(['- a\r', '\n- b\r', '\r', 'c']), expected, 'CRLF split');
      expectSameDom(streamed(['- a\r- b\r\rc']), expected, 'CR');
    });
  });

  describe('streaming', () => {
    const answer = longAnswer(16 * 1024, 7);

    it('uses a long answer with every construct (fixture check)', () => {
      expect(answer.length).to.be.greaterThan(16 * 1024);
      const div = whole(answer);
      for (const selector of [
        'h1',
        'h2',
        'h3',
        'p',
        'em',
        'strong',
        'del',
        'code',
        'pre > code.language-ts',
        'ol > li > ul > li > ol',
        'table',
        'blockquote ul',
        'blockquote blockquote',
        'hr',
        'br',
        'a[href^="mailto:"]',
        'button.md-image',
      ]) {
        expect(div.querySelector(selector), selector).to.not.equal(null);
      }
    });

    it('gives the same DOM streamed in 4-character chunks as rendered whole', () => {
      expectSameDom(streamed(chunksOf(answer, 4)), whole(answer), '4-char chunks');
    });

    it('gives the same DOM for random chunk sizes (seeded) and for 1-character chunks', () => {
      const expected = whole(answer);
      for (const seed of [1, 2, 3, 42, 1234]) {
        expectSameDom(streamed(randomChunks(answer, prng(seed), 40)), expected, `seed ${seed}`);
      }
      expectSameDom(streamed(chunksOf(answer.slice(0, 4000), 1)), whole(answer.slice(0, 4000)), '1-char chunks');
    });

    it('shows every prefix exactly as a fresh render of that prefix would (the provisional last line)', () => {
      const chunks = randomChunks(answer.slice(0, 6000), prng(9), 12);
      const div = document.createElement('div');
      const renderer = new MarkdownRenderer(div);
      let prefix = '';
      chunks.forEach((chunk, i) => {
        renderer.append(chunk);
        prefix += chunk;
        if (i % 7 !== 0) return;
        const fresh = document.createElement('div');
        new MarkdownRenderer(fresh).append(prefix);
        expectSameDom(div, fresh, `after ${prefix.length} characters`);
      });
    });

    it('shows a list item and a heading while their line is still arriving', () => {
      const div = document.createElement('div');
      const renderer = new MarkdownRenderer(div);
      renderer.append('Intro\n\n- fir');
      expect(div.querySelector('ul > li > p')!.textContent).to.equal('fir');
      renderer.append('st\n## Hea');
      expect(div.querySelector('h2')!.textContent).to.equal('Hea');
      expect(div.querySelectorAll('li')).to.have.length(1);
    });

    it('streams a heading without parsing its line again, and shows a code fence once its first line is complete', () => {
      const div = document.createElement('div');
      const renderer = new MarkdownRenderer(div);
      renderer.append('## A long');
      const h2 = div.querySelector('h2')!;
      const scanned = renderer.work.chars;
      renderer.append(' heading with *em* ##');
      expect(div.querySelector('h2')).to.equal(h2);
      expect(h2.innerHTML).to.equal('A long heading with <em>em</em>');
      // only the new text is scanned (about twice at most), not the line again
      expect(renderer.work.chars - scanned).to.be.lessThan(2 * ' heading with *em* ##'.length);
      renderer.append('\n```t');
      expect(div.querySelector('pre')).to.equal(null);
      renderer.append('s\ncode');
      expect(div.querySelector('pre > code.language-ts')!.textContent).to.equal('code\n');
      expect(div.querySelector('h2')).to.equal(h2);
    });

    it('never touches a finished block again', () => {
      const div = document.createElement('div');
      const renderer = new MarkdownRenderer(div);
      renderer.append('First *para*.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n');
      const para = div.querySelector('p')!;
      const em = para.querySelector('em')!;
      const firstRow = div.querySelector('tbody tr')!;
      const seen: MutationRecord[] = [];
      const observer = new MutationObserver((records) => seen.push(...records));
      observer.observe(para, { subtree: true, childList: true, characterData: true, attributes: true });
      observer.observe(firstRow, { subtree: true, childList: true, characterData: true, attributes: true });
      for (const chunk of chunksOf('| 3 | 4 |\n| 5 | 6 |\n\nMore text streaming in.', 3)) renderer.append(chunk);
      renderer.end();
      seen.push(...observer.takeRecords());
      observer.disconnect();
      expect(seen).to.have.length(0);
      expect(div.querySelector('p')).to.equal(para);
      expect(para.querySelector('em')).to.equal(em);
      expect(div.querySelectorAll('tbody tr')).to.have.length(3);
    });
  });

  describe('work per chunk', () => {
    const answer = longAnswer(32 * 1024, 5);
    const chunks = chunksOf(answer, 4);
    const avg = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

    /** Work (characters scanned + nodes created) of each `append`. */
    function workPerChunk(): number[] {
      const renderer = new MarkdownRenderer(document.createElement('div'));
      const per: number[] = [];
      let before = 0;
      for (const chunk of chunks) {
        renderer.append(chunk);
        const total = renderer.work.chars + renderer.work.nodes;
        per.push(total - before);
        before = total;
      }
      return per;
    }

    it('does not grow with the length of what came before (32 KB in 4-character chunks)', () => {
      expect(answer.length).to.be.greaterThan(32 * 1024);
      const per = workPerChunk();
      const first = avg(per.slice(0, 100));
      const last = avg(per.slice(-100));
      expect(last / first, `first 100 chunks: ${first.toFixed(1)}, last 100: ${last.toFixed(1)}`).to.be.lessThan(2);
      // the same check over whole quarters of the answer, which is less noisy
      const q = Math.floor(per.length / 4);
      const quarters = [0, 1, 2, 3].map((i) => avg(per.slice(i * q, (i + 1) * q)));
      expect(quarters[3]! / quarters[0]!, `quarters: ${quarters.map((x) => x.toFixed(1)).join(', ')}`).to.be.lessThan(
        1.3,
      );
    });

    it('would catch a renderer that re-renders the whole message per chunk (control)', () => {
      // the same counter on the naive strategy: each chunk re-renders everything so far
      const renderer = new MarkdownRenderer(document.createElement('div'));
      const naive = (k: number): number => {
        renderer.reset();
        renderer.append(answer.slice(0, 4 * k));
        return renderer.work.chars + renderer.work.nodes;
      };
      const first = avg(Array.from({ length: 100 }, (_, i) => naive(i + 1)));
      const last = avg(Array.from({ length: 100 }, (_, i) => naive(chunks.length - i)));
      expect(last / first).to.be.greaterThan(20);
    });
  });
});
