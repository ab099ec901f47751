/**
 * The only way the renderer touches the DOM. It creates nodes with `createElement`/
 * `createTextNode` (model text never reaches an HTML parser), sanitises every fragment before it is
 * inserted, counts the work done, and — while a provisional line is shown — journals each change so
 * it can be undone when the real line arrives.
 */
import { sanitize } from './sanitize.js';

/** Work done so far: characters scanned by the parsers and DOM nodes created. */
export interface Work {
  chars: number;
  nodes: number;
}

export class DomWriter {
  readonly work: Work = { chars: 0, nodes: 0 };
  #journal: Array<() => void> | undefined;

  constructor(readonly doc: Document) {}

  el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string>): HTMLElementTagNameMap[K] {
    this.work.nodes++;
    const el = this.doc.createElement(tag);
    if (attrs) for (const name of Object.keys(attrs)) el.setAttribute(name, attrs[name]!);
    return el;
  }

  text(value: string): Text {
    this.work.nodes++;
    return this.doc.createTextNode(value);
  }

  /** Starts journaling: every change until `undo()` is reverted by it. */
  provisional(): void {
    this.#journal = [];
  }

  /** Reverts the journaled changes, newest first, and stops journaling. */
  undo(): void {
    const journal = this.#journal;
    this.#journal = undefined;
    if (journal) for (let i = journal.length - 1; i >= 0; i--) journal[i]!();
  }

  /** Stops journaling and keeps the changes. */
  commit(): void {
    this.#journal = undefined;
  }

  /** Appends a sanitised `child` to `parent`. */
  append(parent: Node, child: Node): void {
    if (!sanitize(child)) return;
    parent.appendChild(child);
    this.#journal?.push(() => parent.removeChild(child));
  }

  /** Replaces `count` characters of the text node `node` at `at` with `data`. */
  splice(node: Text, at: number, count: number, data: string): void {
    if (count === 0 && data === '') return;
    const old = this.#journal && count > 0 ? node.substringData(at, count) : '';
    node.replaceData(at, count, data);
    this.#journal?.push(() => node.replaceData(at, data.length, old));
  }

  /**
   * Points an inserted link at `href`, a URL `safeUrl` returned for a link (its last check is the
   * one `sanitize` applies to a link's `href`).
   */
  href(a: Element, href: string): void {
    const old = a.getAttribute('href')!;
    a.setAttribute('href', href);
    this.#journal?.push(() => a.setAttribute('href', old));
  }

  /** Puts `next` where `old` is. */
  replace(old: Element, next: Element): void {
    if (!sanitize(next)) return;
    old.replaceWith(next);
    this.#journal?.push(() => next.replaceWith(old));
  }

  /** Removes `node` from its parent. */
  remove(node: Node): void {
    const parent = node.parentNode;
    if (!parent) return;
    const after = node.nextSibling;
    parent.removeChild(node);
    this.#journal?.push(() => parent.insertBefore(node, after));
  }
}
