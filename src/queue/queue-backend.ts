import type { AgendaBackend } from 'agenda';
import type { Db } from 'mongodb';
import { FairJobRepository, type LockStepDeps } from './fair-job-repository.ts';
import { JOBS_COLLECTION } from './job-lock.ts';

export { JOBS_COLLECTION };

/** Agenda's storage on a connection the worker owns (so Agenda never closes it), with the leased lock step. */
export class QueueBackend implements AgendaBackend {
  readonly name = 'MongoDB (fenced leases, fair per-dataset locking)';
  readonly ownsConnection = false;
  readonly repository: FairJobRepository;

  constructor(queueDb: Db, deps: LockStepDeps) {
    this.repository = new FairJobRepository({ mongo: queueDb, db: { collection: JOBS_COLLECTION } }, deps);
  }

  async connect(): Promise<void> {
    await this.repository.connect();
  }

  async disconnect(): Promise<void> {}
}
