import type { Db } from 'mongodb';

/**
 * The MongoDB server's clock, as every worker must see it: lock times, lease deadlines, slot expiries and
 * `computation_started_at` all come from here, so a worker whose own clock is minutes off changes nothing.
 *
 * The server's time is read from `hello` (`isMaster` on servers without it), which reports `localTime`;
 * between readings it is extrapolated with this process's monotonic clock, which a change of the wall
 * clock does not move. The reading is taken as the midpoint of the round trip, so its error is at most
 * half a round trip, milliseconds against leases of seconds. A reading whose round trip was slow (the server
 * stalled while answering) would be off by half of it: it is not taken while the one in place came back faster.
 */
export class ServerClock {
  private base: { serverMs: number; monotonicMs: number; rttMs: number } | undefined;
  private lastSync = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Db,
    /** how often the reading is refreshed, to bound the drift between the two clocks */
    private readonly resyncMs = 60_000,
  ) {}

  /** Reads the server's time now (the best of up to three readings); call once before `now()`. */
  async sync(): Promise<void> {
    let best: { serverMs: number; monotonicMs: number; rttMs: number } | undefined;
    for (let i = 0; i < 3 && !(best && best.rttMs <= FAST_READING_MS); i++) {
      const sent = performance.now();
      const reply = await this.hello();
      const received = performance.now();
      const serverMs = reply instanceof Date ? reply.getTime() : Number.NaN;
      if (!Number.isFinite(serverMs)) throw new Error('the MongoDB server reported no localTime in hello/isMaster');
      const reading = { serverMs, monotonicMs: (sent + received) / 2, rttMs: received - sent };
      if (!best || reading.rttMs < best.rttMs) best = reading;
    }
    this.lastSync = performance.now();
    if (this.base && best!.rttMs > Math.max(SLOW_READING_MS, 4 * this.base.rttMs)) return;
    this.base = best;
  }

  /** Refreshes the reading when it is older than `resyncMs` (cheap to call on every poll). */
  async maybeResync(): Promise<void> {
    if (performance.now() - this.lastSync >= this.resyncMs) await this.sync();
  }

  /** The server's time now, in milliseconds. */
  nowMs(): number {
    if (!this.base) throw new Error('ServerClock.sync() must be called before now()');
    return this.base.serverMs + (performance.now() - this.base.monotonicMs);
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  private async hello(): Promise<unknown> {
    const admin = this.db.admin();
    try {
      return (await admin.command({ hello: 1 })).localTime;
    } catch {
      return (await admin.command({ isMaster: 1 })).localTime;
    }
  }
}

/** a reading slower than this (and than 4 × the one in place) is not taken */
const SLOW_READING_MS = 100;
/** a reading this fast is good enough: no more are taken */
const FAST_READING_MS = 4;

/** Milliseconds of this process's monotonic clock (unaffected by changes of the wall clock). */
export function monotonicMs(): number {
  return performance.now();
}
