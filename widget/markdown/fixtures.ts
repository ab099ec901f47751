/**
 * Test and benchmark material: a seeded PRNG, chunkers, and a generator of long, varied model-style
 * markdown using every construct the renderer supports. Not part of the widget bundle.
 */

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cuts `text` into pieces of `size` characters. */
export function chunksOf(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Cuts `text` into pieces of 1…`max` characters, sizes drawn from `random`. */
export function randomChunks(text: string, random: () => number, max = 24): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length;) {
    const size = 1 + Math.floor(random() * max);
    out.push(text.slice(i, i + size));
    i += size;
  }
  return out;
}

const WORDS = (
  'mug tea kettle stoneware glaze speckled classic white ceramic handle coffee club shirt cotton size order cart ' +
  'price stock shipping return warranty colour blue ultramarine matte gloss dishwasher safe microwave gift box ' +
  'the a of and to with for in on at by from that this is are was will can may should'
).split(' ');

/**
 * One section of varied markdown (about 2 KB). Every construct appears: headings (ATX and setext),
 * emphasis, strong, strikethrough, code spans with backticks, links (inline, titled, angle-bracketed,
 * autolinks, bare), images, hard breaks, entities, escapes, nested lists with paragraphs and code,
 * tables with alignment and escaped pipes, fences containing backticks, blockquotes with lists,
 * rules, HTML-looking text.
 */
export function section(random: () => number, n: number): string {
  const pick = () => WORDS[Math.floor(random() * WORDS.length)]!;
  const words = (count: number) => Array.from({ length: count }, pick).join(' ');
  const num = () => Math.floor(random() * 1000);
  return `## Section ${n}: ${words(3)}

The ${words(4)} is *${words(2)}* and **${words(2)}**, sometimes ***${words(2)}*** or _${words(1)}_ with ~~${words(2)}~~.
Use \`npm run ${pick()}\` or \`\` a \`tick\` inside \`\` and see [the ${pick()} page](https://shop.example/p/${num()} "Product ${n}") or
<https://docs.example/${pick()}?q=${num()}&x=1> and https://www.example.com/${pick()}_${num()}. Mail <help@shop.example>.
A hard break follows  
right here, and another\\
one. Entities: &amp; &lt;tag&gt; &copy; &#8364;${num()} &#x2014; escapes: \\*not em\\* \\[not link\\] 4 \\< 5.

${words(2)}
------------

1. First ${words(3)} with **bold ${pick()}**
2. Second item with a nested list:
   - nested *${words(2)}*
   - nested \`code ${num()}\`
     1. deeper ${words(2)}
     2. deeper [link](<https://shop.example/a b/${num()}>)
   - back to level two

   A second paragraph in item two, ${words(5)}.
3. Third item with code:

   \`\`\`ts
   const ${pick()} = ${num()};
   \`\`\`

* star bullet ${words(2)}
* another ![${words(2)}](https://img.example/${num()}.png "picture") image

| Product | Price | Stock | Note |
|:--------|------:|:-----:|------|
| ${words(2)} | $${num()}.00 | ${num()} | *${pick()}* |
| ${words(1)} \\| pipe | $${num()}.50 | ${num()} | [buy](https://shop.example/buy/${num()}) |
| \`${pick()}\` | $${num()} | 0 | ~~gone~~ |

\`\`\`\`markdown
Here is a fence with backticks inside:
\`\`\`js
console.log("${words(2)}");
\`\`\`
<script>alert(${num()})</script> stays text
\`\`\`\`

~~~python
def ${pick()}(x):
    return x * ${num()}  # \`${pick()}\`
~~~

> **Note:** ${words(6)}
> - quoted list ${pick()}
> - quoted list ${pick()}
>
> > nested quote with \`code\` and <b>html</b>

### Details for ${words(2)}

${words(12)}. ${words(10)}, ${words(8)}!
Trailing text with a [link that has **bold** text](https://shop.example/${pick()}#${num()}) and 2 * 3 = 6.

***

`;
}

/** Markdown of at least `minLength` characters, deterministic for a seed. */
export function longAnswer(minLength: number, seed = 1): string {
  const random = prng(seed);
  let out = '# Answer\n\n';
  for (let n = 1; out.length < minLength; n++) out += section(random, n);
  return out;
}

/** Sentences with inline markup, as long as asked (no line breaks). */
function prose(random: () => number, minLength: number): string {
  const pick = () => WORDS[Math.floor(random() * WORDS.length)]!;
  let out = '';
  for (let n = 0; out.length < minLength; n++) {
    const r = random();
    const word = pick();
    out += n === 0 ? '' : ' ';
    if (r < 0.04) out += `*${word}*`;
    else if (r < 0.07) out += `**${word}**`;
    else if (r < 0.09) out += `\`${word}\``;
    else if (r < 0.1) out += `[${word}](https://shop.example/${word})`;
    else out += word;
    if (random() < 0.08) out += '.';
  }
  return out;
}

/** The shapes a streamed answer can take, each at least `minLength` characters, deterministic for a seed. */
export const SHAPES = {
  /** One paragraph on one line. */
  paragraph: (minLength: number, seed = 1) => prose(prng(seed), minLength),
  /** One quoted paragraph of many `> ` lines. */
  blockquote: (minLength: number, seed = 1) => {
    const random = prng(seed);
    let out = '';
    while (out.length < minLength) out += `> ${prose(random, 70)}\n`;
    return out;
  },
  /** A JSON document on one line (tool output pasted as text). */
  json: (minLength: number, seed = 1) => {
    const random = prng(seed);
    const items: unknown[] = [];
    let length = 2;
    for (let id = 1; length < minLength; id++) {
      const item = {
        id,
        name: `${WORDS[id % WORDS.length]} ${WORDS[(id * 7) % WORDS.length]}`,
        price_cents: Math.floor(random() * 10000),
        in_stock: random() < 0.5,
        tags: [WORDS[(id * 3) % WORDS.length], WORDS[(id * 5) % WORDS.length]],
      };
      length += JSON.stringify(item).length + 1;
      items.push(item);
    }
    return JSON.stringify(items);
  },
  /** A long bullet list. */
  list: (minLength: number, seed = 1) => {
    const random = prng(seed);
    let out = '';
    while (out.length < minLength) out += `- ${prose(random, 50)}\n`;
    return out;
  },
  /** A long table. */
  table: (minLength: number, seed = 1) => {
    const random = prng(seed);
    let out = '| Product | Price | Note |\n|:--|--:|---|\n';
    while (out.length < minLength)
      out += `| ${prose(random, 12)} | $${Math.floor(random() * 100)} | ${prose(random, 20)} |\n`;
    return out;
  },
  /** One long code fence. */
  code: (minLength: number, seed = 1) => {
    const random = prng(seed);
    let out = '```ts\n';
    for (let n = 0; out.length < minLength; n++)
      out += `const v${n} = ${Math.floor(random() * 1000)}; // ${prose(random, 30)}\n`;
    return `${out}\`\`\`\n`;
  },
  /** Every construct, in sections of about 2 KB. */
  mixed: (minLength: number, seed = 1) => longAnswer(minLength, seed),
} satisfies Record<string, (minLength: number, seed?: number) => string>;

export type Shape = keyof typeof SHAPES;
