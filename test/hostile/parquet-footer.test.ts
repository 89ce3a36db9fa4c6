/**
 * A parquet footer just under PARQUET_MAX_FOOTER_BYTES can declare hundreds of thousands of row groups, whose
 * parse took 3.7 s of the event loop and 646 MB for one file. The row groups are counted before the parse
 * (PARQUET_MAX_ROW_GROUPS, FileTooBigError past it), a long footer is parsed in a worker thread with heap and
 * time limits, and the event loop keeps turning meanwhile.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeSplits } from '../../src/splits/compute-splits.ts';
import { countRowGroups, parquetFooterRowCount } from '../../src/hub/parquet-footer.ts';
import { FileTooBigError } from '../../src/splits/errors.ts';
import { parquetFooterFile } from '../helpers/parquet-footer-bytes.ts';
import { client, dataset, FakeHub, DATASET, SHA } from './fake-hub.ts';
import { expectCached } from './outcome.ts';

const OPTS = { countRowsMaxBytes: 1 << 30 };

let hub: FakeHub;
before(async () => {
  hub = await FakeHub.start();
});
after(async () => {
  await hub.close();
});

/** the metadata and its 8-byte trailer, as the client reads them */
function tailOf(file: Uint8Array): Uint8Array {
  const length = new DataView(file.buffer, file.byteOffset, file.byteLength).getUint32(file.byteLength - 8, true);
  return file.subarray(file.byteLength - 8 - length);
}

describe('parquet footers: bounded, and parsed off the event loop', () => {
  it('the event loop keeps turning while a footer of 50,000 row groups is parsed', async () => {
    const rowGroups = 50_000;
    const file = parquetFooterFile(rowGroups);
    hub.reset(dataset([{ path: 'data/train.parquet', content: file }]));
    const c = client(hub, { timeoutMs: 30_000, idleTimeoutMs: 30_000 });
    // a timer, as the lease renewals and /healthz are: how long did it wait at most, out of the whole call?
    let last = performance.now();
    let longestPause = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longestPause = Math.max(longestPause, now - last);
      last = now;
      ticks++;
    }, 5);
    const started = performance.now();
    let rows: number;
    try {
      rows = await c.parquetRowCount(DATASET, SHA, { path: 'data/train.parquet', size: file.byteLength });
    } finally {
      clearInterval(timer);
    }
    const took = performance.now() - started;
    longestPause = Math.max(longestPause, performance.now() - last);
    assert.equal(rows, rowGroups);
    console.log(`# ${rowGroups} row groups (${file.byteLength} bytes): ${took.toFixed(0)} ms, ${ticks} ticks, longest pause ${longestPause.toFixed(0)} ms`);
    // relative, not absolute: parsed on the event loop, one pause was nearly the whole call
    assert.ok(longestPause < took / 2, `the event loop paused ${longestPause.toFixed(0)} ms of a ${took.toFixed(0)} ms call`);
    assert.ok(ticks >= 10, `${ticks} ticks`);
  });

  it('a footer that declares more row groups than PARQUET_MAX_ROW_GROUPS is FileTooBigError, counted before any parse', async () => {
    hub.reset(dataset([{ path: 'data/train.parquet', content: parquetFooterFile(1001) }]));
    const err = await expectCached(
      computeSplits(client(hub, { limits: { maxParquetRowGroups: 1000 } }), DATASET, OPTS),
      'FileTooBigError',
      /declares 1001 row groups, more than the 1000 read \(PARQUET_MAX_ROW_GROUPS\)/,
    );
    assert.match(err.message, /data\/train\.parquet/);
    // at the bound: read
    hub.reset(dataset([{ path: 'data/train.parquet', content: parquetFooterFile(1000) }]));
    const res = await computeSplits(client(hub, { limits: { maxParquetRowGroups: 1000 } }), DATASET, OPTS);
    assert.equal(res.splits[0]?.num_examples, 1000);
  });

  it('counts the row groups without parsing them, as hyparquet does by parsing', async () => {
    for (const n of [0, 1, 14, 15, 16, 1000]) {
      const tail = tailOf(parquetFooterFile(n));
      assert.equal(countRowGroups(tail.subarray(0, tail.byteLength - 8)), n);
    }
    // not a FileMetaData: no count, and the parse says why
    assert.equal(countRowGroups(new Uint8Array([0xff, 0xff, 0xff])), undefined);
    await assert.rejects(
      parquetFooterRowCount(new Uint8Array([0x19, 0xfc, 0xff, 4, 0, 0, 0, 0x50, 0x41, 0x52, 0x31]), 'x.parquet'),
      /Cannot read the parquet footer of x\.parquet/,
    );
  });

  it("a footer that needs more than the thread's heap is FileTooBigError, and the process goes on", async () => {
    const tail = tailOf(parquetFooterFile(50_000));
    await assert.rejects(parquetFooterRowCount(tail, 'big.parquet', { maxOldGenerationSizeMb: 8 }), (err: unknown) => {
      assert.ok(err instanceof FileTooBigError, String(err));
      assert.match(err.message, /The parquet footer of big\.parquet needs more than 8 MB to parse/);
      return true;
    });
    // the same footer, with the default heap, and a small one inline
    assert.equal(await parquetFooterRowCount(tail, 'big.parquet'), 50_000);
    assert.equal(await parquetFooterRowCount(tailOf(parquetFooterFile(3)), 'small.parquet'), 3);
  });

  it('a parse past its time limit is SplitsNamesError', async () => {
    const tail = tailOf(parquetFooterFile(50_000));
    await assert.rejects(
      parquetFooterRowCount(tail, 'slow.parquet', { timeoutMs: 1 }),
      /The parquet footer of slow\.parquet could not be parsed within 0\.001 s/,
    );
  });
});
