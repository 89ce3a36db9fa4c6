import http from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { createExpressMiddleware } from 'agendash';
import { ObjectId, type Db } from 'mongodb';
import { JOBS_COLLECTION } from '../queue/queue-backend.ts';
import { SPLITS_JOB_NAME } from '../queue/job-data.ts';

/** Agendash's API calls that change the queue. */
const WRITES = new Set(['/api/jobs/requeue', '/api/jobs/retry', '/api/jobs/delete', '/api/jobs/create', '/api/jobs/pause', '/api/jobs/resume']);
/** The ones allowed with allowWrites: put a job back, or remove it. Creating, pausing and resuming jobs stay off. */
const ALLOWED_WRITES = new Set(['/api/jobs/requeue', '/api/jobs/retry', '/api/jobs/delete']);

export interface DashboardOptions {
  queueDb: Db;
  port: number;
  host: string;
  /** requeue, retry and delete jobs from the page; read-only otherwise */
  allowWrites: boolean;
}

/**
 * Agendash (the Agenda project's queue UI) on the queue database, read-only unless allowWrites. It borrows the
 * connection (the caller closes it) and never starts Agenda's processing: it shows and edits jobs, never runs them.
 * One addition: the job list names each job's dataset, and a job answered by another job's computation
 * reads "superseded by <job id>" there and has `supersededBy` in its data, so it is told apart from a job
 * that computed its answer (both are "Completed" to Agenda).
 */
export async function startDashboard(opts: DashboardOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const agenda = new Agenda({ backend: new MongoBackend({ mongo: opts.queueDb, collection: JOBS_COLLECTION, ensureIndex: false }) });
  await agenda.ready;
  const app = express();
  app.disable('x-powered-by');
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && WRITES.has(req.path) && !(opts.allowWrites && ALLOWED_WRITES.has(req.path))) {
      res.status(403).json({ error: opts.allowWrites ? 'this dashboard does not create, pause or resume jobs' : 'read-only dashboard: start it with DASHBOARD_ALLOW_WRITES=true to requeue or delete jobs' });
      return;
    }
    if (req.method === 'GET' && req.path === '/api') describeJobs(res, opts.queueDb);
    next();
  });
  app.use('/', createExpressMiddleware(agenda));
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    url: `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}/`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

interface ApiJob {
  job: { _id: string; name: string; data?: unknown };
}

/**
 * Rewrites Agendash's job list before it is sent: `splits · <dataset>` as the shown name, and for a job
 * answered by another one `· superseded by <id>` plus `supersededBy` in its data. Only the list: the sidebar's
 * per-name counts, the filters and the actions still use the stored name.
 */
function describeJobs(res: Response, queueDb: Db): void {
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    const jobs = (body as { jobs?: ApiJob[] } | undefined)?.jobs;
    if (!Array.isArray(jobs) || jobs.length === 0) return json(body);
    const ids = jobs.map((j) => j.job._id).filter((id) => ObjectId.isValid(id)).map((id) => new ObjectId(id));
    const send = (by: Map<string, string>) => {
      for (const j of jobs) {
        const dataset = (j.job.data as { dataset?: unknown } | undefined)?.dataset;
        if (j.job.name !== SPLITS_JOB_NAME || typeof dataset !== 'string') continue;
        const supersededBy = by.get(j.job._id);
        j.job.name = `${SPLITS_JOB_NAME} · ${dataset}${supersededBy ? ` · superseded by ${supersededBy}` : ''}`;
        if (supersededBy) j.job.data = { ...(j.job.data as object), supersededBy };
      }
      json(body);
    };
    void queueDb
      .collection(JOBS_COLLECTION)
      .find({ _id: { $in: ids }, supersededBy: { $exists: true, $ne: null } }, { projection: { supersededBy: 1 } })
      .toArray()
      .then(
        (docs) => send(new Map(docs.map((d) => [String(d._id), String(d.supersededBy)]))),
        () => send(new Map()),
      );
    return res;
  };
}
