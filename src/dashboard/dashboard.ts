import http from 'node:http';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { AgendashController, cspHeader } from 'agendash';
import type { Db } from 'mongodb';
import { JOBS_COLLECTION } from '../queue/queue-backend.ts';
import { jobsCollection } from '../queue/job-lock.ts';
import { WorkerError } from '../errors/worker-error.ts';
import { DashboardReadOnlyError, DashboardRouteNotFoundError } from './dashboard-errors.ts';
import { allowedHosts, checkHost, checkSameOriginJson } from './request-guard.ts';
import { JobActions } from './job-actions.ts';
import { describeJobs } from './describe-jobs.ts';
import { AGENDASH_PUBLIC, dashboardCss, indexHtml } from './page.ts';

export interface DashboardOptions {
  queueDb: Db;
  port: number;
  host: string;
  /** requeue, retry and delete jobs, and create `splits` jobs, from the page; read-only otherwise */
  allowWrites: boolean;
  /** Host names the dashboard answers besides its bound address (a reverse proxy's name), `name` or `name:port` */
  allowedHosts?: readonly string[];
}

/** Agendash's API calls that change the queue; pause and resume are never offered. */
const WRITE_ROUTES = ['/api/jobs/requeue', '/api/jobs/retry', '/api/jobs/delete', '/api/jobs/create', '/api/jobs/pause', '/api/jobs/resume'];

/**
 * Agendash (the Agenda project's queue UI) on the queue database, read-only unless allowWrites. It borrows the
 * connection (the caller closes it) and never starts Agenda's processing: it shows and edits jobs, never runs them.
 *
 * Agendash's page and controller, behind routes of our own (Agendash's express router matches any case and a
 * trailing slash, and parses form bodies): every route is matched exactly (method, path, case), a request
 * whose Host is not the dashboard's is refused, a write needs a same-origin JSON request, and the write
 * actions keep the queue's guarantees (see JobActions). docs/cli-and-dashboard.md has the security model.
 *
 * One addition: the job list names each job's dataset, and a job answered by another job's computation
 * reads "superseded by <job id>" there and has `supersededBy` in its data, so it is told apart from a job
 * that computed its answer (both are "Completed" to Agenda).
 */
export async function startDashboard(opts: DashboardOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const agenda = new Agenda({ backend: new MongoBackend({ mongo: opts.queueDb, collection: JOBS_COLLECTION, ensureIndex: false }) });
  await agenda.ready;
  const controller = new AgendashController(agenda);
  const actions = new JobActions(jobsCollection(opts.queueDb), agenda);
  let hosts: ReadonlySet<string> = new Set();

  const app = express();
  app.disable('x-powered-by');
  app.set('strict routing', true);
  app.set('case sensitive routing', true);
  app.use(checkHost(() => hosts));
  app.use((_req: Request, res: Response, next: NextFunction) => {
    // Agendash's policy, and no framing (a write button clicked through another page's frame).
    res.set({
      'Content-Security-Policy': `${cspHeader}; frame-ancestors 'none'; form-action 'self'`,
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'X-Content-Type-Options': 'nosniff',
    });
    next();
  });

  const page = indexHtml();
  const css = dashboardCss(opts.allowWrites);
  app.get(['/', '/index.html'], (_req, res) => void res.type('html').set('Cache-Control', 'no-store').send(page));
  app.get('/dashboard.css', (_req, res) => void res.type('css').set('Cache-Control', 'no-store').send(css));
  app.use('/assets', express.static(path.join(AGENDASH_PUBLIC, 'assets'), { index: false, redirect: false, fallthrough: true }));

  app.get('/api', async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const limit = q.limit ? parseInt(q.limit, 10) : 50;
    const result = await controller.getJobs({
      name: q.job,
      state: q.state,
      search: q.q,
      property: q.property,
      isObjectId: q.isObjectId,
      skip: q.skip ? parseInt(q.skip, 10) : 0,
      limit: Number.isFinite(limit) ? Math.min(Math.max(limit, 1), 500) : 50,
    });
    await describeJobs(result, opts.queueDb);
    res.json(result);
  });
  app.get('/api/stats', async (req, res) => void res.json(await controller.getStats(req.query.fullDetails === 'true')));
  app.get('/api/logs', async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const sort = q.sort === 'asc' ? 'asc' : 'desc';
    res.json(
      await controller.getLogs({
        jobId: q.jobId,
        jobName: q.jobName,
        level: q.level,
        event: q.event,
        from: q.from,
        to: q.to,
        limit: q.limit ? parseInt(q.limit, 10) : 50,
        offset: q.offset ? parseInt(q.offset, 10) : 0,
        sort,
      }),
    );
  });
  // No notification channel: the page polls instead.
  app.get('/api/events', (_req, res) => void res.status(501).json({ error: 'real-time updates are not available: the page refreshes by polling' }));

  const json = express.json({ limit: '100kb', type: 'application/json', strict: true });
  if (opts.allowWrites) {
    app.post('/api/jobs/requeue', checkSameOriginJson, json, async (req, res) => void res.json(await actions.requeue(req.body)));
    app.post('/api/jobs/retry', checkSameOriginJson, json, async (req, res) => void res.json(await actions.retry(req.body)));
    app.post('/api/jobs/delete', checkSameOriginJson, json, async (req, res) => void res.json(await actions.delete(req.body)));
    app.post('/api/jobs/create', checkSameOriginJson, json, async (req, res) => void res.json(await actions.create(req.body)));
  }
  for (const route of WRITE_ROUTES)
    app.post(route, () => {
      throw new DashboardReadOnlyError(
        opts.allowWrites
          ? 'this dashboard does not pause or resume jobs (a paused job would wait for ever)'
          : 'read-only dashboard: start it with --allow-writes (DASHBOARD_ALLOW_WRITES=true) to requeue, retry, delete or create jobs',
      );
    });
  app.use((req: Request) => {
    throw new DashboardRouteNotFoundError(`no route ${req.method} ${req.path}`);
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof WorkerError) return void res.status(err.httpStatus).json({ error: err.message, error_code: err.errorCode });
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) return void res.status(status).json({ error: (err as Error).message });
    res.status(500).json({ error: err instanceof Error ? err.message : String(err) });
  });

  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  hosts = allowedHosts(opts.host, port, opts.allowedHosts ?? []);
  return {
    url: `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
