/**
 * The first step of parsing a line: which of the open blockquotes and list items it continues
 * (their markers or indentation), and where its own content starts.
 */
import { indentAt, isBlank, isContainer, type Block, type Container, type Doc } from './block-syntax.js';

export interface Continued {
  /** Column after the continued containers' markers. */
  pos: number;
  /** Nesting depth reached (a list and its item count as two). */
  depth: number;
  /** The innermost container the line continues. */
  matched: Container;
  /** Its open child (a container the line does not continue, or the leaf). */
  next: Block | undefined;
}

/** Walks the open chain from `doc` as far as `line` continues it. */
export function matchContainers(doc: Doc, line: string): Continued {
  let pos = 0;
  let depth = 0;
  let matched: Container = doc;
  let next: Block | undefined = doc.open;
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
  return { pos, depth, matched, next };
}
