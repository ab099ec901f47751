/**
 * The block parser: consumes one complete line at a time and keeps the chain of open blocks
 * (document → blockquotes / lists / items → one leaf). A block that leaves the chain is finished:
 * its DOM is never touched again. Code lines and table rows are appended as they complete; the open
 * paragraph streams through an `InlineStream`, which keeps what can no longer change and parses
 * only the rest again, so the work per character stays bounded whatever the paragraph's length.
 *
 * Deliberate limits (each keeps earlier output final): no indented code blocks, no HTML blocks,
 * no reference definitions (all three stay paragraph text); list items always hold block children
 * (`<li><p>…</p></li>`), so a later blank line cannot turn a tight list loose.
 */
import {
  ATX,
  FENCE_CLOSE,
  FENCE_OPEN,
  HR,
  MARKER,
  MAX_DEPTH,
  SETEXT,
  detab,
  indentAt,
  isBlank,
  isContainer,
  trimEndBlank,
  type Block,
  type Container,
  type Doc,
  type Item,
  type List,
  type OpenLine,
  type Para,
  type Table,
} from './block-syntax.js';
import { matchContainers } from './containers.js';
import type { DomWriter } from './dom.js';
import { InlineStream } from './inline-stream.js';
import { atxLine, fenceBlock, heading, inlineInto, type LeafOptions } from './leaves.js';
import { DELIMITER_ROW, RowStream, parseAligns, tableShell } from './table.js';

export type BlockOptions = LeafOptions;

export class BlockParser {
  readonly #doc: Doc;
  /** The open paragraph, shown as it streams and not yet finished. */
  #dirty: Para | undefined;
  /** What the last line became, when more text on it can only add to that. */
  #lastLine: OpenLine | undefined;

  readonly #dom: DomWriter;
  readonly #options: BlockOptions;

  constructor(dom: DomWriter, root: HTMLElement, options: BlockOptions) {
    this.#dom = dom;
    this.#options = options;
    this.#doc = { kind: 'doc', el: root, open: undefined };
  }

  /**
   * Consumes one line (without its line ending). A `provisional` line is the unfinished last one,
   * parsed as if complete: it may still grow through `extendText` until `endLine`. It must hold text
   * (a character `DECISIVE` matches) and not open a code fence: such a line is paragraph text, a
   * heading, a table row or a code line, which more text can only add to.
   */
  line(raw: string, provisional = false): void {
    this.#lastLine = undefined;
    this.#line(raw);
    if (!provisional) this.endLine();
    // a paragraph that left the open chain is finished
    const dirty = this.#dirty;
    if (dirty && this.#leaf() !== dirty) this.#finish(dirty);
  }

  /** The provisional line is complete as it is. */
  endLine(): void {
    this.#lastLine?.end?.();
    this.#lastLine = undefined;
  }

  /** Shows what the open paragraph gained since it was last shown. */
  flush(): void {
    this.#dirty?.stream.show();
  }

  /** The text is complete: the open paragraph is finished. */
  finish(): void {
    if (this.#dirty) this.#finish(this.#dirty);
  }

  /**
   * Adds `more` to the end of the provisional line: exactly what parsing the longer line would
   * show, without parsing it again.
   */
  extendText(more: string): void {
    this.#lastLine!.push(more);
  }

  #leaf(): Block | undefined {
    let leaf: Block | undefined = this.#doc.open;
    while (isContainer(leaf)) leaf = leaf.open;
    return leaf;
  }

  #line(raw: string): void {
    this.#dom.work.chars += raw.length;
    const line = detab(raw);
    // 1. Which open containers does this line continue?
    const continued = matchContainers(this.#doc, line);
    const { matched, next } = continued;
    let { pos, depth } = continued;
    let unmatched: Container | undefined = isContainer(next) ? next : undefined;
    let leaf: Block | undefined = next;
    while (isContainer(leaf)) leaf = leaf.open;
    const closeUnmatched = (): void => {
      if (unmatched && matched.open === unmatched) matched.open = undefined;
      unmatched = undefined;
    };

    // 2. An open code fence takes the line as it is.
    if (!unmatched && next?.kind === 'fence') {
      const indent = indentAt(line, pos);
      const close = indent <= 3 ? FENCE_CLOSE.exec(line.slice(pos + indent)) : null;
      if (close && close[1]![0] === next.fence[0] && close[1]!.length >= next.fence.length) {
        matched.open = undefined;
      } else {
        const strip = Math.min(indentAt(line, pos), next.indent);
        const code = this.#dom.text(`${line.slice(pos + strip)}\n`);
        this.#dom.append(next.code, code);
        this.#lastLine = {
          push: (more) => {
            this.#dom.work.chars += more.length;
            this.#dom.splice(code, code.length - 1, 0, more);
          },
        };
      }
      return;
    }

    // 3. New block starts, possibly several (`> - # Title`).
    let target: Container = matched;
    // past MAX_DEPTH containers, markers are text: hostile nesting cannot cost more per line
    for (; depth < MAX_DEPTH; depth++) {
      const indent = indentAt(line, pos);
      if (indent > 3) break;
      const at = pos + indent;
      const rest = line.slice(at);
      const c = rest[0];
      const paragraphOpen = target === matched && !unmatched && target.open?.kind === 'para';
      if (c === '>') {
        closeUnmatched();
        target = this.#open(target, { kind: 'quote', el: this.#dom.el('blockquote'), open: undefined });
        pos = at + 1;
        if (line[pos] === ' ') pos++;
        continue;
      }
      const atx = c === '#' ? ATX.exec(rest) : null;
      if (atx) {
        closeUnmatched();
        this.#close(target);
        const h = heading(this.#dom, this.#options, atx[0].length);
        this.#append(target, h);
        this.#lastLine = atxLine(h, this.#dom, this.#options);
        this.#lastLine.push(rest.slice(atx[0].length));
        return;
      }
      const fence = c === '`' || c === '~' ? FENCE_OPEN.exec(rest) : null;
      if (fence && !(c === '`' && fence[2]!.includes('`'))) {
        closeUnmatched();
        this.#open(target, fenceBlock(this.#dom, fence[1]!, indent, fence[2]!));
        return;
      }
      if (paragraphOpen && (c === '=' || c === '-') && SETEXT.test(rest)) {
        this.#setext(target, target.open as Para, c === '=' ? 1 : 2);
        return;
      }
      if (
        paragraphOpen &&
        rest.includes('|') &&
        DELIMITER_ROW.test(rest) &&
        this.#table(target, target.open as Para, rest)
      )
        return;
      if ((c === '*' || c === '-' || c === '_') && HR.test(rest)) {
        closeUnmatched();
        this.#close(target);
        this.#append(target, this.#dom.el('hr'));
        return;
      }
      const marker = MARKER.exec(rest);
      if (marker) {
        const after = at + marker[0].length;
        const empty = isBlank(line, after);
        // an item interrupting a paragraph must have content, and a numbered one must start at 1
        if (paragraphOpen && (empty || (marker[2] !== undefined && marker[2] !== '1'))) break;
        const spaces = empty ? 1 : indentAt(line, after);
        const gap = spaces >= 5 ? 1 : spaces;
        const kind = marker[1] ?? marker[3]!;
        const open = target.open;
        if (target === matched && open?.kind === 'list' && open.marker === kind && unmatched === open) {
          open.open = undefined; // the list goes on with a new item
          unmatched = undefined;
        } else {
          closeUnmatched();
          this.#close(target);
          const ordered = marker[2] !== undefined;
          const el = this.#dom.el(ordered ? 'ol' : 'ul');
          const start = ordered ? Number(marker[2]) : 1;
          if (start !== 1) el.setAttribute('start', String(start));
          this.#open(target, { kind: 'list', el, marker: kind, open: undefined });
        }
        const list = target.open as List;
        const item: Item = {
          kind: 'item',
          el: this.#dom.el('li'),
          indent: indent + marker[0].length + gap,
          hasContent: false,
          open: undefined,
        };
        this.#dom.append(list.el, item.el);
        list.open = item;
        target = item;
        depth++;
        pos = empty ? line.length : after + gap;
        continue;
      }
      break;
    }

    // 4. What is left is text.
    const text = line.slice(pos).replace(/^[ \t]+/, '');
    if (text === '') {
      closeUnmatched();
      if (target.open?.kind === 'para' || target.open?.kind === 'table') target.open = undefined;
      return;
    }
    if (target === matched && unmatched && leaf?.kind === 'para') {
      // a lazy continuation line: it continues the paragraph even without the container markers
      this.#addLine(leaf, text);
      return;
    }
    closeUnmatched();
    const open = target.open;
    if (open?.kind === 'para') return this.#addLine(open, text);
    if (open?.kind === 'table') return this.#row(open, text);
    const el = this.#dom.el('p');
    const para: Para = { kind: 'para', el, lines: [], stream: new InlineStream(el, this.#dom, this.#options) };
    this.#open(target, para);
    this.#addLine(para, text);
  }

  #finish(para: Para): void {
    if (this.#dirty === para) this.#dirty = undefined;
    para.stream.end(trimEndBlank);
  }

  #addLine(para: Para, text: string): void {
    if (this.#dirty && this.#dirty !== para) this.#finish(this.#dirty);
    para.lines.push(text);
    para.stream.push(para.lines.length > 1 ? `\n${text}` : text);
    this.#dirty = para;
    this.#lastLine = {
      push: (more) => {
        para.lines[para.lines.length - 1] += more;
        para.stream.push(more);
        para.stream.show();
      },
    };
  }

  /** Ends the open child of `target` (finished blocks keep their DOM as it is). */
  #close(target: Container): void {
    target.open = undefined;
  }

  #append(target: Container, el: HTMLElement): void {
    if (target.kind === 'item') target.hasContent = true;
    this.#dom.append(target.el, el);
  }

  #open<B extends Block>(target: Container, block: B): B {
    this.#close(target);
    this.#append(target, block.el);
    (target as { open: Block | undefined }).open = block;
    return block;
  }

  #setext(target: Container, para: Para, level: number): void {
    this.#redo(para, heading(this.#dom, this.#options, level), para.lines.join('\n').trim());
    this.#close(target);
  }

  /** Puts `el`, holding `text` rendered inline, where the paragraph was (its lines turned out to be something else). */
  #redo(para: Para, el: HTMLElement, text: string): void {
    if (this.#dirty === para) this.#dirty = undefined;
    this.#dom.replace(para.el, inlineInto(el, this.#dom, this.#options, text));
  }

  /** Turns the paragraph's last line into a table header when `delimiter` matches it. */
  #table(target: Container, para: Para, delimiter: string): boolean {
    const aligns = parseAligns(delimiter);
    const header = new RowStream(this.#dom, aligns, this.#options, 'th');
    header.push(para.lines.at(-1)!);
    header.end();
    if (header.count !== aligns.length) return false;
    para.lines.pop();
    // the paragraph loses its last line: it is rendered again without it, once
    if (para.lines.length === 0) {
      if (this.#dirty === para) this.#dirty = undefined;
      this.#dom.remove(para.el);
    } else this.#redo(para, this.#dom.el('p'), trimEndBlank(para.lines.join('\n')));
    const { wrap, table } = tableShell(this.#dom, header.tr);
    this.#open(target, { kind: 'table', el: wrap, table, body: undefined, aligns });
    return true;
  }

  #row(table: Table, text: string): void {
    if (!table.body) {
      table.body = this.#dom.el('tbody');
      this.#dom.append(table.table, table.body);
    }
    const row = new RowStream(this.#dom, table.aligns, this.#options);
    this.#dom.append(table.body, row.tr);
    row.push(text);
    this.#lastLine = row;
  }
}
