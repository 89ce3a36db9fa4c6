import { ObjectId, type Db } from 'mongodb';
import { JOBS_COLLECTION } from '../queue/queue-backend.ts';
import { SPLITS_JOB_NAME } from '../queue/job-data.ts';

interface ApiJob {
  job: { _id: string; name: string; data?: unknown };
}

/**
 * Rewrites Agendash's job list before it is sent: `splits · <dataset>` as the shown name, and for a job
 * answered by another one `· superseded by <id>` plus `supersededBy` in its data, for a job that ended without
 * computing (its cached answer was current) `· skipped` plus `skipped: true`. Only the list: the sidebar's
 * per-name counts, the filters and the actions still use the stored name.
 */
export async function describeJobs(body: { jobs?: ApiJob[] }, queueDb: Db): Promise<void> {
  const jobs = body.jobs;
  if (!Array.isArray(jobs) || jobs.length === 0) return;
  const ids = jobs
    .map((j) => j.job._id)
    .filter((id) => ObjectId.isValid(id))
    .map((id) => new ObjectId(id));
  const by = await queueDb
    .collection(JOBS_COLLECTION)
    .find({ _id: { $in: ids }, $or: [{ supersededBy: { $exists: true, $ne: null } }, { skipped: true }] }, { projection: { supersededBy: 1, skipped: 1 } })
    .toArray()
    .then(
      (docs) =>
        new Map(docs.map((d) => [String(d._id), { supersededBy: d.supersededBy == null ? undefined : String(d.supersededBy), skipped: d.skipped === true }])),
      () => new Map<string, { supersededBy: string | undefined; skipped: boolean }>(),
    );
  for (const j of jobs) {
    const dataset = (j.job.data as { dataset?: unknown } | undefined)?.dataset;
    if (j.job.name !== SPLITS_JOB_NAME || typeof dataset !== 'string') continue;
    const { supersededBy, skipped } = by.get(j.job._id) ?? { supersededBy: undefined, skipped: false };
    j.job.name = `${SPLITS_JOB_NAME} · ${dataset}${supersededBy ? ` · superseded by ${supersededBy}` : skipped ? ' · skipped' : ''}`;
    if (supersededBy) j.job.data = { ...(j.job.data as object), supersededBy };
    else if (skipped) j.job.data = { ...(j.job.data as object), skipped: true };
  }
}
