import { expect } from '@open-wc/testing';
import { SHAPES, chunksOf, type Shape } from './fixtures.js';
import { MarkdownRenderer } from './index.js';

/** Work (characters scanned + nodes created) of each `append` of `text` in 4-character chunks, and the final DOM. */
function stream(text: string): { per: number[]; total: number; chars: number; nodes: number; html: string } {
  const div = document.createElement('div');
  const renderer = new MarkdownRenderer(div);
  const per: number[] = [];
  let before = 0;
  for (const chunk of chunksOf(text, 4)) {
    renderer.append(chunk);
    const total = renderer.work.chars + renderer.work.nodes;
    per.push(total - before);
    before = total;
  }
  renderer.end();
  const { chars, nodes } = renderer.work;
  return { per, total: chars + nodes, chars, nodes, html: div.innerHTML };
}

function whole(text: string): string {
  const div = document.createElement('div');
  new MarkdownRenderer(div).renderWhole(text);
  return div.innerHTML;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('MarkdownRenderer work per chunk, by shape', () => {
  for (const shape of Object.keys(SHAPES) as Shape[]) {
    it(`${shape}: work per character does not grow with the text, and the DOM is the whole render's`, () => {
      const small = SHAPES[shape](8 * 1024, 3);
      const large = SHAPES[shape](32 * 1024, 3);
      const a = stream(small);
      const b = stream(large);
      expect(b.html === whole(large), 'streamed 32 KB equals the whole render').to.equal(true);
      const perCharSmall = a.total / small.length;
      const perCharLarge = b.total / large.length;
      // linear work: the same per character at 8 KB and at 32 KB (a quadratic renderer is ~4× here)
      expect(
        perCharLarge / perCharSmall,
        `per character: 8 KB ${perCharSmall.toFixed(1)}, 32 KB ${perCharLarge.toFixed(1)}`,
      ).to.be.lessThan(1.3);
      // and the same in the last quarter of the stream as in the first
      const q = Math.floor(b.per.length / 4);
      const first = sum(b.per.slice(0, q)) / q;
      const last = sum(b.per.slice(-q)) / q;
      expect(last / first, `per chunk: first quarter ${first.toFixed(1)}, last ${last.toFixed(1)}`).to.be.lessThan(1.6);
      // and small in absolute terms: plain text is scanned once, markup about twice more (a rescan
      // of the open line or paragraph per chunk shows up here as 5–10), and few nodes are made and
      // thrown away; in the mixed document a heading's line parsed again per chunk shows as 2 or more
      const chars = b.chars / large.length;
      const nodes = b.nodes / large.length;
      expect(chars, `characters scanned per input character: ${chars.toFixed(2)}`).to.be.at.most(
        shape === 'mixed' ? 1.9 : 2,
      );
      expect(nodes, `nodes created per input character: ${nodes.toFixed(3)}`).to.be.at.most(0.25);
    });
  }

  it('a heading ending in long runs of blanks and #s: its held-back end is not scanned again per chunk', () => {
    const hostile = (n: number) =>
      `# title${' '.repeat(n)}${'#'.repeat(n)}${'\t'.repeat(n)}##${' '.repeat(n)}\n\nafter`;
    const small = stream(hostile(2 * 1024));
    const large = stream(hostile(8 * 1024));
    expect(large.html === whole(hostile(8 * 1024)), 'streamed equals the whole render').to.equal(true);
    const perChar = large.total / hostile(8 * 1024).length;
    // the few chunks where one run meets the next scan the held end once each; a rescan per chunk is hundreds
    expect(perChar, `work per character: ${perChar.toFixed(2)}`).to.be.at.most(3);
    expect(perChar / (small.total / hostile(2 * 1024).length)).to.be.lessThan(1.3);
  });
});
