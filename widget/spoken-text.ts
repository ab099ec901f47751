/**
 * What a screen reader should hear for a rendered message: its text as the shopper sees it, with
 * blocks (paragraphs, list items, table cells, headings) kept apart by a space — never the
 * markdown source (`**`, `|`, `#`).
 */

/** Elements whose text is a block of its own. */
const BLOCK = /^(p|li|h[1-6]|tr|td|th|pre|blockquote|ul|ol|table|div|br|dt|dd)$/;

/** The plain text of `root` (an element or a shadow root), blocks separated, whitespace folded. */
export function spokenText(root: Node): string {
  const parts: string[] = [];
  const walk = (node: Node): void => {
    if (node.nodeType === Node.TEXT_NODE) {
      parts.push(node.nodeValue ?? '');
      return;
    }
    const name = node.nodeType === Node.ELEMENT_NODE ? (node as Element).localName : '';
    if (name === 'style' || name === 'script' || name === 'template') return;
    const block = BLOCK.test(name);
    if (block) parts.push(' ');
    node.childNodes.forEach(walk);
    if (block) parts.push(' ');
  };
  walk(root);
  return parts.join('').replace(/\s+/g, ' ').trim();
}
