/**
 * Keep-alive pings for many streams from one timer per interval: every quarter of `pingMs` the
 * wheel counts a tick for each stream and pings those that wrote nothing for four ticks, so an idle
 * stream hears something every ¾–1 × `pingMs` and a busy one is never pinged. Thousands of idle
 * streams share one `setInterval` instead of holding one each.
 */

/** A stream the wheel pings. */
export interface Pingable {
  /** Ticks since the stream last wrote; the stream sets it to 0 on each write. */
  idleTicks: number;
  ping(): void;
}

/** Ticks per ping interval. */
const TICKS = 4;

/** The streams sharing one ping interval. */
export class PingWheel {
  readonly #streams = new Set<Pingable>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(readonly pingMs: number) {}

  /** How many streams are on the wheel. */
  get size(): number {
    return this.#streams.size;
  }

  add(stream: Pingable): void {
    stream.idleTicks = 0;
    this.#streams.add(stream);
    this.#timer ??= setInterval(tick, Math.max(1, Math.round(this.pingMs / TICKS)), this);
  }

  delete(stream: Pingable): void {
    this.#streams.delete(stream);
    if (this.#streams.size > 0 || !this.#timer) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One tick: streams idle for a whole interval are pinged. */
  tick(): void {
    for (const stream of this.#streams) {
      if (++stream.idleTicks < TICKS) continue;
      stream.idleTicks = 0;
      stream.ping();
    }
  }
}

// A module function with the wheel as its argument: the interval holds no closure.
function tick(wheel: PingWheel): void {
  wheel.tick();
}

const wheels = new Map<number, PingWheel>();

/** The process's wheel for `pingMs` (streams with the same interval share it). */
export function pingWheel(pingMs: number): PingWheel {
  let wheel = wheels.get(pingMs);
  if (!wheel) wheels.set(pingMs, (wheel = new PingWheel(pingMs)));
  return wheel;
}
