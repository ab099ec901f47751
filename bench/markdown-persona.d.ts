/**
 * Types for the parts of `@runtypelabs/persona` the markdown benchmark drives directly. The
 * package ships them only as TypeScript sources under `src/` (outside its exports map), so
 * `bench/markdown.ts` maps these ids to those files when it bundles the benchmark page.
 */
declare module 'persona-src/markdown-parsers-eager' {}
declare module 'persona-src/postprocessors' {
  export function createMarkdownProcessor(options?: unknown): (text: string) => string;
}
declare module 'persona-src/sanitize' {
  export function createDefaultSanitizer(): (html: string) => string;
}
declare module 'persona-src/streaming-table' {
  export function stabilizeStreamingTables(markdown: string): string;
}
declare module 'persona-src/morph' {
  export function morphMessages(
    container: HTMLElement,
    next: HTMLElement,
    options?: { preserveTypingAnimation?: boolean },
  ): void;
}
