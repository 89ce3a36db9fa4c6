import type { HeldLock } from './job-lock.ts';
import type { Candidate } from './lock-next-job.ts';

export interface HeldJob {
  lock: HeldLock;
  /** the dataset (or other group) the job belongs to, when its data names one */
  group: string | undefined;
  /** other due jobs of the same dataset were waiting when it was locked: its run answers them */
  othersWaiting: boolean;
  running: boolean;
  /** its computation is over and it only writes its end: it no longer takes a place of the worker's concurrency */
  finishing?: boolean;
  /** it runs alone: nothing else is locked while it is held (see death-charge.ts) */
  alone?: boolean;
}

/** The job locks this worker holds, from the lock step to the end of the run: its capacity is counted here. */
export class HeldLocks {
  private readonly jobs = new Map<string, HeldJob>();
  /**
   * A due job that must run alone, found while this worker held others: the worker locks nothing else until it
   * holds nothing, then tries that job first (see FairJobRepository.lockNext).
   */
  wantedAlone: Candidate | undefined;

  add(job: HeldJob): void {
    this.jobs.set(job.lock.jobId.toHexString(), job);
  }

  get(jobId: string): HeldJob | undefined {
    return this.jobs.get(jobId);
  }

  take(jobId: string): HeldJob | undefined {
    const job = this.jobs.get(jobId);
    this.jobs.delete(jobId);
    return job;
  }

  get size(): number {
    return this.jobs.size;
  }

  /** held jobs that take a place of the worker's concurrency: locked, or running and not yet finishing */
  get busyCount(): number {
    let n = 0;
    for (const j of this.jobs.values()) if (!j.finishing) n++;
    return n;
  }

  get runningCount(): number {
    let n = 0;
    for (const j of this.jobs.values()) if (j.running) n++;
    return n;
  }

  /** a held job runs alone: nothing else may be locked */
  holdsAlone(): boolean {
    for (const j of this.jobs.values()) if (j.alone) return true;
    return false;
  }

  /** the groups (datasets) of the jobs held, one per job */
  *groups(): Iterable<string> {
    for (const j of this.jobs.values()) if (j.group !== undefined) yield j.group;
  }

  notRunning(): HeldJob[] {
    return [...this.jobs.values()].filter((j) => !j.running);
  }
}
