/**
 * The markdown benchmark's page script (bundled by `bench/markdown.ts`): streams the same answers,
 * in the same chunks, through our renderer and through the path `@runtypelabs/persona`'s widget
 * takes for every streamed update of a message: `stabilizeStreamingTables` on the whole text so
 * far, its `marked` processor, its DOMPurify sanitiser, then an idiomorph morph of the message
 * DOM (`morphMessages`); at the end, one final render without the table stabiliser.
 */
import 'persona-src/markdown-parsers-eager';
import { morphMessages } from 'persona-src/morph';
import { createMarkdownProcessor } from 'persona-src/postprocessors';
import { createDefaultSanitizer } from 'persona-src/sanitize';
import { stabilizeStreamingTables } from 'persona-src/streaming-table';
import { chunksOf, longAnswer } from '../widget/markdown/fixtures.js';
import { MarkdownRenderer } from '../widget/markdown/index.js';

export interface Run {
  /** Main-thread time for the whole stream, in ms. */
  ms: number;
  chunks: number;
  /** Elements in the final DOM (a sanity check that both rendered the same answer). */
  elements: number;
  text: number;
}

function stage(): HTMLElement {
  document.body.replaceChildren();
  const container = document.createElement('div');
  container.style.width = '400px';
  document.body.append(container);
  return container;
}

function finish(container: HTMLElement, started: number, chunks: number): Run {
  const ms = performance.now() - started;
  return { ms, chunks, elements: container.querySelectorAll('*').length, text: container.textContent?.length ?? 0 };
}

/** Our renderer: one `append` per chunk. `layout` forces style and layout after every chunk. */
function ours(text: string, size: number, layout: boolean): Run {
  const container = stage();
  const chunks = chunksOf(text, size);
  const started = performance.now();
  const renderer = new MarkdownRenderer(container);
  for (const chunk of chunks) {
    renderer.append(chunk);
    if (layout) void container.offsetHeight;
  }
  renderer.end();
  return finish(container, started, chunks.length);
}

/** Persona's per-update path, once per chunk on the accumulated text. */
function persona(text: string, size: number, layout: boolean): Run {
  const container = stage();
  const chunks = chunksOf(text, size);
  const markdown = createMarkdownProcessor();
  const sanitize = createDefaultSanitizer();
  const render = (source: string): void => {
    const next = document.createElement('div');
    const bubble = document.createElement('div');
    bubble.className = 'persona-message-content';
    // persona's own pipeline: its sanitiser's output goes to innerHTML (benchmark only)
    bubble.innerHTML = sanitize(markdown(source));
    next.append(bubble);
    morphMessages(container, next);
  };
  const started = performance.now();
  let sofar = '';
  for (const chunk of chunks) {
    sofar += chunk;
    render(stabilizeStreamingTables(sofar));
    if (layout) void container.offsetHeight;
  }
  render(sofar);
  return finish(container, started, chunks.length);
}

const renderers = { ours, persona };

declare global {
  interface Window {
    markdownBench: {
      answer(minLength: number): string;
      run(which: keyof typeof renderers, minLength: number, chunk: number, layout: boolean): Run;
    };
  }
}

window.markdownBench = {
  answer: (minLength) => longAnswer(minLength, 11),
  run: (which, minLength, chunk, layout) => renderers[which](longAnswer(minLength, 11), chunk, layout),
};
