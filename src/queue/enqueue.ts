import type { Agenda } from 'agenda';
import { parseSplitsJobData, SPLITS_JOB_NAME } from './job-data.ts';

/**
 * The producer side, what other services do: `agenda.now('splits', { dataset })` on the queue database.
 * Every call adds a job; several waiting jobs of one dataset lead to one computation.
 */
export async function enqueueSplitsJob(agenda: Agenda, dataset: string): Promise<string> {
  const data = parseSplitsJobData({ dataset });
  const job = await agenda.now(SPLITS_JOB_NAME, data);
  return String(job.attrs._id);
}
