/**
 * Incremental, safe markdown for model text: `MarkdownRenderer` streams it into a container;
 * `sanitize` is the allowlist pass every produced fragment goes through; `safeUrl` is the link
 * and image URL policy.
 */
export { MarkdownRenderer } from './renderer.js';
export type { MarkdownRendererOptions } from './renderer.js';
export type { Work } from './dom.js';
export { sanitize } from './sanitize.js';
export { IMAGE_SCHEMES, LINK_SCHEMES, safeUrl } from './url.js';
