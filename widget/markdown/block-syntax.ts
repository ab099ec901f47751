/**
 * What the block parser works with: the open blocks it keeps, the line patterns that start
 * blocks, and small scanners over a line's leading columns.
 */
import type { InlineStream } from './inline-stream.js';
import type { Align } from './table.js';

export interface Doc {
  kind: 'doc';
  el: HTMLElement;
  open: Block | undefined;
}
export interface Quote {
  kind: 'quote';
  el: HTMLElement;
  open: Block | undefined;
}
export interface List {
  kind: 'list';
  el: HTMLElement;
  marker: string;
  open: Item | undefined;
}
export interface Item {
  kind: 'item';
  el: HTMLElement;
  /** Column where the item's content starts; continuation lines must be indented this far. */
  indent: number;
  hasContent: boolean;
  open: Block | undefined;
}
export interface Para {
  kind: 'para';
  el: HTMLElement;
  /** Its lines without indentation (a setext underline or a table header needs them whole). */
  lines: string[];
  /** Its inline content as it streams. */
  stream: InlineStream;
}
export interface Fence {
  kind: 'fence';
  el: HTMLElement;
  code: HTMLElement;
  fence: string;
  indent: number;
}
export interface Table {
  kind: 'table';
  el: HTMLElement;
  table: HTMLElement;
  body: HTMLElement | undefined;
  aligns: Align[];
}
export type Container = Doc | Quote | List | Item;
export type Block = Container | Para | Fence | Table;
/** What the last line became, when more text on it can only add to that (see `BlockParser.extendText`). */
export interface OpenLine {
  /** Adds text at the end of the line, shown as parsing the longer line would show it. */
  push(more: string): void;
  /** The line is complete. */
  end?(): void;
}

export const ATX = /^#{1,6}(?=[ \t]|$)/;
export const FENCE_OPEN = /^(`{3,}|~{3,})(.*)$/;
export const FENCE_CLOSE = /^(`{3,}|~{3,})[ \t]*$/;
export const SETEXT = /^(?:=+|-+)[ \t]*$/;
export const HR = /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
export const MARKER = /^(?:([*+-])|(\d{1,9})([.)]))(?=[ \t]|$)/;
/** Deepest nesting of blockquotes and lists (a list and its item count as two). */
export const MAX_DEPTH = 32;

/** Characters that can only be paragraph text: a line holding one can no longer become a marker line. */
export const DECISIVE = /[^ \t=*_|:#>+.)`~0-9-]/;
/** Lines that may open a code fence after their container markers (and a few more). */
export const FENCE_START = /^[ \t>*+.)\d-]*(?:```|~~~)/;

export const isContainer = (b: Block | undefined): b is Quote | List | Item =>
  b !== undefined && (b.kind === 'quote' || b.kind === 'list' || b.kind === 'item');

/** Spaces at `pos`. */
export function indentAt(line: string, pos: number): number {
  let n = 0;
  while (line[pos + n] === ' ') n++;
  return n;
}

/** Whether the line holds only blanks from `pos` on. */
export function isBlank(line: string, pos: number): boolean {
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
export function detab(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  let i = 0;
  for (; i < line.length && (line[i] === ' ' || line[i] === '\t' || line[i] === '>'); i++) {
    out += line[i] === '\t' ? ' '.repeat(4 - (out.length % 4)) : line[i];
  }
  return out + line.slice(i);
}
