/**
 * GFM tables: splitting rows into cells, reading the alignment row, and building the DOM of a row
 * and of the table around the header. The block parser decides when a table starts and ends.
 */
import type { DomWriter } from './dom.js';
import type { InlineOptions } from './inline.js';
import { renderInline } from './inline-dom.js';
import { InlineStream } from './inline-stream.js';

export type Align = 'left' | 'center' | 'right' | undefined;

/** `| :--- | ---: |`: cells of dashes with optional colons, at least one pipe. */
export const DELIMITER_ROW = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/** Splits a table row into cell sources; `\|` is a literal pipe. */
export function splitRow(row: string): string[] {
  let text = row.trim();
  if (text.startsWith('|')) text = text.slice(1);
  if (text.endsWith('|') && !text.endsWith('\\|')) text = text.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (c === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

/** The alignment of each column from the delimiter row. */
export function parseAligns(delimiter: string): Align[] {
  return splitRow(delimiter).map((cell) => {
    const left = cell.startsWith(':');
    const right = cell.endsWith(':');
    return left && right ? 'center' : right ? 'right' : left ? 'left' : undefined;
  });
}

/** One `<tr>` of `th` or `td` cells, their markdown rendered inline. */
export function tableRow(
  dom: DomWriter,
  tag: 'th' | 'td',
  cells: string[],
  aligns: Align[],
  options: InlineOptions,
): HTMLElement {
  const tr = dom.el('tr');
  cells.forEach((source, i) => {
    const cell = dom.el(tag);
    const align = aligns[i];
    if (align) cell.setAttribute('align', align);
    cell.append(...renderInline(source, dom, options));
    tr.append(cell);
  });
  return tr;
}

/**
 * The table with its header row, inside a wrapper that scrolls sideways. The wrapper is focusable
 * (keyboard scrolling) and, when the header has text, a region named after the column headings.
 */
export function tableShell(dom: DomWriter, header: HTMLElement): { wrap: HTMLElement; table: HTMLElement } {
  const table = dom.el('table');
  const head = dom.el('thead');
  head.append(header);
  table.append(head);
  const wrap = dom.el('div', { class: 'md-table', tabindex: '0' });
  const label = Array.from(header.children, (th) => (th.textContent ?? '').trim())
    .filter((text) => text !== '')
    .join(', ');
  if (label) {
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('aria-label', label.slice(0, 200));
  }
  wrap.append(table);
  return { wrap, table };
}

/**
 * A body row whose source may arrive in pieces: split into cells as it comes (the same rules as
 * `splitRow`), each cell's content streamed into its `td`. Cells past the header's are dropped;
 * missing ones stay empty.
 */
export class RowStream {
  readonly tr: HTMLElement;
  readonly #cells: HTMLElement[] = [];
  #cell = -1;
  #stream: InlineStream | undefined;
  /** The current cell has held only blanks so far (they are trimmed). */
  #blank = true;
  /** The last character was a backslash: `\|` is a literal pipe. */
  #escape = false;

  constructor(
    private readonly dom: DomWriter,
    aligns: Align[],
    private readonly options: InlineOptions,
  ) {
    this.tr = dom.el('tr');
    for (const align of aligns) {
      const td = dom.el('td');
      if (align) td.setAttribute('align', align);
      this.tr.append(td);
      this.#cells.push(td);
    }
  }

  /** Adds more of the row's source (which starts without indentation). */
  push(text: string): void {
    let i = 0;
    if (this.#cell < 0) {
      this.#next();
      if (text[0] === '|') i = 1;
    }
    let start = i;
    for (; i < text.length; i++) {
      const c = text[i];
      if (this.#escape) {
        this.#escape = false;
        if (c === '|') {
          this.#add('|');
          start = i + 1;
          continue;
        }
        this.#add('\\');
      }
      if (c === '\\') {
        this.#add(text.slice(start, i));
        this.#escape = true;
        start = i + 1;
      } else if (c === '|') {
        this.#add(text.slice(start, i));
        this.#stream?.end(trimEnd);
        this.#next();
        start = i + 1;
      }
    }
    this.#add(text.slice(start));
    this.#stream?.show();
  }

  /** The row is complete. */
  end(): void {
    if (this.#escape) this.#add('\\');
    this.#escape = false;
    this.#stream?.end(trimEnd);
    this.#stream = undefined;
  }

  #next(): void {
    this.#cell++;
    const td = this.#cells[this.#cell];
    this.#stream = td ? new InlineStream(td, this.dom, this.options) : undefined;
    this.#blank = true;
  }

  #add(text: string): void {
    if (!this.#stream || text === '') return;
    let from = 0;
    if (this.#blank) {
      while (from < text.length && BLANK.test(text[from]!)) from++;
      if (from === text.length) return;
      this.#blank = false;
    }
    this.#stream.push(from === 0 ? text : text.slice(from));
  }
}

const BLANK = /\s/;
const trimEnd = (text: string): string => text.trimEnd();
