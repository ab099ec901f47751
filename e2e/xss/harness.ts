/**
 * The XSS corpus and the checks run after feeding it to the widget: a script canary, a guard on
 * requests leaving for other origins, and a scan of every open shadow root for event handler
 * attributes, dangerous URLs and active elements.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

export interface XssCase {
  id: string;
  group: string;
  input: string;
}

const DIR = new URL('./', import.meta.url);

/** Every case of every `*.jsonl` file in this folder. */
export function loadCorpus(): XssCase[] {
  return readdirSync(DIR)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()
    .flatMap((file) =>
      readFileSync(new URL(file, DIR), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as XssCase),
    );
}

/** Groups cases so that each group's inputs, joined by blank lines, stay under `maxChars`. */
export function batches(cases: XssCase[], maxChars: number): XssCase[][] {
  const out: XssCase[][] = [[]];
  let size = 0;
  for (const c of cases) {
    if (size + c.input.length + 2 > maxChars && out.at(-1)!.length > 0) {
      out.push([]);
      size = 0;
    }
    out.at(-1)!.push(c);
    size += c.input.length + 2;
  }
  return out;
}

/** Joins a batch into one markdown text; each input follows a marker paragraph with its id. */
export function joinBatch(batch: XssCase[]): string {
  return batch.map((c) => `xss-case ${c.id}\n\n${c.input}`).join('\n\n');
}

/**
 * The canary: payloads set `window.__xss`, or call `alert`/`confirm`/`prompt`/`print`, which are
 * replaced by functions that set it. Installed before any page script runs.
 */
export async function installCanary(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown> & { __xssHits: string[] };
    w.__xssHits = [];
    for (const name of ['alert', 'confirm', 'prompt', 'print']) {
      w[name] = (...args: unknown[]) => {
        w.__xss = 1;
        w.__xssHits.push(`${name}(${String(args[0])})`);
      };
    }
  });
}

/** What the canary saw: `tripped` when a payload ran (or clobbered `window.__xss`). */
export function canary(page: Page): Promise<{ tripped: boolean; hits: string[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { __xss?: unknown; __xssHits: string[] };
    return { tripped: typeof w.__xss !== 'undefined', hits: w.__xssHits };
  });
}

/** Starts recording requests for any origin but `allowed` (data:, blob: and about: never leave the page). */
export function guardRequests(page: Page, allowed: string[]): string[] {
  const origins = new Set(allowed.map((url) => new URL(url).origin));
  const leaks: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return;
    if (!origins.has(url.origin)) leaks.push(`${request.method()} ${request.url()}`);
  });
  return leaks;
}

/**
 * Problems in every open shadow root of the page: `on*` attributes, URL attributes with a
 * `javascript:`/`data:`/`vbscript:` scheme (after stripping what browsers ignore and decoding),
 * CSS that loads or runs things, active elements; inside message elements also any media, SVG,
 * MathML or form control (the renderer never makes them).
 */
export function shadowDomProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this strips
    const INVISIBLE = /[\u0000-\u0020\u007f-\u00a0\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;
    const DANGEROUS = /^(?:javascript|data|vbscript):/i;
    const URL_ATTRS = new Set([
      'href',
      'src',
      'xlink:href',
      'action',
      'formaction',
      'data',
      'poster',
      'background',
      'srcdoc',
      'srcset',
      'ping',
      'cite',
      'longdesc',
      'lowsrc',
      'dynsrc',
      'codebase',
      'manifest',
      'icon',
      'content',
    ]);
    const ACTIVE = new Set([
      'script',
      'iframe',
      'frame',
      'frameset',
      'object',
      'embed',
      'applet',
      'base',
      'meta',
      'portal',
    ]);
    const NOT_IN_MESSAGES = new Set([
      'img',
      'video',
      'audio',
      'source',
      'track',
      'picture',
      'svg',
      'math',
      'form',
      'input',
      'textarea',
      'select',
      'style',
      'link',
      'template',
    ]);
    const decode = (value: string): string => {
      let v = value.replace(INVISIBLE, '');
      try {
        v = decodeURIComponent(v).replace(INVISIBLE, '');
      } catch {
        // a malformed escape: the raw value is what a browser would use
      }
      return v;
    };
    const visit = (root: ShadowRoot, host: Element): void => {
      const inMessage = host.localName.endsWith('chat-message');
      for (const el of root.querySelectorAll('*')) {
        const where = `${host.localName} › ${el.localName}`;
        for (const { name, value } of Array.from(el.attributes)) {
          const n = name.toLowerCase();
          if (n.startsWith('on')) problems.push(`${where}[${n}]`);
          if (URL_ATTRS.has(n) && DANGEROUS.test(decode(value)))
            problems.push(`${where}[${n}="${value.slice(0, 80)}"]`);
          if (n === 'style' && /url\s*\(|expression\s*\(|@import|behavior\s*:/i.test(value))
            problems.push(`${where}[style="${value.slice(0, 80)}"]`);
        }
        if (ACTIVE.has(el.localName)) problems.push(`${where} (active element)`);
        if (inMessage && NOT_IN_MESSAGES.has(el.localName)) problems.push(`${where} (not made by the renderer)`);
        if (el.shadowRoot) visit(el.shadowRoot, el);
      }
    };
    for (const el of document.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot, el);
    return problems;
  });
}
