import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { RecordBatchFileWriter, RecordBatchStreamWriter, tableFromArrays, Table } from 'apache-arrow';
import { countArrowRows } from '../../src/splits/count-rows/arrow-ipc.ts';
import { CountFormatError } from '../../src/splits/count-rows/errors.ts';
import { countRows, type CountContext } from '../../src/splits/count-rows.ts';
import type { RepoFile } from '../../src/hub/hub-client.ts';
import type { ModuleName } from '../../src/splits/infer-module.ts';
import { jsonl, localSource, run, tempDir, writeFiles } from './local-source.ts';

/** A table of `batches` record batches of the given sizes. */
function table(sizes: number[]): Table {
  const parts = sizes.map((n, b) =>
    tableFromArrays({ id: Int32Array.from({ length: n }, (_, i) => b * 1000 + i), a: new Float64Array(n), b: new Float64Array(n), c: new Float64Array(n) }),
  );
  return new Table(parts.flatMap((t) => t.batches));
}

describe('Arrow IPC rows from message headers', () => {
  const dir = tempDir();
  const t = table([100, 250, 7]);
  writeFileSync(path.join(dir, 'stream.arrow'), RecordBatchStreamWriter.writeAll(t).toUint8Array(true));
  writeFileSync(path.join(dir, 'file.arrow'), RecordBatchFileWriter.writeAll(t).toUint8Array(true));

  it('sums the record batch lengths of the stream format, reading headers only', async () => {
    const src = localSource(path.join(dir, 'stream.arrow'));
    assert.equal(await countArrowRows(src), 357);
  });

  it('sums the record batch lengths of the file format from its footer blocks', async () => {
    const src = localSource(path.join(dir, 'file.arrow'));
    assert.equal(await countArrowRows(src), 357);
  });

  it('reads a small share of a big Arrow file', async () => {
    const big = table(Array.from({ length: 20 }, () => 5000));
    writeFileSync(path.join(dir, 'big.arrow'), RecordBatchStreamWriter.writeAll(big).toUint8Array(true));
    const src = localSource(path.join(dir, 'big.arrow'));
    assert.equal(await countArrowRows(src), 100_000);
    assert.ok(src.bytesRead < src.size / 20, `read ${src.bytesRead} of ${src.size}`);
  });

  it('ends a truncated or foreign file in CountFormatError', async () => {
    const bytes = readFileSync(path.join(dir, 'stream.arrow'));
    writeFileSync(path.join(dir, 'cut.arrow'), bytes.subarray(0, bytes.length - 3000));
    await assert.rejects(countArrowRows(localSource(path.join(dir, 'cut.arrow'))), CountFormatError);
    const file = readFileSync(path.join(dir, 'file.arrow'));
    writeFileSync(path.join(dir, 'cutfile.arrow'), file.subarray(0, file.length - 20));
    await assert.rejects(countArrowRows(localSource(path.join(dir, 'cutfile.arrow'))), CountFormatError);
    writeFileSync(path.join(dir, 'text.arrow'), jsonl(50));
    await assert.rejects(countArrowRows(localSource(path.join(dir, 'text.arrow'))), CountFormatError);
  });
});

/** countRows over files of a local folder (the repo), with the budget of COUNT_ROWS_MAX_BYTES = maxBytes. */
function count(dir: string, module: ModuleName, names: string[], maxBytes = 1 << 30, metadataInEarlierSplits = false): Promise<number | null> {
  const files: RepoFile[] = names.map((n) => ({ path: n, size: readFileSync(path.join(dir, n)).length }));
  const ctx = {
    hub: undefined as never,
    dataset: 'local/repo',
    sha: 'x',
    maxBytes,
    knownParquetRows: new Map(),
    open: (f: RepoFile) => localSource(path.join(dir, f.path), f.path),
  } satisfies CountContext;
  return countRows(ctx, module, files, { metadataInEarlierSplits });
}

describe('row counts of a split, by builder', () => {
  it('counts JSON arrays, JSON Lines, compressed and zipped files of one json split together', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'a.json': JSON.stringify([{ a: 1 }, { a: 2 }]),
      'b.jsonl': jsonl(3),
      'c.jsonl.gz': gzipSync(jsonl(4)),
      'z/d.jsonl': jsonl(5),
      'z/e.json': '[{"b":1}]',
    });
    run(path.join(dir, 'z'), 'zip', ['-q', '../e.zip', 'd.jsonl', 'e.json']);
    assert.equal(await count(dir, 'json', ['a.json', 'b.jsonl', 'c.jsonl.gz', 'e.zip']), 2 + 3 + 4 + 5 + 1);
  });

  it('counts csv records less headers in plain and bz2 files', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.csv': 'x,y\n1,"a\nb"\n2,c\n', 'b.csv': 'x,y\n3,d\n' });
    run(dir, 'bzip2', ['b.csv']);
    assert.equal(await count(dir, 'csv', ['a.csv', 'b.csv.bz2']), 3);
  });

  it('is null for a split with a 0-byte or blank csv file, which pandas cannot read (EmptyDataError), as the library cannot stream it', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.csv': 'x,y\n1,2\n', 'empty.csv': '', 'blank.csv': '\n\n', 'header.csv': 'x,y\n' });
    assert.equal(await count(dir, 'csv', ['a.csv', 'empty.csv']), null);
    assert.equal(await count(dir, 'csv', ['a.csv', 'blank.csv']), null);
    assert.equal(await count(dir, 'csv', ['a.csv', 'header.csv']), 1);
  });

  it('is null when a file is not what the builder reads for sure, or when the split is over the byte bound', async () => {
    const dir = tempDir();
    // an array among objects: datasets 5.2.0 fails (ArrowInvalid)
    writeFiles(dir, { 'a.json': '{"a": 1}\n[1, 2]\n', 'b.jsonl': jsonl(1000), 'c.jsonl.gz': gzipSync(Buffer.alloc(64 << 20, 0x0a)) });
    assert.equal(await count(dir, 'json', ['a.json']), null);
    assert.equal(await count(dir, 'json', ['b.jsonl'], 1000), null);
    // 64 MiB of newlines from a gzip of about 64 KiB: over 16 × a 1 MiB bound
    assert.equal(await count(dir, 'json', ['c.jsonl.gz'], 1 << 20), null);
  });

  it('counts one row per media file, zip members included, when no metadata file is in sight', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'train/cat/1.png': 'x',
      'train/dog/2.png': 'x',
      'train/dog/3.PNG': 'x',
      'z/4.png': 'x',
      'z/5.jpg': 'x',
      'z/notes.txt': 'x',
      'z/.DS_Store': 'x',
    });
    run(path.join(dir, 'z'), 'zip', ['-q', '../train/more.zip', '4.png', '5.jpg', '.DS_Store']);
    run(path.join(dir, 'z'), 'zip', ['-q', '../train/mixed.zip', '4.png', 'notes.txt']);
    // every visible file of an extracted archive is a row: the builder does not filter them
    assert.equal(await count(dir, 'imagefolder', ['train/cat/1.png', 'train/dog/2.png', 'train/dog/3.PNG', 'train/more.zip']), 5);
    // ...and fails on a member that is not an image (parity test: UnidentifiedImageError): not known
    assert.equal(await count(dir, 'imagefolder', ['train/cat/1.png', 'train/mixed.zip']), null);
  });

  it('counts the rows of the split metadata files once a metadata file is found, not the media files', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'train/1.png': 'x',
      'train/2.png': 'x',
      'train/metadata.jsonl': '{"file_name": "1.png", "label": 0}\n{"file_name": "missing.png", "label": 1}\n{"file_name": "2.png", "label": 1}\n',
      'test/1.png': 'x',
      'test/metadata.csv': 'file_name,label\n1.png,0\n',
      'extra/1.png': 'x',
    });
    assert.equal(await count(dir, 'imagefolder', ['train/1.png', 'train/2.png', 'train/metadata.jsonl']), 3);
    assert.equal(await count(dir, 'imagefolder', ['test/1.png', 'test/metadata.csv']), 1);
    // a later split without metadata yields no rows once an earlier split had some (add_metadata carries over)
    assert.equal(await count(dir, 'imagefolder', ['extra/1.png'], 1 << 30, true), 0);
  });

  it('counts webdataset and arrow splits from headers only', async () => {
    const dir = tempDir();
    writeFiles(dir, { 's/0.jpg': 'x', 's/0.txt': 'a', 's/1.jpg': 'x' });
    run(dir, 'tar', ['cf', 'shard.tar', '--sort=name', 's']);
    writeFileSync(path.join(dir, 'a.arrow'), RecordBatchStreamWriter.writeAll(table([3, 4])).toUint8Array(true));
    assert.equal(await count(dir, 'webdataset', ['shard.tar']), 2);
    assert.equal(await count(dir, 'arrow', ['a.arrow']), 7);
  });

  // datasets 5.2.0 streams the same 3 samples from each (tarfile's r|* decompresses them)
  it('counts the samples of gzip, bz2 and xz tars as they decompress, the tar made by the real tools', async () => {
    const dir = tempDir();
    writeFiles(dir, { 's/000.jpg': 'x'.repeat(3000), 's/000.json': '{}', 's/001.jpg': 'x', 's/001.json': '{}', 's/002.jpg': 'x', 's/002.json': '{}' });
    run(dir, 'tar', ['czf', 'a.tar.gz', '--sort=name', 's']);
    run(dir, 'tar', ['cjf', 'b.tar.bz2', '--sort=name', 's']);
    run(dir, 'tar', ['cJf', 'c.tar.xz', '--sort=name', 's']);
    assert.equal(await count(dir, 'webdataset', ['a.tar.gz', 'b.tar.bz2', 'c.tar.xz']), 9);
  });

  it('is null for a cut compressed tar, a tar.zst, and a compressed tar over the decompression bound', async () => {
    const dir = tempDir();
    writeFiles(dir, { 's/000.jpg': Buffer.alloc(4 << 20), 's/000.json': '{}', 's/001.jpg': 'x', 's/001.json': '{}' });
    run(dir, 'tar', ['czf', 'a.tar.gz', '--sort=name', 's']);
    run(dir, 'tar', ['--zstd', '-cf', 'd.tar.zst', '--sort=name', 's']);
    const gz = readFileSync(path.join(dir, 'a.tar.gz'));
    writeFileSync(path.join(dir, 'cut.tar.gz'), gz.subarray(0, gz.length - 40));
    assert.equal(await count(dir, 'webdataset', ['a.tar.gz']), 2);
    assert.equal(await count(dir, 'webdataset', ['cut.tar.gz']), null);
    assert.equal(await count(dir, 'webdataset', ['d.tar.zst']), null);
    // 4 MiB of zeros decompressed from about 4 KiB: over 16 × a 64 KiB bound
    assert.equal(await count(dir, 'webdataset', ['a.tar.gz'], 64 << 10), null);
  });
});
