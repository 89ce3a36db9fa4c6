import { ObjectId, type Db } from 'mongodb';
import { JOBS_COLLECTION } from '../queue/queue-backend.ts';
import { SPLITS_JOB_NAME } from '../queue/job-data.ts';

interface ApiJob {
  job: { _id: string; name: string; data?: unknown };
}

/**
 * Rewrites Agendash's job list before it is sent: `splits · <dataset>` as the shown name, and for a job
 * answered by another one `· superseded by <id>` plus `supersededBy` in its data. Only the list: the sidebar's
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
    .find({ _id: { $in: ids }, supersededBy: { $exists: true, $ne: null } }, { projection: { supersededBy: 1 } })
    .toArray()
    .then(
      (docs) => new Map(docs.map((d) => [String(d._id), String(d.supersededBy)])),
      () => new Map<string, string>(),
    );
  for (const j of jobs) {
    const dataset = (j.job.data as { dataset?: unknown } | undefined)?.dataset;
    if (j.job.name !== SPLITS_JOB_NAME || typeof dataset !== 'string') continue;
    const supersededBy = by.get(j.job._id);
    j.job.name = `${SPLITS_JOB_NAME} · ${dataset}${supersededBy ? ` · superseded by ${supersededBy}` : ''}`;
    if (supersededBy) j.job.data = { ...(j.job.data as object), supersededBy };
  }
}
