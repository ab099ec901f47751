import { expect } from '@open-wc/testing';
import { prng, randomChunks } from './fixtures.js';
import { MarkdownRenderer } from './index.js';

/**
 * Streaming keeps only what can no longer change and adds plain text without parsing it again:
 * these check, on text dense in markup that is still open when a chunk ends (links being typed,
 * bare URLs, code spans, entities, delimiter runs, escapes), that every prefix shows exactly what a
 * fresh render of that prefix shows, and that the end is the whole render.
 */
const TOKENS = [
  'word',
  'the',
  'with',
  'http',
  'www',
  'hat',
  ' ',
  ' ',
  ' ',
  '  ',
  '.',
  ',',
  '!',
  '(',
  ')',
  '"',
  "'",
  ':',
  '/',
  ';',
  '*',
  '**',
  '_',
  '~~',
  '`',
  '``',
  '[',
  ']',
  '](',
  '![',
  '<',
  '>',
  '&',
  '&amp;',
  '&#35',
  '\\',
  'https://',
  'www.',
  'shop.example',
  'a@b.example',
  '|',
  '\n',
  '  \n',
  '\n\n',
  '\n> ',
  '\n- ',
  '\n1. ',
  '\n# ',
  '#',
  ' #',
  '\n| a | b |\n|---|---|\n',
];

const WORDS = ['mug', ' ', 'tea ', 'blue', ' cup', 'x', '12', 'lid', ' a b'];

function soup(random: () => number, length: number): string {
  let out = '';
  let block = '';
  while (out.length < length) {
    // mostly plain words, so that plain text often arrives while something is open
    block += random() < 0.6 ? WORDS[Math.floor(random() * WORDS.length)] : TOKENS[Math.floor(random() * TOKENS.length)];
    // blocks stay shorter than what the stream shows at once however it is open (see `SMALL` in inline-stream.ts)
    if (block.length > 90) {
      out += `${block}\n\n`;
      block = '';
    }
  }
  return out + block;
}

function fresh(text: string): string {
  const div = document.createElement('div');
  new MarkdownRenderer(div).append(text);
  return div.innerHTML;
}

/**
 * Streams `chunks` and fails at the first prefix whose DOM is not a fresh render's (`label` names
 * the prefix in the failure); returns the renderer's container, not yet ended, and the whole text.
 */
function streamPrefixes(chunks: Iterable<string>, label: (prefix: string) => string) {
  const div = document.createElement('div');
  const renderer = new MarkdownRenderer(div);
  let prefix = '';
  for (const chunk of chunks) {
    renderer.append(chunk);
    prefix += chunk;
    const expected = fresh(prefix);
    if (div.innerHTML !== expected) expect.fail(`after ${label(prefix)}:\n${expected}\n${div.innerHTML}`);
  }
  return { div, renderer, text: prefix };
}

/** Streams `chunks` (see {@link streamPrefixes}), ends, and checks the result is the whole render's. */
function streamToWhole(chunks: Iterable<string>, label: (prefix: string) => string): void {
  const { div, renderer, text } = streamPrefixes(chunks, label);
  renderer.end();
  const whole = document.createElement('div');
  new MarkdownRenderer(whole).renderWhole(text);
  expect(div.innerHTML, JSON.stringify(text)).to.equal(whole.innerHTML);
}

/** Text whose last chunk looks plain but completes or changes something still open. */
const CASES: string[][] = [
  ['see [a](x', 'y', ') now'],
  ['see [a](<x', ' y', '>) now'],
  ['see [a] ', 'b', ' ok [c]', '(x)'],
  ['mail <https://x.example', '/a', '> and <a@b', '.example', '> ok'],
  ['sum &amp', ';', ' and &#35', ';'],
  ['a \\', '. b \\', 'x'],
  ['a *', 'b* c _', 'd_ e ~~', 'f~~'],
  ['an *open', ' one', ' two*', ' and **more', ' words', '** end'],
  ['a [link', ' text', '](https://x.example) and ![img', ' alt', '](https://x.example/i.png)'],
  ['go to https://x', '.example', '/path', '. Then www', '.x', '.example done'],
  ['code `a', ' b', '` and ``c', ' d', '`` e'],
  ['see (ht', 'tp', 's:/', '/sh', 'op', '.ex', 'ample', '/a', 'b.', 'c', ') and (w', 'ww', '.a', '.b', 'c', '.'],
  ['at https://a.example:1', '0', '00000', '0 ok', ' www.a.b', '/(', 'x', ')', ')', 'y'],
  ['x https://a.example/p', 'q', '_r', '?s', "'", 't', '&amp', ';', 'u', ' v'],
  ['# a', ' #', '#', ' b #', '# ', ' \t', 'c\\#', ' ##  ', 'x', ' \u00a0#', '\n'],
  ['##   ', '#', ' ', '##', ' x #', '\n## ', '#', '  ', '\n###', ' [a](', 'https://x.example', ') #'],
  ['| a | b |\n|---|---|\n| https://x', '.example', '/p', ' | b', 'c |'],
  ['| a | b |\n|---|---|\n| [x', ' y', '](https://x.example) | *c', ' d* |'],
];

/** Pieces of lines dense in block markers: containers, headings, fences, rules, table rows. */
const BLOCK_PIECES = [
  '\n',
  '\n',
  '\n',
  '> ',
  '- ',
  '* ',
  '+ ',
  '1. ',
  '2) ',
  '  ',
  '   ',
  '\t',
  '#',
  '# ',
  '## ',
  '```',
  '~~~',
  '`',
  'ts',
  ' x',
  'word',
  '|',
  ' | ',
  '---',
  '===',
  '***',
  '_',
  ':',
  '\u00a0',
  '\\',
  '[a](b)',
  'https://x.example',
  '<',
  '&amp;',
  '0',
  '9.',
  ')',
];

/** Pieces of a heading's line: what it may end in (blanks, closing `#`s, escaped ones) and text. */
const HEADING_PIECES = ['#', '##', ' ', '  ', '\t', '\u00a0', 'a', ' b', '\\#', '`#`'];

describe('MarkdownRenderer prefixes of markup-dense text', () => {
  for (const chunks of CASES) {
    it(`shows each prefix of ${JSON.stringify(chunks.join(''))} as a fresh render would`, () => {
      streamPrefixes(chunks, (prefix) => JSON.stringify(prefix));
    });
  }

  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`shows each prefix as a fresh render would, and ends as the whole render (seed ${seed})`, () => {
      const random = prng(seed);
      const text = soup(random, 1500);
      streamToWhole(randomChunks(text, random, 6), (prefix) => JSON.stringify(prefix.slice(-80)));
    });
  }

  it('shows each prefix of a heading that ends in runs of blanks and #s as a fresh render would', () => {
    const random = prng(11);
    for (let n = 0; n < 400; n++) {
      let text = '#'.repeat(1 + Math.floor(random() * 3)) + (random() < 0.8 ? ' ' : '');
      const length = text.length + random() * 40;
      while (text.length < length) text += HEADING_PIECES[Math.floor(random() * HEADING_PIECES.length)];
      streamToWhole(randomChunks(text, random, 3), (prefix) => JSON.stringify(prefix));
    }
  });

  it('shows each prefix of text dense in block markers as a fresh render would, and ends as the whole render', () => {
    const random = prng(7);
    for (let n = 0; n < 400; n++) {
      // shorter than what the stream shows at once however it is open (see `SMALL` in inline-stream.ts)
      let text = '';
      const length = 10 + random() * 90;
      while (text.length < length) text += BLOCK_PIECES[Math.floor(random() * BLOCK_PIECES.length)];
      streamToWhole(randomChunks(text, random, 5), (prefix) => JSON.stringify(prefix));
    }
  });
});
