import { startTestMongo, type TestMongo } from '../../test/helpers/mongo.ts';
import { agendaDueJobs, producer, spawnWorker, waitForLog, type WorkerHandle } from '../../test/helpers/workers.ts';
import { countJobsByState } from '../../src/queue/count-jobs-by-state.ts';

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

export async function waitUntilAllDone(queueDb: import('mongodb').Db, total: number, timeoutMs = 600_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const c = await countJobsByState(queueDb, 'splits');
    if (c.success + c.error >= total && c.waiting === 0 && c.started === 0) return;
    if (Date.now() > end) throw new Error(`timed out: ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
