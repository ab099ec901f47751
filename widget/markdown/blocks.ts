/**
 * The block parser: consumes one complete line at a time and keeps the chain of open blocks
 * (document → blockquotes / lists / items → one leaf). A block that leaves the chain is finished:
 * its DOM is never touched again. Code lines and table rows are appended as they complete. The open
 * paragraph is shown as its inline rendering up to a checkpoint plus the rest as plain text; it is
 * re-rendered only when its length passes the next checkpoint (every character while short, then
 * at geometrically spaced lengths), and rendered whole once when it closes. Where it shows depends
 * only on the text, never on how it was cut into chunks, and the work per character stays bounded
 * by a constant whatever the length of the paragraph or of the message.
 *
 * Deliberate limits (each keeps earlier output final): no indented code blocks, no HTML blocks,
 * no reference definitions (all three stay paragraph text); list items always hold block children
 * (`<li><p>…</p></li>`), so a later blank line cannot turn a tight list loose.
 */
import type { DomWriter } from './dom.js';
import { unescapeString } from './entities.js';
import type { InlineOptions } from './inline.js';
import { renderInline } from './inline-dom.js';
import { DELIMITER_ROW, parseAligns, splitRow, tableRow, tableShell, type Align } from './table.js';

interface Doc {
  kind: 'doc';
  el: HTMLElement;
  open: Block | undefined;
}
interface Quote {
  kind: 'quote';
  el: HTMLElement;
  open: Block | undefined;
}
interface List {
  kind: 'list';
  el: HTMLElement;
  marker: string;
  open: Item | undefined;
}
interface Item {
  kind: 'item';
  el: HTMLElement;
  /** Column where the item's content starts; continuation lines must be indented this far. */
  indent: number;
  hasContent: boolean;
  open: Block | undefined;
}
interface Para {
  kind: 'para';
  el: HTMLElement;
  lines: string[];
  /** Length of `lines.join('\n')`. */
  length: number;
  /** Source length rendered inline (-1: none yet), and length shown in all. */
  cut: number;
  shown: number;
  /** Source added since it was last shown. */
  unshown: string;
  /** Source length up to the last character that is not a letter, digit or blank. */
  settled: number;
  /** The text node showing the source past `cut` as plain text. */
  raw: Text | undefined;
}
interface Fence {
  kind: 'fence';
  el: HTMLElement;
  code: HTMLElement;
  fence: string;
  indent: number;
}
interface Table {
  kind: 'table';
  el: HTMLElement;
  table: HTMLElement;
  body: HTMLElement | undefined;
  aligns: Align[];
}
/** A table row being typed: its source so far and how many cells that makes. */
interface Row {
  tr: HTMLElement;
  aligns: Align[];
  text: string;
  cells: number;
}
type Container = Doc | Quote | List | Item;
type Block = Container | Para | Fence | Table;

export interface BlockOptions extends InlineOptions {
  /** Added to every heading level (`#` becomes `h${1 + offset}`), capped at 6. */
  headingOffset: number;
}

const ATX = /^#{1,6}(?=[ \t]|$)/;
const FENCE_OPEN = /^(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^(`{3,}|~{3,})[ \t]*$/;
const SETEXT = /^(?:=+|-+)[ \t]*$/;
const HR = /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const MARKER = /^(?:([*+-])|(\d{1,9})([.)]))(?=[ \t]|$)/;
const LANGUAGE = /^[\w#+.-]{1,32}$/;
/** Deepest nesting of blockquotes and lists (a list and its item count as two). */
const MAX_DEPTH = 32;

/** Below this length the open paragraph is rendered whole on every change. */
const SMALL = 96;
/** Then it is re-rendered every `STEP` characters up to `GEOMETRIC_FROM`, then every time it grows by `GROWTH`. */
const STEP = 32;
const GEOMETRIC_FROM = 512;
const GROWTH = 1.25;

/** The length up to which a paragraph of `n` characters is shown rendered (the rest is plain text). */
export function checkpoint(n: number): number {
  if (n <= SMALL) return n;
  if (n < GEOMETRIC_FROM) return n - (n % STEP);
  let c = GEOMETRIC_FROM;
  for (let next = Math.ceil(c * GROWTH); next <= n; next = Math.ceil(c * GROWTH)) c = next;
  return c;
}

/**
 * Where the open paragraph's rendered part ends. A short paragraph is rendered up to its last
 * character that could be markup (anything but letters, digits and blanks): a tail of words cannot
 * change how the text before it renders, so it is shown as plain text until markup arrives. A
 * longer one is rendered at checkpoints. Either way the cut depends only on the text.
 */
function cutOf(para: Para): number {
  return para.length <= SMALL ? para.settled : checkpoint(para.length);
}

/** Index after the last character of `text` that is not a letter, digit, space or tab (0: none). */
function lastMarkup(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    const letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
    if (!letter && !(c >= 0x30 && c <= 0x39) && c !== 0x20 && c !== 0x09) return i + 1;
  }
  return 0;
}

/** Characters that can only be paragraph text: a line holding one can no longer become a marker line. */
export const DECISIVE = /[^ \t=*_|:#>+.)`~0-9-]/;

const isContainer = (b: Block | undefined): b is Quote | List | Item =>
  b !== undefined && (b.kind === 'quote' || b.kind === 'list' || b.kind === 'item');

function indentAt(line: string, pos: number): number {
  let n = 0;
  while (line[pos + n] === ' ') n++;
  return n;
}

function isBlank(line: string, pos: number): boolean {
  for (let i = pos; i < line.length; i++) if (line[i] !== ' ' && line[i] !== '\t') return false;
  return true;
}

/** Drops trailing spaces and tabs (a loop: a regex anchored at the end can go quadratic on long runs). */
export function trimEndBlank(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return text.slice(0, end);
}

/** Leading tabs become spaces (tab stop 4), so indentation can be counted in columns. */
function detab(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  let i = 0;
  for (; i < line.length && (line[i] === ' ' || line[i] === '\t' || line[i] === '>'); i++) {
    out += line[i] === '\t' ? ' '.repeat(4 - (out.length % 4)) : line[i];
  }
  return out + line.slice(i);
}

export class BlockParser {
  readonly #doc: Doc;
  /** The open paragraph, shown as it streams and not yet rendered whole. */
  #dirty: Para | undefined;
  /** The paragraph the last line went into, when that line can only ever be its text. */
  #textLine: Para | undefined;
  /** The table row the last line became (and its source), when that line can only ever be a row. */
  #rowLine: Row | undefined;
  /** The code line the last line became, when it can never close its fence. */
  #codeLine: Text | undefined;

  constructor(
    private readonly dom: DomWriter,
    root: HTMLElement,
    private readonly options: BlockOptions,
  ) {
    this.#doc = { kind: 'doc', el: root, open: undefined };
  }

  /** Consumes one complete line (without its line ending). */
  line(raw: string): void {
    this.#textLine = undefined;
    this.#rowLine = undefined;
    this.#codeLine = undefined;
    this.#line(raw);
    // a paragraph that left the open chain is finished: render it whole, once
    const dirty = this.#dirty;
    if (dirty && this.#leaf() !== dirty) this.#finish(dirty);
  }

  #leaf(): Block | undefined {
    let leaf: Block | undefined = this.#doc.open;
    while (isContainer(leaf)) leaf = leaf.open;
    return leaf;
  }

  #line(raw: string): void {
    this.dom.work.chars += raw.length;
    const line = detab(raw);
    let pos = 0;
    let depth = 0;
    let matched: Container = this.#doc;
    let next: Block | undefined = this.#doc.open;
    // 1. Which open containers does this line continue?
    while (isContainer(next)) {
      if (next.kind === 'quote') {
        const indent = indentAt(line, pos);
        if (indent > 3 || line[pos + indent] !== '>') break;
        pos += indent + 1;
        if (line[pos] === ' ') pos++;
        matched = next;
        next = next.open;
        depth++;
        continue;
      }
      const item = next.kind === 'list' ? next.open : next;
      if (!item) break;
      const blank = isBlank(line, pos);
      if (blank ? !item.hasContent : indentAt(line, pos) < item.indent) break;
      pos = blank ? line.length : pos + item.indent;
      matched = item;
      next = item.open;
      depth += 2;
    }
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
        const code = this.dom.text(`${line.slice(pos + strip)}\n`);
        this.dom.append(next.code, code);
        if (DECISIVE.test(line)) this.#codeLine = code;
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
        target = this.#open(target, { kind: 'quote', el: this.dom.el('blockquote'), open: undefined });
        pos = at + 1;
        if (line[pos] === ' ') pos++;
        continue;
      }
      const atx = c === '#' ? ATX.exec(rest) : null;
      if (atx) {
        closeUnmatched();
        this.#heading(target, atx[0].length, rest.slice(atx[0].length));
        return;
      }
      const fence = c === '`' || c === '~' ? FENCE_OPEN.exec(rest) : null;
      if (fence && !(c === '`' && fence[2]!.includes('`'))) {
        closeUnmatched();
        this.#fence(target, fence[1]!, indent, fence[2]!);
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
        this.#append(target, this.dom.el('hr'));
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
          const el = this.dom.el(ordered ? 'ol' : 'ul');
          const start = ordered ? Number.parseInt(marker[2]!, 10) : 1;
          if (start !== 1) el.setAttribute('start', String(start));
          this.#open(target, { kind: 'list', el, marker: kind, open: undefined });
        }
        const list = target.open as List;
        const item: Item = {
          kind: 'item',
          el: this.dom.el('li'),
          indent: indent + marker[0].length + gap,
          hasContent: false,
          open: undefined,
        };
        this.dom.append(list.el, item.el);
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
      this.#addLine(leaf, text, line);
      return;
    }
    closeUnmatched();
    const open = target.open;
    if (open?.kind === 'para') return this.#addLine(open, text, line);
    if (open?.kind === 'table') return this.#row(open, text, line);
    this.#close(target);
    const para: Para = {
      kind: 'para',
      el: this.dom.el('p'),
      lines: [],
      length: 0,
      cut: -1,
      shown: 0,
      unshown: '',
      settled: 0,
      raw: undefined,
    };
    this.#open(target, para);
    this.#addLine(para, text, line);
  }

  /** Shows what the open paragraph gained since it was last shown. */
  flush(): void {
    const para = this.#dirty;
    if (!para) return;
    const cut = cutOf(para);
    if (cut !== para.cut) {
      const source = para.lines.join('\n');
      const nodes = renderInline(trimEndBlank(source.slice(0, cut)), this.dom, this.options);
      para.raw = cut < para.length ? this.dom.text(source.slice(cut)) : undefined;
      if (para.raw) nodes.push(para.raw);
      this.dom.fill(para.el, nodes);
      para.cut = cut;
    } else if (para.unshown !== '') {
      this.dom.work.chars += para.unshown.length;
      if (para.raw) this.dom.extend(para.raw, para.unshown);
      else this.dom.append(para.el, (para.raw = this.dom.text(para.unshown)));
    }
    para.shown = para.length;
    para.unshown = '';
  }

  /** The text is complete: the open paragraph is rendered whole. */
  finish(): void {
    if (this.#dirty) this.#finish(this.#dirty);
  }

  /**
   * Adds `more` to the end of the last line when that line can only be paragraph text, a table
   * row or a code line: exactly
   * what parsing the longer line would show, without parsing it again. Costs `more` until the
   * paragraph's cut moves (see `cutOf`). Returns false when the line has to be parsed again.
   */
  extendText(more: string): boolean {
    if (this.#rowLine) return this.#extendRow(this.#rowLine, more);
    if (this.#codeLine) {
      this.dom.work.chars += more.length;
      this.dom.extend(this.#codeLine, more, this.#codeLine.length - 1);
      return true;
    }
    const para = this.#textLine;
    if (!para || para !== this.#dirty || para.shown !== para.length) return false;
    para.lines[para.lines.length - 1] += more;
    this.#grow(para, more);
    this.flush();
    return true;
  }

  /** More text on a row: only its last cells are rendered again (text cannot remove a pipe). */
  #extendRow(row: Row, more: string): boolean {
    row.text += more;
    // once a cell past the header's has begun, every shown cell is final
    if (row.cells > row.aligns.length) return true;
    const from = row.cells - 1;
    const cells = splitRow(row.text);
    row.cells = cells.length;
    this.dom.work.chars += row.text.length;
    for (let i = from; i < Math.min(cells.length, row.aligns.length); i++)
      this.dom.fill(row.tr.children[i]!, renderInline(cells[i]!, this.dom, this.options));
    return true;
  }

  #grow(para: Para, piece: string): void {
    const markup = lastMarkup(piece);
    if (markup > 0) para.settled = para.length + markup;
    para.length += piece.length;
    para.unshown += piece;
  }

  /**
   * Saves the open chain (the only state a line can change) and returns a function that puts it
   * back. Costs the depth of the chain.
   */
  snapshot(): () => void {
    const saved: Array<[Block, Block, number, string | undefined]> = [];
    for (let b: Block | undefined = this.#doc; b; b = 'open' in b ? b.open : undefined) {
      // a line only pushes onto, pops or extends the end of a paragraph's lines
      const lines = b.kind === 'para' ? b.lines : undefined;
      saved.push([b, { ...b }, lines?.length ?? 0, lines?.[lines.length - 1]]);
    }
    const dirty = this.#dirty;
    const textLine = this.#textLine;
    const rowLine = this.#rowLine;
    const codeLine = this.#codeLine;
    return () => {
      for (const [block, copy, count, last] of saved) {
        Object.assign(block, copy);
        if (block.kind === 'para') {
          block.lines.length = count;
          if (count > 0) block.lines[count - 1] = last!;
        }
      }
      this.#dirty = dirty;
      this.#textLine = textLine;
      this.#rowLine = rowLine;
      this.#codeLine = codeLine;
    };
  }

  #finish(para: Para): void {
    if (this.#dirty === para) this.#dirty = undefined;
    this.dom.fill(para.el, renderInline(trimEndBlank(para.lines.join('\n')), this.dom, this.options));
  }

  #addLine(para: Para, text: string, line: string): void {
    if (this.#dirty && this.#dirty !== para) this.#finish(this.#dirty);
    para.lines.push(text);
    this.#grow(para, para.lines.length > 1 ? `\n${text}` : text);
    this.#dirty = para;
    this.#textLine = DECISIVE.test(line) ? para : undefined;
  }

  /** Ends the open child of `target` (finished blocks keep their DOM as it is). */
  #close(target: Container): void {
    target.open = undefined;
  }

  #append(target: Container, el: HTMLElement): void {
    if (target.kind === 'item') target.hasContent = true;
    this.dom.append(target.el, el);
  }

  #open<B extends Block>(target: Container, block: B): B {
    this.#close(target);
    this.#append(target, block.el);
    (target as { open: Block | undefined }).open = block;
    return block;
  }

  #headingTag(level: number): 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6' {
    return `h${Math.min(6, Math.max(1, level + this.options.headingOffset))}` as 'h1';
  }

  #heading(target: Container, level: number, content: string): void {
    this.#close(target);
    // an optional closing sequence of `#`s (after a space) is not part of the text
    let text = content.trim();
    let end = text.length;
    while (end > 0 && text[end - 1] === '#') end--;
    if (end === 0) text = '';
    else if (text[end - 1] === ' ' || text[end - 1] === '\t') text = text.slice(0, end).trimEnd();
    const h = this.dom.el(this.#headingTag(level));
    h.append(...renderInline(text, this.dom, this.options));
    this.#append(target, h);
  }

  #setext(target: Container, para: Para, level: number): void {
    if (this.#dirty === para) this.#dirty = undefined;
    const h = this.dom.el(this.#headingTag(level));
    h.append(...renderInline(para.lines.join('\n').trim(), this.dom, this.options));
    this.dom.replace(para.el, h);
    this.#close(target);
  }

  #fence(target: Container, fence: string, indent: number, info: string): void {
    const code = this.dom.el('code');
    const language = unescapeString(info.trim()).split(/\s/, 1)[0] ?? '';
    if (LANGUAGE.test(language)) code.setAttribute('class', `language-${language}`);
    const pre = this.dom.el('pre');
    pre.append(code);
    this.#open(target, { kind: 'fence', el: pre, code, fence, indent });
  }

  /** Turns the paragraph's last line into a table header when `delimiter` matches it. */
  #table(target: Container, para: Para, delimiter: string): boolean {
    const header = splitRow(para.lines[para.lines.length - 1]!);
    const aligns = parseAligns(delimiter);
    if (header.length !== aligns.length) return false;
    para.lines.pop();
    if (para.lines.length === 0) {
      if (this.#dirty === para) this.#dirty = undefined;
      this.dom.remove(para.el);
    } else this.#finish(para);
    const { wrap, table } = tableShell(this.dom, tableRow(this.dom, 'th', header, aligns, this.options));
    this.#open(target, { kind: 'table', el: wrap, table, body: undefined, aligns });
    return true;
  }

  #row(table: Table, text: string, line: string): void {
    if (!table.body) {
      table.body = this.dom.el('tbody');
      this.dom.append(table.table, table.body);
    }
    const all = splitRow(text);
    const cells = all.slice(0, table.aligns.length);
    while (cells.length < table.aligns.length) cells.push('');
    const tr = tableRow(this.dom, 'td', cells, table.aligns, this.options);
    this.dom.append(table.body, tr);
    if (DECISIVE.test(line)) this.#rowLine = { tr, aligns: table.aligns, text, cells: all.length };
  }
}
