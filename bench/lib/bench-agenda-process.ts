/**
 * Stock Agenda 6 as the side-by-side benchmark's baseline: a plain `new Agenda({ backend: new MongoBackend })`
 * with one `splits` definition that does nothing, default locking, the same poll interval as the worker. With
 * BENCH_HANDOFF=true the job hands off one `first-rows` job as the worker does, the way an Agenda user would:
 * `agenda.create(...).unique(<the triple, never started>, { insertOnly: true }).save()`.
 * BENCH_SLEEP_MS makes the job sleep that long, and BENCH_RECORD=<file> appends a line per job's start and end, as in
 * bench-worker-process.ts.
 * Env: MONGO_URL, MONGO_QUEUE_DATABASE, BENCH_POLL_MS, BENCH_CONCURRENCY, BENCH_HANDOFF. Prints `{"bench":"ready"}` once
 * started and, on SIGTERM, `{"bench":"commands", ...}` with the commands it sent (as bench-worker-process.ts).
 */
import { appendFileSync } from 'node:fs';
import { Agenda, type Job } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { MongoClient } from 'mongodb';
import { markOnSigusr2 } from './report.ts';

const byDb: Record<string, number> = {};
const byCommand: Record<string, number> = {};
const sinceMark = markOnSigusr2({ byDb, byCommand });
const client = new MongoClient(process.env.MONGO_URL!, { monitorCommands: true });
client.on('commandStarted', (e) => {
  // the same commands left out as in bench-worker-process.ts: connection handshakes and pings
  if (['hello', 'isMaster', 'ismaster', 'ping', 'endSessions'].includes(e.commandName)) return;
  byDb[e.databaseName] = (byDb[e.databaseName] ?? 0) + 1;
  byCommand[`${e.databaseName}.${e.commandName}`] = (byCommand[`${e.databaseName}.${e.commandName}`] ?? 0) + 1;
});
await client.connect();
const agenda = new Agenda({
  backend: new MongoBackend({ mongo: client.db(process.env.MONGO_QUEUE_DATABASE) }),
  processEvery: Number(process.env.BENCH_POLL_MS ?? 500),
});
const handoff = process.env.BENCH_HANDOFF === 'true';
const sleepMs = Number(process.env.BENCH_SLEEP_MS ?? 0);
const record = process.env.BENCH_RECORD;
const mark = (event: 'start' | 'end', job: Job<{ dataset: string }>) =>
  appendFileSync(record!, `${JSON.stringify({ event, dataset: job.attrs.data.dataset, jobId: String(job.attrs._id), pid: process.pid, t: Date.now() })}\n`);
agenda.define(
  'splits',
  async (job: Job<{ dataset: string }>) => {
    if (record) mark('start', job);
    if (sleepMs) await new Promise((r) => setTimeout(r, sleepMs));
    if (record) mark('end', job);
    if (!handoff) return;
    const data = { dataset: job.attrs.data.dataset, config: 'default', split: 'train' };
    await agenda
      .create('first-rows', data)
      .unique({ 'data.dataset': data.dataset, 'data.config': data.config, 'data.split': data.split, lockedAt: null, lastRunAt: null }, { insertOnly: true })
      .save();
  },
  { concurrency: Number(process.env.BENCH_CONCURRENCY ?? 1) },
);
await agenda.start();
process.stdout.write(`${JSON.stringify({ bench: 'ready' })}\n`);
process.once('SIGTERM', () => {
  void (async () => {
    await agenda.stop();
    process.stdout.write(`${JSON.stringify({ bench: 'commands', byDb, byCommand, sinceMark: sinceMark() })}\n`);
    await client.close();
    process.exit(0);
  })();
});
