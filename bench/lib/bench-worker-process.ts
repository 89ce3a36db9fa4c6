/**
 * A worker process for the queue benchmarks: the real lifecycle, a computation that does nothing (or sleeps
 * BENCH_SLEEP_MS) and answers one split (so the first-rows hand-off, on by default, runs as for a real dataset), and the driver's command monitoring; at exit it prints one line
 * `{"bench":"commands", ...}` with the commands it sent, by database and by command name (and since SIGUSR2, see
 * markOnSigusr2). BENCH_TRACE=<file> appends
 * a line per command sent and per answer, with their times (the process's monotonic clock, and Date.now() with the pid to set the
 * processes side by side; an aggregation's pipeline, cut at 300 characters), to see which commands overlap. BENCH_RECORD=<file>
 * appends a line per computation's start and end (`Date.now()`). BENCH_WORKER_ROOT=<checkout> runs the built worker
 * of that checkout (its `dist/`: this one's, or an older commit's from `bench/lib/checkout.ts`) instead of this
 * checkout's src/ through tsx.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MongoClient } from 'mongodb';
import { markOnSigusr2 } from './report.ts';

const workerRoot = process.env.BENCH_WORKER_ROOT;
const { runWorkerProcess } = (await import(
  workerRoot ? pathToFileURL(path.join(workerRoot, 'dist/src/worker/run-worker-process.js')).href : '../../src/worker/run-worker-process.ts'
)) as typeof import('../../src/worker/run-worker-process.ts');

const byDb: Record<string, number> = {};
const byCommand: Record<string, number> = {};
/** milliseconds spent waiting for each kind of command (round trip, as the driver measures it) */
const msByCommand: Record<string, number> = {};
const pending = new Map<number, string>();
const sinceMark = markOnSigusr2({ byDb, byCommand });
const sleepMs = Number(process.env.BENCH_SLEEP_MS ?? 0);
const record = process.env.BENCH_RECORD;

let deferrals: () => Promise<unknown> = async () => undefined;

// BENCH_CPU_PROF=<dir>: a V8 CPU profile of this process's life, written there at its stop (`--cpu-prof` is not
// allowed in NODE_OPTIONS), to see where a consumer's time goes.
const profDir = process.env.BENCH_CPU_PROF;
const profiler = profDir ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}

await runWorkerProcess(
  ({ metrics }) => {
    deferrals = async () => Object.fromEntries((await metrics.deferrals.get()).values.map((v): [string, number] => [String(v.labels.reason), v.value]));
    return async (dataset, { jobId }) => {
      if (record) appendFileSync(record, `${JSON.stringify({ event: 'start', dataset, jobId, pid: process.pid, t: Date.now() })}\n`);
      if (sleepMs) await new Promise((r) => setTimeout(r, sleepMs));
      if (record) appendFileSync(record, `${JSON.stringify({ event: 'end', dataset, jobId, pid: process.pid, t: Date.now() })}\n`);
      return { splits: [{ dataset, config: 'default', split: 'train', num_bytes: null, num_examples: null }] };
    };
  },
  {
    client: (config) => {
      const client = new MongoClient(config.mongoUrl, { monitorCommands: true });
      const trace = process.env.BENCH_TRACE;
      if (trace) {
        client.on('commandStarted', (e) =>
          appendFileSync(
            trace,
            `${JSON.stringify({ s: performance.now(), t: Date.now(), pid: process.pid, id: e.requestId, c: e.commandName, col: (e.command as Record<string, unknown>)[e.commandName], ...(e.commandName === 'aggregate' ? { pipeline: JSON.stringify((e.command as { pipeline?: unknown }).pipeline).slice(0, 300) } : {}) })}\n`,
          ),
        );
        client.on('commandSucceeded', (e) =>
          appendFileSync(trace, `${JSON.stringify({ e: performance.now(), t: Date.now(), pid: process.pid, id: e.requestId })}\n`),
        );
      }
      client.on('commandStarted', (e) => {
        if (['hello', 'isMaster', 'ismaster', 'ping', 'endSessions'].includes(e.commandName)) return;
        byDb[e.databaseName] = (byDb[e.databaseName] ?? 0) + 1;
        byCommand[`${e.databaseName}.${e.commandName}`] = (byCommand[`${e.databaseName}.${e.commandName}`] ?? 0) + 1;
        pending.set(e.requestId, `${e.databaseName}.${e.commandName}`);
      });
      client.on('commandSucceeded', (e) => {
        const key = pending.get(e.requestId);
        pending.delete(e.requestId);
        if (key) msByCommand[key] = (msByCommand[key] ?? 0) + e.duration;
      });
      return client;
    },
    onStopped: async () => {
      if (profiler) {
        const { profile } = await profiler.post('Profiler.stop');
        writeFileSync(path.join(profDir!, `worker-${process.pid}.cpuprofile`), JSON.stringify(profile));
      }
      process.stdout.write(`${JSON.stringify({ bench: 'commands', byDb, byCommand, msByCommand, deferrals: await deferrals(), sinceMark: sinceMark() })}\n`);
    },
  },
);
