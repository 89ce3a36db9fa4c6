import type { AgendaBackend, JobRepository } from 'agenda';
import type { Db } from 'mongodb';
import { FairJobRepository, type FairLockOptions, type LockGate } from './fair-job-repository.ts';

export const JOBS_COLLECTION = 'agendaJobs';

/** Agenda's storage on a connection the worker owns (so Agenda never closes it), with the fair lock step. */
export class QueueBackend implements AgendaBackend {
  readonly name = 'MongoDB (fair per-dataset locking)';
  readonly ownsConnection = false;
  readonly repository: JobRepository;

  constructor(queueDb: Db, gate: LockGate, options: FairLockOptions) {
    this.repository = new FairJobRepository({ mongo: queueDb, db: { collection: JOBS_COLLECTION } }, gate, options);
  }

  async connect(): Promise<void> {
    await this.repository.connect();
  }

  async disconnect(): Promise<void> {}
}
