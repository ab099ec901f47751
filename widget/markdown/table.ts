/**
 * GFM tables: splitting rows into cells, reading the alignment row, and building the DOM of a row
 * and of the table around the header. The block parser decides when a table starts and ends.
 */
import type { DomWriter } from './dom.js';
import type { InlineOptions } from './inline-tree.js';
import { InlineStream } from './inline-stream.js';

export type Align = 'left' | 'center' | 'right' | undefined;

/** `| :--- | ---: |`: cells of dashes with optional colons, at least one pipe. */
export const DELIMITER_ROW = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/** The alignment of each column from the delimiter row (which holds no escapes: pipes, colons, dashes, blanks). */
export function parseAligns(delimiter: string): Align[] {
  return delimiter
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => {
      const left = /^\s*:/.test(cell);
      const right = /:\s*$/.test(cell);
      return left && right ? 'center' : right ? 'right' : left ? 'left' : undefined;
    });
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
 * A row whose source may arrive in pieces: split into cells as it comes (a leading and a trailing
 * pipe are optional, `\|` is a pipe inside a cell), each cell's content streamed into its
 * `th`/`td`. Cells past the header's are dropped; missing ones stay empty.
 */
export class RowStream {
  readonly tr: HTMLElement;
  readonly #cells: HTMLElement[];
  #cell = -1;
  #stream: InlineStream | undefined;
  /** The current cell has held only blanks so far (they are trimmed). */
  #blank = true;
  /** A backslash at the end of the last piece: it may escape a pipe. */
  #held = '';

  constructor(
    private readonly dom: DomWriter,
    aligns: Align[],
    private readonly options: InlineOptions,
    tag: 'th' | 'td' = 'td',
  ) {
    this.tr = dom.el('tr');
    this.#cells = aligns.map((align) => {
      const cell = dom.el(tag, align ? { align } : undefined);
      this.tr.append(cell);
      return cell;
    });
  }

  /** Adds more of the row's source (which starts without indentation). */
  push(more: string): void {
    let text = this.#held + more;
    this.#held = text.endsWith('\\') ? '\\' : '';
    if (this.#held) text = text.slice(0, -1);
    if (this.#cell < 0) {
      this.#next();
      if (text[0] === '|') text = text.slice(1);
    }
    // `\|` is a pipe inside a cell (NUL cannot occur: the renderer replaced it)
    text
      .replace(/\\\|/g, '\0')
      .split('|')
      .forEach((part, i) => {
        if (i > 0) this.#next();
        this.#add(part.replace(/\0/g, '|'));
      });
    this.#stream?.show();
  }

  /** How many cells the source holds (a header row must have one per column): complete rows only. */
  get count(): number {
    return (this.#blank ? this.#cell : this.#cell + 1) || 1;
  }

  /** The row is complete. */
  end(): void {
    this.#add(this.#held);
    this.#held = '';
    this.#stream?.end(trimEnd);
    this.#stream = undefined;
  }

  /** Ends the current cell and starts the next. */
  #next(): void {
    this.#stream?.end(trimEnd);
    const cell = this.#cells[++this.#cell];
    this.#stream = cell && new InlineStream(cell, this.dom, this.options);
    this.#blank = true;
  }

  #add(text: string): void {
    if (!this.#stream) return;
    // leading blanks of a cell are trimmed
    if (this.#blank) text = text.replace(/^\s+/, '');
    if (text === '') return;
    this.#blank = false;
    this.#stream.push(text);
  }
}

const trimEnd = (text: string): string => text.trimEnd();
