import type { Logger } from '../log/logger.ts';
import type { HeldLock, JobsCollection } from './job-lock.ts';
import { renewJobLease } from './renew-job-lease.ts';
import { DeadlineReachedError, LeaseLostError, ShutdownError } from './queue-errors.ts';
import { monotonicMs, type ServerClock } from './server-clock.ts';
import type { RenewalMonitor } from './renewal-monitor.ts';

export interface JobLeaseDeps {
  jobs: JobsCollection;
  clock: ServerClock;
  logger: Logger;
  /** the worker's renewal figures: late renewals and a too-short lease are reported there */
  renewals?: RenewalMonitor;
}

export interface JobLeaseTimings {
  leaseMs: number;
  /** renewals run this often (a third of the lease) */
  renewEveryMs: number;
  /** the computation is aborted this long before the deadline, so the typed error is written inside the lease */
  deadlineMarginMs: number;
  /** the computation is aborted when its lease is not confirmed this long before it ends */
  expiryMarginMs: number;
}

/** The timings that follow from a lease's length. */
export function leaseTimings(leaseMs: number): JobLeaseTimings {
  return {
    leaseMs,
    renewEveryMs: Math.max(20, Math.floor(leaseMs / 3)),
    deadlineMarginMs: Math.min(Math.floor(leaseMs / 3), 10_000),
    expiryMarginMs: Math.min(Math.floor(leaseMs / 6), 5_000),
  };
}

/**
 * A held job lock while its computation runs: renews the job's lease (and so its dataset slot, a field of the
 * same document) every third of the lease, fenced by the lock's token, never past the deadline; and aborts
 * `signal` when the computation must
 * stop: the lock was taken by another worker (LeaseLostError 'lost'), the lease could not be confirmed before
 * it ends, e.g. MongoDB away or this process paused (LeaseLostError 'unconfirmed'), the deadline is near
 * (DeadlineReachedError), or the worker is stopping past its grace period (ShutdownError).
 *
 * How long the lease surely lasts is tracked on this process's monotonic clock from the moment each renewal
 * was sent, so neither this machine's wall clock nor a slow answer can make it look longer than it is.
 *
 * Once the computation is over (`computationDone`), a lease that ran out no longer aborts the run: the run's
 * next write first re-takes it with a renewal fenced by the token. The token is changed or cleared by whoever
 * takes the job over (the recovery's writes are fenced on the very lease they saw expired), so a renewal that
 * still matches proves nobody took the job, and holds it again for a whole lease: a late renewal does not cost
 * a computed answer. When the token is gone, the lease is lost, and the run writes nothing, as before.
 */
export class JobLease {
  private readonly controller = new AbortController();
  readonly signal: AbortSignal = this.controller.signal;
  /** monotonic time until which the lease surely holds */
  private holdsUntil: number;
  private progress: number | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private renewal: Promise<boolean> = Promise.resolve(true);
  /** monotonic time the last renewal was sent (or the lock taken): the next is planned a third of the lease after it */
  private lastSent: number;
  /** the `holdsUntil` whose running out was reported late already */
  private reportedLateFor: number | undefined;
  /** the computation is over: an unconfirmed lease is re-taken by the next write instead of aborting the run */
  private finishing = false;
  private readonly onShutdown = () => this.abort(new ShutdownError('the worker is stopping and its grace period is over'));

  constructor(
    private readonly deps: JobLeaseDeps,
    readonly lock: HeldLock,
    private readonly timings: JobLeaseTimings,
    private readonly shutdown: AbortSignal,
  ) {
    const expiry = Math.min(lock.lockedAt.getTime() + timings.leaseMs, lock.deadlineAt.getTime());
    const now = monotonicMs();
    this.holdsUntil = now + (expiry - deps.clock.nowMs());
    this.lastSent = now - (deps.clock.nowMs() - lock.lockedAt.getTime());
  }

  /**
   * The computation is over: what is left is writing its answer and its end. From now on a lease that could not
   * be confirmed in time is re-taken by the next write (a renewal fenced by the token) instead of aborting the run.
   */
  computationDone(): void {
    this.finishing = true;
  }

  start(): void {
    if (this.shutdown.aborted) this.onShutdown();
    this.shutdown.addEventListener('abort', this.onShutdown, { once: true });
    this.renewTimer = setInterval(() => void this.renew(), this.timings.renewEveryMs);
    const untilDeadline = this.lock.deadlineAt.getTime() - this.timings.deadlineMarginMs - this.deps.clock.nowMs();
    this.deadlineTimer = setTimeout(
      () => this.abort(new DeadlineReachedError('the job reached its maximum duration (WORKER_MAX_JOB_DURATION_SECONDS)')),
      clampTimer(untilDeadline),
    );
    this.armExpiryTimer();
  }

  stop(): void {
    clearInterval(this.renewTimer);
    clearTimeout(this.expiryTimer);
    clearTimeout(this.deadlineTimer);
    this.shutdown.removeEventListener('abort', this.onShutdown);
  }

  setProgress(pct: number): void {
    this.progress = Math.max(0, Math.min(100, Math.round(pct)));
  }

  /** Renews now; false when the lease is lost (the signal is then aborted). Renewals never overlap. */
  renew(): Promise<boolean> {
    this.renewal = this.renewal.then(() => this.renewOnce());
    return this.renewal;
  }

  /**
   * Runs a write only while the lease holds. When the lease surely lasts a good while yet (a third of it, past
   * the margin), nobody can have taken the job, and the write goes at once; closer to its end, the lease is
   * confirmed first by a fenced renewal. Throws the loss when the lease is gone. A write that lands late (this
   * process paused between the check and the write) is ordered by the lock's start time where it matters (the
   * cache keeps the newest computation's answer).
   */
  async guard<T>(write: () => Promise<T>): Promise<T> {
    this.assertHeld();
    const comfortable = this.holdsUntil - monotonicMs() > this.timings.expiryMarginMs + this.timings.leaseMs / 3;
    if (!comfortable && (!(await this.renew()) || this.lost)) {
      // A finishing run whose lease could not be re-taken (MongoDB away): it writes nothing more, as a computing one.
      if (!this.lost) this.abort(new LeaseLostError('the lease could not be renewed before it ends (MongoDB away, or this process paused)', 'unconfirmed'));
      throw this.lost ?? new LeaseLostError('the lease is lost', 'lost');
    }
    return write();
  }

  /** Throws the loss when the lease is lost or can no longer be confirmed in time: a synchronous check, no command. */
  assertHeld(): void {
    this.checkExpiry();
    if (this.lost) throw this.lost;
  }

  /** set when the lease is known lost or could not be confirmed: nothing may be written any more */
  lost: LeaseLostError | undefined;

  lostOrExpired(): boolean {
    return this.lost !== undefined;
  }

  private async renewOnce(): Promise<boolean> {
    // A computing run whose lease ran out (its timer not fired yet, after a freeze) is aborted, not renewed.
    this.checkExpiry();
    if (this.lostOrExpired()) return false;
    const sent = monotonicMs();
    const planned = this.lastSent + this.timings.renewEveryMs;
    const trustedUntil = this.holdsUntil - this.timings.expiryMarginMs;
    // Sent when the lease can no longer be trusted: only a finishing run gets here (a computing one was aborted).
    const retaking = sent >= trustedUntil;
    const serverNow = this.deps.clock.nowMs();
    const expiresAt = new Date(Math.min(serverNow + this.timings.leaseMs, this.lock.deadlineAt.getTime()));
    try {
      const held = await renewJobLease(this.deps.jobs, this.lock, {
        leaseExpiresAt: expiresAt,
        ...(this.progress !== undefined ? { progress: this.progress } : {}),
      });
      const confirmed = monotonicMs();
      this.lastSent = sent;
      if (retaking || confirmed >= trustedUntil) {
        this.reportLate({
          delayMs: Math.max(0, confirmed - planned),
          leftMs: trustedUntil + this.timings.expiryMarginMs - sent,
          retaken: retaking ? held : undefined,
        });
      } else {
        this.deps.renewals?.observe({ jobId: this.lock.jobId.toHexString(), delayMs: Math.max(0, confirmed - planned), roundTripMs: confirmed - sent });
      }
      if (!held) {
        this.abort(new LeaseLostError('another worker holds this job now: its lease had expired', 'lost'));
        return false;
      }
      if (this.lostOrExpired()) return false;
      this.holdsUntil = sent + (expiresAt.getTime() - serverNow);
      this.armExpiryTimer();
      return true;
    } catch (err) {
      this.deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'lease renewal failed; trying again');
      return !this.lostOrExpired() && monotonicMs() < this.holdsUntil - this.timings.expiryMarginMs;
    }
  }

  /**
   * Aborts now if the lease can no longer be confirmed in time, without waiting for the timer: a process thawed
   * after a freeze runs its pending I/O callbacks before its timers, so the timer alone would come too late
   * for whatever those callbacks start.
   */
  checkExpiry(): void {
    const now = monotonicMs();
    if (this.lost || now < this.holdsUntil - this.timings.expiryMarginMs) return;
    // A finishing run is not aborted: its next write re-takes the lease if the job is still its own.
    if (this.finishing) return;
    this.reportLate({ delayMs: Math.max(0, now - (this.lastSent + this.timings.renewEveryMs)), leftMs: this.holdsUntil - now });
    this.abort(new LeaseLostError('the lease could not be renewed before it ends (MongoDB away, or this process paused)', 'unconfirmed'));
  }

  /** Reports a renewal that could not be confirmed in time, once per lease period. */
  private reportLate(late: { delayMs: number; leftMs: number; retaken?: boolean | undefined }): void {
    if (this.reportedLateFor === this.holdsUntil) return;
    this.reportedLateFor = this.holdsUntil;
    this.deps.renewals?.reportLate({
      jobId: this.lock.jobId.toHexString(),
      delayMs: late.delayMs,
      leftMs: late.leftMs,
      ...(late.retaken !== undefined ? { retaken: late.retaken } : {}),
    });
  }

  private armExpiryTimer(): void {
    clearTimeout(this.expiryTimer);
    const wait = this.holdsUntil - this.timings.expiryMarginMs - monotonicMs();
    this.expiryTimer = setTimeout(() => {
      this.checkExpiry();
      // A finishing run past its lease waits for its next write to re-take it: no timer spinning meanwhile.
      if (!this.lost && !(this.finishing && monotonicMs() >= this.holdsUntil - this.timings.expiryMarginMs)) this.armExpiryTimer();
    }, clampTimer(wait));
  }

  private abort(reason: Error): void {
    // A loss is remembered even when the signal was aborted before for another reason (deadline, shutdown):
    // whatever was under way must not write any more.
    if (reason instanceof LeaseLostError) this.lost ??= reason;
    if (!this.signal.aborted) this.controller.abort(reason);
  }
}

function clampTimer(ms: number): number {
  return Math.max(0, Math.min(ms, 2 ** 31 - 1));
}
