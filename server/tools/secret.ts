/**
 * A secret value that does not print: `String()`, `JSON.stringify` and `util.inspect` all show
 * `[secret]`. Only {@link Secret.reveal} gives the value, and only request builders call it.
 */
import { inspect } from 'node:util';

const SHOWN = '[secret]';

/** A secret read from the environment; prints as `[secret]` everywhere. */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The value itself: only where an outgoing request is built. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return SHOWN;
  }

  toJSON(): string {
    return SHOWN;
  }

  [inspect.custom](): string {
    return SHOWN;
  }
}

/** `text` with every occurrence of each secret's value replaced by `[secret]` (an upstream may echo them). */
export function redact(text: string, secrets: Iterable<Secret>): string {
  let out = text;
  for (const secret of secrets) {
    const value = secret.reveal();
    if (value.length > 0) out = out.split(value).join(SHOWN);
  }
  return out;
}
