/**
 * Every query the worker sends is served by an index (the equality–sort–range rule of test/helpers/index-shapes.ts):
 * the lock step, the recovery sweep, the runs' writes, the cache's, the first-rows hand-off, the metrics refresh
 * and the retention purge. The built worker runs with MONGO_COMMAND_LOG (src/log/command-log.ts), every command
 * its clients send is read back, and each filter and sort is checked against the indexes the collection holds
 * once the worker ran (ensureQueueIndexes, Agenda's, the cache's, the TTL index of finished jobs). A new query
 * that no index serves fails here.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BSON, ObjectId, type Document } from 'mongodb';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, spawnWorker, waitFor, waitForLog, workerEnv } from '../helpers/workers.ts';
import { check, type IndexInfo } from '../helpers/index-shapes.ts';

let mongo: TestMongo;
let tmp: string;
before(async () => {
  mongo = await startTestMongo();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'splits-index-shapes-'));
});
after(async () => {
  await mongo.close();
  rmSync(tmp, { recursive: true, force: true });
});

interface Logged {
  client: string;
  db: string;
  command: string;
  collection?: string;
  filters: { filter: Document; sort?: Document }[];
  pipeline?: Document[];
}

const DAY = 24 * 3600_000;

describe('the index shape of every query the worker sends', () => {
  it('serves every filter and sort of the lock step, the sweep, the runs, the metrics refresh and the purge by an index', async () => {
    const names = mongo.names();
    const log = path.join(tmp, 'commands.jsonl');
    const queueDb = mongo.client.db(names.queue);
    const jobs = queueDb.collection('agendaJobs');
    const now = Date.now();
    const old = new Date(now - 8 * DAY);
    // what the sweep recovers (an expired lease, a lease-less lock of long ago) and what the purge deletes
    await jobs.insertMany([
      { name: 'splits', data: { dataset: 'user/finished' }, priority: 0, type: 'normal', lastRunAt: old, lastFinishedAt: old, nextRunAt: null, lockedAt: null },
      {
        name: 'splits',
        data: { dataset: 'user/dead' },
        priority: 0,
        type: 'normal',
        nextRunAt: old,
        lockedAt: new Date(now - 3600_000),
        lockToken: 'dead',
        leaseExpiresAt: new Date(now - 60_000),
        attempts: 1,
      },
      { name: 'splits', data: { dataset: 'user/old-version' }, priority: 0, type: 'normal', nextRunAt: old, lockedAt: new Date(now - 3600_000), attempts: 1 },
      {
        _id: 'not-an-object-id' as unknown as ObjectId,
        name: 'splits',
        data: { dataset: 'user/odd' },
        priority: 0,
        type: 'normal',
        nextRunAt: old,
        lockedAt: null,
      },
    ]);
    // more due jobs than one batch of the lock step (64), several per dataset: the crowded-datasets aggregation,
    // the answering of a dataset's other waiting jobs, the per-dataset slots
    const agenda = await producer(mongo.client, names.queue);
    for (let i = 0; i < 80; i++) await agenda.now('splits', { dataset: `user/ds${i % 8}` });
    // a second namespace beyond the batch: the read past a flood, the count of running jobs per namespace, the
    // namespace slots of MAX_JOBS_PER_NAMESPACE
    for (let i = 0; i < 3; i++) await agenda.now('splits', { dataset: `other/ds${i}` });
    const w = spawnWorker(
      workerEnv(mongo, names, {
        MONGO_COMMAND_LOG: log,
        METRICS_REFRESH_SECONDS: '1',
        MAX_JOBS_PER_DATASET: '1',
        MAX_JOBS_PER_NAMESPACE: '2',
        WORKER_CONCURRENCY: '2',
        FIRST_ROWS_HANDOFF_ENABLED: 'true',
        TEST_COMPUTE: JSON.stringify({ sleepMs: 20 }),
      }),
    );
    try {
      await waitForLog(w, 'worker started');
      await waitFor(async () => (await jobs.countDocuments({ name: 'splits', nextRunAt: { $ne: null } })) === 0, 60_000, 'every job done');
      // a few refreshes of the metrics, polls with nothing due
      await new Promise((r) => setTimeout(r, 2500));
      // the hand-back of a stop: a job running when SIGTERM comes
      await agenda.now('splits', { dataset: 'user/slow' });
    } finally {
      w.child.kill('SIGTERM');
      assert.equal(await w.exited, 0);
    }
    await agenda.stop();

    const lines = readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => BSON.EJSON.parse(l, { relaxed: true }) as Logged);
    assert.ok(
      lines.some((l) => l.client === 'metrics' && l.command === 'aggregate'),
      'the metrics refresh ran',
    );
    assert.ok(
      lines.some((l) => l.command === 'find' && l.filters.some((f) => 'lastFinishedAt' in f.filter)),
      'the retention purge ran',
    );
    assert.ok(
      lines.some((l) => l.command === 'aggregate' && l.filters.some((f) => 'data.dataset' in f.filter && f.filter.lockedAt === null)),
      'the lock step read past the flood of one namespace',
    );
    assert.ok(
      lines.some((l) => l.command === 'aggregate' && l.filters.some((f) => JSON.stringify(f.filter.lockedAt) === '{"$ne":null}')),
      'the lock step counted the running jobs per namespace',
    );
    const indexes = new Map<string, IndexInfo[]>();
    const indexesOf = async (db: string, coll: string) => {
      const k = `${db}.${coll}`;
      if (!indexes.has(k))
        indexes.set(
          k,
          (await mongo.client
            .db(db)
            .collection(coll)
            .indexes()
            .catch(() => [])) as IndexInfo[],
        );
      return indexes.get(k)!;
    };
    const unserved = new Map<string, string>();
    let checked = 0;
    const served = new Set<string>();
    for (const l of lines) {
      if (!l.collection || l.filters.length === 0) continue;
      const ixs = await indexesOf(l.db, l.collection);
      for (const shape of l.filters) {
        checked++;
        const verdict = check(shape, ixs, l.pipeline);
        served.add(
          `${l.client} ${l.command} ${l.collection} ${JSON.stringify(shape.filter).replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"|"[0-9a-f]{24}"|"[0-9a-f-]{36}"|user\/[\w-]+/g, '…')} sort ${JSON.stringify(shape.sort ?? {})} → ${verdict.branches.map((b) => b.index ?? 'NONE').join(' | ')}`,
        );
        if (verdict.served) continue;
        const what = `${l.client} ${l.command} ${l.db === names.queue ? 'queue' : l.db === names.cache ? 'cache' : l.db}.${l.collection}`;
        const key = `${what} ${JSON.stringify(shape.filter)} sort ${JSON.stringify(shape.sort ?? {})}`;
        const norm = (t: string) => t.replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"|"[0-9a-f]{24}"|"[0-9a-f-]{36}"|user\/[\w-]+/g, '…');
        unserved.set(
          norm(key),
          norm(
            `${what}: ${verdict.branches
              .filter((b) => !b.index)
              .map((b) => b.branch)
              .join(
                ' | ',
              )} sort ${JSON.stringify(shape.sort ?? {})}${l.pipeline ? ` pipeline ${JSON.stringify(l.pipeline.map((s) => Object.keys(s)[0]))}` : ''}`,
          ),
        );
      }
    }
    assert.ok(checked > 100, `${checked} query shapes checked`);
    // INDEX_SHAPES_TABLE=<file>: each distinct shape with the index that serves it (for docs/mongodb-rules.md)
    if (process.env.INDEX_SHAPES_TABLE) writeFileSync(process.env.INDEX_SHAPES_TABLE, [...served].sort().join('\n') + '\n');
    const known = [...indexes].map(
      ([k, v]) =>
        `${k.split('.').slice(1).join('.')}: ${v.map((i) => `${i.name} ${JSON.stringify(i.key)}${i.partialFilterExpression ? ` partial ${JSON.stringify(i.partialFilterExpression)}` : ''}`).join(', ')}`,
    );
    assert.deepEqual(
      [...new Set(unserved.values())],
      [],
      `queries no index serves (branch by branch):\n${[...new Set(unserved.values())].join('\n')}\nindexes:\n${known.join('\n')}`,
    );
  });
});
