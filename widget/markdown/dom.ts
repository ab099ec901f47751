/**
 * The only way the renderer touches the DOM. It creates nodes with `createElement`/
 * `createTextNode` (model text never reaches an HTML parser), sanitises every fragment before it is
 * inserted, and counts the work done.
 */
import { sanitize } from './sanitize.js';

/** Work done so far: characters scanned by the parsers and DOM nodes created. */
export interface Work {
  chars: number;
  nodes: number;
}

export class DomWriter {
  readonly work: Work = { chars: 0, nodes: 0 };

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

  /** Appends a sanitised `child` to `parent`. */
  append(parent: Node, child: Node): void {
    if (sanitize(child)) parent.appendChild(child);
  }

  /** Replaces `count` characters of the text node `node` at `at` with `data`. */
  splice(node: Text, at: number, count: number, data: string): void {
    if (count > 0 || data !== '') node.replaceData(at, count, data);
  }

  /**
   * Points an inserted link at `href`, a URL `safeUrl` returned for a link (its last check is the
   * one `sanitize` applies to a link's `href`).
   */
  href(a: Element, href: string): void {
    a.setAttribute('href', href);
  }

  /** Puts `next` where `old` is. */
  replace(old: Element, next: Element): void {
    if (sanitize(next)) old.replaceWith(next);
  }

  /** Removes `node` from its parent. */
  remove(node: Node): void {
    (node as ChildNode).remove();
  }
}
