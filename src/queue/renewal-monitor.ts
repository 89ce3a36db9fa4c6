import type { Logger } from '../log/logger.ts';

/** What one lease renewal took, on this process's monotonic clock. */
export interface RenewalTiming {
  jobId: string;
  /** how long after it was planned (a third of the lease after the previous renewal was sent) the renewal was confirmed */
  delayMs: number;
  /** of which the round trip to MongoDB */
  roundTripMs: number;
}

/** What a late renewal is reported with. */
export interface LateRenewal {
  jobId: string;
  /** how long after it was planned the renewal was sent or confirmed (or, when it could not be sent, the lease was given up) */
  delayMs: number;
  /** the lease's time that was left (negative: past) when the renewal was sent, or when it was given up */
  leftMs: number;
  /** the renewal re-took the lease of a run that had computed its answer (the token was still this run's) */
  retaken?: boolean;
}

/**
 * The renewal figures of every lease of a worker. A renewal is planned every third of the lease; the lease
 * survives a renewal confirmed up to two thirds of the lease late, minus the expiry margin (`toleratedDelayMs`). A renewal that
 * could not be sent or confirmed before the lease can no longer be trusted is **late**: it is counted
 * (`worker_lease_renewals_late_total`) and logged at WARN. When a renewal is confirmed more than a third of the
 * half that tolerance later than planned, `WORKER_LOCK_SECONDS` is short for this machine (a loaded event loop, a slow
 * MongoDB, a process paused): a WARN says so once, with the figures and the lease that would hold.
 */
export class RenewalMonitor {
  private warnedShort = false;
  /** the longest delay observed so far */
  worstDelayMs = 0;
  late = 0;

  constructor(
    private readonly opts: {
      leaseMs: number;
      logger: Logger;
      onLate?: () => void;
    },
  ) {}

  /** A renewal was confirmed. */
  observe(t: RenewalTiming): void {
    this.worstDelayMs = Math.max(this.worstDelayMs, t.delayMs);
    this.checkLeaseLength(t.jobId, t.delayMs, t.roundTripMs);
  }

  /** A renewal could not be sent or confirmed while the lease could still be trusted. */
  reportLate(l: LateRenewal): void {
    this.late++;
    this.opts.onLate?.();
    this.worstDelayMs = Math.max(this.worstDelayMs, l.delayMs);
    this.opts.logger.warn(
      {
        jobId: l.jobId,
        delayMs: Math.round(l.delayMs),
        leaseLeftMs: Math.round(l.leftMs),
        leaseMs: this.opts.leaseMs,
        lateRenewals: this.late,
        ...(l.retaken !== undefined ? { retaken: l.retaken } : {}),
      },
      l.retaken
        ? 'lease renewal late: the lease had run out, and was taken again (nobody else had taken the job); the computed answer is kept'
        : 'lease renewal late: it could not be confirmed before the lease ran out (a loaded machine, a slow MongoDB, or this process paused)',
    );
    this.checkLeaseLength(l.jobId, l.delayMs, undefined);
  }

  private checkLeaseLength(jobId: string, delayMs: number, roundTripMs: number | undefined): void {
    const { leaseMs } = this.opts;
    const tolerated = toleratedDelayMs(leaseMs);
    if (this.warnedShort || delayMs <= tolerated / 2) return;
    this.warnedShort = true;
    this.opts.logger.warn(
      {
        jobId,
        WORKER_LOCK_SECONDS: leaseMs / 1000,
        renewalEveryMs: Math.round(leaseMs / 3),
        observedDelayMs: Math.round(delayMs),
        ...(roundTripMs !== undefined ? { roundTripMs: Math.round(roundTripMs) } : {}),
        toleratedDelayMs: Math.round(tolerated),
        suggestedLockSeconds: suggestedLockSeconds(delayMs),
      },
      'WORKER_LOCK_SECONDS is short for the lease renewal delays observed on this machine: leases may run out before they are renewed, and runs be cut off; raise it',
    );
  }
}

/** How late a renewal may be confirmed before the lease can no longer be trusted (see leaseTimings: renewals every third, the margin a sixth, at most 5 s). */
export function toleratedDelayMs(leaseMs: number): number {
  return leaseMs - Math.floor(leaseMs / 3) - Math.min(Math.floor(leaseMs / 6), 5_000);
}

/** A lease that tolerates twice the delay observed (a short lease tolerates half its length). */
export function suggestedLockSeconds(delayMs: number): number {
  return Math.max(1, Math.ceil((4 * delayMs) / 1000));
}
