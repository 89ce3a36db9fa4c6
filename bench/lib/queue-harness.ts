import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startTestMongo, type TestMongo } from '../../test/helpers/mongo.ts';
import { agendaDueJobs, producer, spawnWorker, waitForLog, type WorkerHandle } from '../../test/helpers/workers.ts';
import type { Db } from 'mongodb';
import { countJobsByState, type JobState } from '../../src/queue/count-jobs-by-state.ts';

export { startTestMongo, producer, countJobsByState, agendaDueJobs, type TestMongo };

export interface CommandStats {
  byDb: Record<string, number>;
  byCommand: Record<string, number>;
  deferrals: Record<string, number>;
  /** the same counts since the processes took their mark (SIGUSR2, see markAll); all of them without a mark */
  sinceMark: { byDb: Record<string, number>; byCommand: Record<string, number> };
}

/** Has every consumer process mark its command counts now (see markOnSigusr2), and gives them a moment to. */
export async function markAll(children: { kill(signal: NodeJS.Signals): unknown }[]): Promise<void> {
  for (const c of children) c.kill('SIGUSR2');
  await new Promise((r) => setTimeout(r, 100));
}

/** Starts `n` bench worker processes on the given databases (logging at INFO, as in production) and waits until they poll. */
export async function startWorkers(n: number, env: Record<string, string>): Promise<WorkerHandle[]> {
  const workers = Array.from({ length: n }, () => spawnWorker({ MAX_LOAD_PCT: '0', MAX_MEMORY_PCT: '0', ...env }, 'bench/lib/bench-worker-process.ts'));
  for (const w of workers) await waitForLog(w, 'worker started');
  return workers;
}

/** Stops the workers with SIGTERM and collects the command counts each printed. */
export async function stopWorkers(workers: WorkerHandle[]): Promise<CommandStats> {
  for (const w of workers) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
  const total: CommandStats = { byDb: {}, byCommand: {}, deferrals: {}, sinceMark: { byDb: {}, byCommand: {} } };
  for (const w of workers) {
    const line = w
      .logs()
      .split('\n')
      .find((l) => l.startsWith('{"bench":"commands"'));
    if (!line) continue;
    const s = JSON.parse(line) as CommandStats;
    for (const key of ['byDb', 'byCommand', 'deferrals'] as const) for (const [k, v] of Object.entries(s[key] ?? {})) total[key][k] = (total[key][k] ?? 0) + v;
    for (const key of ['byDb', 'byCommand'] as const)
      for (const [k, v] of Object.entries(s.sinceMark?.[key] ?? {})) total.sinceMark[key][k] = (total.sinceMark[key][k] ?? 0) + v;
  }
  return total;
}

export interface AgendaHandle {
  child: ChildProcess;
  out: () => string;
  exited: Promise<void>;
}

/** Starts `n` stock Agenda processes (`bench/lib/bench-agenda-process.ts`, its env as there) and waits until each has started. */
export async function startAgendas(n: number, env: Record<string, string>): Promise<AgendaHandle[]> {
  const root = path.resolve(import.meta.dirname, '../..');
  const handles = Array.from({ length: n }, (): AgendaHandle => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/lib/bench-agenda-process.ts')], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    return { child, out: () => out, exited: new Promise<void>((resolve) => child.on('exit', () => resolve())) };
  });
  for (const h of handles) while (!h.out().includes('{"bench":"ready"}')) await new Promise((r) => setTimeout(r, 20));
  return handles;
}

/** Stops the stock Agenda processes with SIGTERM and sums the command counts each printed. */
export async function stopAgendas(handles: AgendaHandle[]): Promise<Omit<CommandStats, 'deferrals'>> {
  for (const h of handles) h.child.kill('SIGTERM');
  await Promise.all(handles.map((h) => h.exited));
  const total: Omit<CommandStats, 'deferrals'> = { byDb: {}, byCommand: {}, sinceMark: { byDb: {}, byCommand: {} } };
  for (const h of handles) {
    const line = h
      .out()
      .split('\n')
      .find((l) => l.startsWith('{"bench":"commands"'));
    if (!line) throw new Error('a stock Agenda process printed no command counts');
    const s = JSON.parse(line) as Omit<CommandStats, 'deferrals'>;
    for (const key of ['byDb', 'byCommand'] as const) {
      for (const [k, v] of Object.entries(s[key])) total[key][k] = (total[key][k] ?? 0) + v;
      for (const [k, v] of Object.entries(s.sinceMark?.[key] ?? {})) total.sinceMark[key][k] = (total.sinceMark[key][k] ?? 0) + v;
    }
  }
  return total;
}

/** Whether `total` splits jobs have ended under the worker, in any final state (done, skipped, answered by another run, failed), and none waits or runs. */
export function allEnded(c: Record<JobState, number>, total: number): boolean {
  return c.success + c.skipped + c.superseded + c.error >= total && c.waiting === 0 && c.started === 0;
}

/** How many splits jobs stock Agenda has ended (it sets lastFinishedAt, whatever the outcome). */
export function countAgendaJobsEnded(queueDb: Db): Promise<number> {
  return queueDb.collection('agendaJobs').countDocuments({ name: 'splits', lastFinishedAt: { $ne: null } });
}

/**
 * Waits until `total` splits jobs have ended under the worker (see allEnded); checked every `pollMs` (each check
 * counts every job: a scan on the test server).
 */
export async function waitUntilAllDone(queueDb: Db, total: number, opts: { timeoutMs?: number; pollMs?: number } = {}): Promise<void> {
  const end = Date.now() + (opts.timeoutMs ?? 600_000);
  for (;;) {
    const c = await countJobsByState(queueDb, 'splits');
    if (allEnded(c, total)) return;
    if (Date.now() > end) throw new Error(`the jobs did not all end in time: ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 50));
  }
}

/** Waits until `total` splits jobs have ended under stock Agenda (see countAgendaJobsEnded), checked every `pollMs`. */
export async function waitUntilAgendaDone(queueDb: Db, total: number, opts: { timeoutMs?: number; pollMs?: number } = {}): Promise<void> {
  for (const end = Date.now() + (opts.timeoutMs ?? 600_000); (await countAgendaJobsEnded(queueDb)) < total;) {
    if (Date.now() > end) throw new Error('stock Agenda did not end its jobs in time');
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 50));
  }
}

/** Per-database names mapped to their role, so that figures sum over runs with different database names. */
export function byRole(byCommand: Record<string, number>, names: { queue: string; cache: string }): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(byCommand)) {
    const key = k.replace(`${names.queue}.`, 'queue.').replace(`${names.cache}.`, 'cache.');
    out[key] = (out[key] ?? 0) + v;
  }
  return out;
}
