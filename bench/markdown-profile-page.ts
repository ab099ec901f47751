/**
 * The page script of `bench/markdown-profile.ts`: streams one shape through one path, repeatedly,
 * and reports the renderer's work per character.
 */
import * as smdLib from 'streaming-markdown';
import '../widget/chat-message.js';
import { SHAPES, chunksOf, type Shape } from '../widget/markdown/fixtures.js';
import { MarkdownRenderer } from '../widget/markdown/index.js';

async function once(which: string, shape: Shape, size: number): Promise<number> {
  document.body.replaceChildren();
  const container = document.createElement('div');
  document.body.append(container);
  const chunks = chunksOf(SHAPES[shape](size, 11), 4);
  const started = performance.now();
  if (which === 'ours') {
    const r = new MarkdownRenderer(container);
    for (const c of chunks) r.append(c);
    r.end();
  } else if (which === 'smd') {
    const p = smdLib.parser(smdLib.default_renderer(container));
    for (const c of chunks) smdLib.parser_write(p, c);
    smdLib.parser_end(p);
  } else {
    const m = document.createElement('webmcp-chat-message');
    m.role = 'assistant';
    m.streaming = true;
    container.append(m);
    for (const c of chunks) {
      m.appendText(c);
      await m.updateComplete;
    }
    m.streaming = false;
    await m.updateComplete;
  }
  return performance.now() - started;
}

(window as unknown as Record<string, unknown>).profileBench = async (
  which: string,
  shape: Shape,
  size: number,
  repeat: number,
) => {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) times.push(await once(which, shape, size));
  return times;
};
(window as unknown as Record<string, unknown>).countWork = (shape: Shape, size: number) => {
  const text = SHAPES[shape](size, 11);
  const r = new MarkdownRenderer(document.createElement('div'));
  for (const c of chunksOf(text, 4)) r.append(c);
  r.end();
  return { chars: +(r.work.chars / text.length).toFixed(3), nodes: +(r.work.nodes / text.length).toFixed(3) };
};
