/**
 * The markdown benchmark's page script (bundled by `bench/markdown.ts`): streams the same answers,
 * in the same chunks, through
 * - `ours`: `MarkdownRenderer.append` per chunk, `end()` once;
 * - `element`: a `<webmcp-chat-message>` fed one chunk at a time with `appendText`, as the panel
 *   feeds it, awaiting the element between chunks (each chunk its own task's worth of work);
 * - `smd`: the incremental `streaming-markdown` package (`parser_write` per chunk), the anchor;
 * - `persona`: the path `@runtypelabs/persona`'s widget takes for every streamed update —
 *   `stabilizeStreamingTables` on the whole text so far, its `marked` processor, its DOMPurify
 *   sanitiser, then an idiomorph morph of the message DOM; at the end one render without the stabiliser.
 */
import 'persona-src/markdown-parsers-eager';
import { morphMessages } from 'persona-src/morph';
import { createMarkdownProcessor } from 'persona-src/postprocessors';
import { createDefaultSanitizer } from 'persona-src/sanitize';
import { stabilizeStreamingTables } from 'persona-src/streaming-table';
import * as smdLib from 'streaming-markdown';
import '../widget/chat-message.js';
import { SHAPES, chunksOf, type Shape } from '../widget/markdown/fixtures.js';
import { MarkdownRenderer } from '../widget/markdown/index.js';

export interface Run {
  /** Main-thread time for the whole stream, in ms. */
  ms: number;
  chunks: number;
  /** Elements in the final DOM (a sanity check that all rendered the same answer). */
  elements: number;
  text: number;
  /** Renderer work per input character (ours only): characters scanned and nodes created. */
  charsPerChar?: number;
  nodesPerChar?: number;
}

function stage(): HTMLElement {
  document.body.replaceChildren();
  const container = document.createElement('div');
  container.style.width = '400px';
  document.body.append(container);
  return container;
}

function finish(root: ParentNode, started: number, chunks: number): Run {
  const ms = performance.now() - started;
  return { ms, chunks, elements: root.querySelectorAll('*').length, text: (root as Node).textContent?.length ?? 0 };
}

function ours(text: string, size: number): Run {
  const container = stage();
  const chunks = chunksOf(text, size);
  const started = performance.now();
  const renderer = new MarkdownRenderer(container);
  for (const chunk of chunks) renderer.append(chunk);
  renderer.end();
  const run = finish(container, started, chunks.length);
  return { ...run, charsPerChar: renderer.work.chars / text.length, nodesPerChar: renderer.work.nodes / text.length };
}

async function element(text: string, size: number): Promise<Run> {
  const container = stage();
  const chunks = chunksOf(text, size);
  const started = performance.now();
  const message = document.createElement('webmcp-chat-message');
  message.role = 'assistant';
  message.streaming = true;
  container.append(message);
  for (const chunk of chunks) {
    message.appendText(chunk);
    await message.updateComplete;
  }
  message.streaming = false;
  await message.updateComplete;
  return finish(message.shadowRoot!.querySelector('.content')!, started, chunks.length);
}

function smd(text: string, size: number): Run {
  const container = stage();
  const chunks = chunksOf(text, size);
  const started = performance.now();
  const parser = smdLib.parser(smdLib.default_renderer(container));
  for (const chunk of chunks) smdLib.parser_write(parser, chunk);
  smdLib.parser_end(parser);
  return finish(container, started, chunks.length);
}

function persona(text: string, size: number): Run {
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
  }
  render(sofar);
  return finish(container, started, chunks.length);
}

const renderers = { ours, element, smd, persona };
export type Which = keyof typeof renderers;

declare global {
  interface Window {
    markdownBench: {
      run(which: Which, shape: Shape, minLength: number, chunk: number): Promise<Run>;
    };
  }
}

window.markdownBench = {
  run: async (which, shape, minLength, chunk) => renderers[which](SHAPES[shape](minLength, 11), chunk),
};
