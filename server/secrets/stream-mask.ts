/**
 * Masks secret values in text that arrives in pieces (a model's streamed answer): a value may be
 * split across two pieces, so each piece is sent only up to the last `longest - 1` characters,
 * which wait for the next piece (or the end). The pieces sent join to exactly `mask(whole text)`.
 */
export class StreamMask {
  #pending = '';

  constructor(
    private readonly mask: (text: string) => string,
    /** The longest value `mask` replaces. */
    private readonly longest: number,
  ) {}

  /** The part of the text so far that is safe to send now (may be empty). */
  push(piece: string): string {
    if (this.longest <= 1) return this.mask(piece);
    const masked = this.mask(this.#pending + piece);
    const keep = Math.min(masked.length, this.longest - 1);
    this.#pending = masked.slice(masked.length - keep);
    return masked.slice(0, masked.length - keep);
  }

  /** What is still held back, masked: the end of the text. */
  end(): string {
    const rest = this.mask(this.#pending);
    this.#pending = '';
    return rest;
  }
}
