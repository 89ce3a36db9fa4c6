import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { JSON_BLOCK_SIZE, JsonRowCounter } from '../../src/splits/count-rows/records.ts';
import { compressionOf, decompress, ZstdFrameGuard } from '../../src/splits/count-rows/compressed.ts';
import { ReadBudget } from '../../src/splits/count-rows/source.ts';
import { CountFormatError, CountLimitError } from '../../src/splits/count-rows/errors.ts';
import { jsonl, localSource, run, tempDir, writeFiles } from './local-source.ts';

function countJson(text: string | Uint8Array, chunk = 7, firstFile = true): number {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const c = new JsonRowCounter(firstFile);
  for (let i = 0; i < bytes.length; i += chunk) c.push(bytes.subarray(i, i + chunk));
  return c.finish();
}

describe('JSON rows as the json builder reads them', () => {
  it('counts the elements of a top-level array of objects, whatever nests inside them', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ id: i, s: 'a ] } , [ { " \\', nested: [{ x: [1, 2, { y: '}' }] }] }));
    assert.equal(countJson(JSON.stringify(rows, null, 2)), 50);
    assert.equal(countJson(JSON.stringify(rows), 1), 50);
  });

  it('counts a top-level array of strings (the library makes each a {"text": …} row)', () => {
    assert.equal(countJson('["a", "b,c", "d\\"]"]'), 3);
  });

  it('counts JSON Lines, blank lines aside, when the file does not start with [', () => {
    assert.equal(countJson(`\n${jsonl(20)}\n  \n${jsonl(3)}`), 23);
  });

  it('accepts a BOM before an array only in the split first file (pandas reads the others)', () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[{"a":1},{"a":2}]')]);
    assert.equal(countJson(text, 1, true), 2);
    assert.throws(() => countJson(text, 1, false), CountFormatError);
  });

  it('does not count what the library would reject or read another way', () => {
    for (const text of [
      '[1, 2, 3]', // scalars
      '[{"a":1}, "b"]', // mixed
      '[{"a":1}] x', // trailing data
      '[{"a":1},]', // trailing comma
      '[{"a":1} {"a":2}]', // missing comma
      '[{"a":1}', // truncated
      '[1]\n', // not an object per line
      '{"a":1}\n[1,2]\n', // an array among objects
      ' [{"a":1}, "b"]', // mixed, for pandas
      ' [{"a":[1]}, {"a":{"b":1}}]', // nested values, for pandas
      ' [{"a":1}, {"a":"x"}]', // a column of two types, for pandas
      '{"a": [1}\n', // unbalanced
    ]) {
      assert.throws(() => countJson(text), CountFormatError, text);
    }
  });

  // each answer below is what datasets 5.2.0 streamed from the same file (load_dataset_builder("json"))
  it('counts a JSON array after leading whitespace as pandas reads it, a row per element', () => {
    assert.equal(countJson('  [{"a":1},{"a":2}]'), 2);
    assert.equal(countJson('\n[\n {"a":1, "b":"x"},\n {"a":2.5, "b":null},\n {"c":true}\n]\n', 1), 3);
    assert.equal(countJson('  ["x","y"]'), 2);
  });

  it('does not count an array after whitespace and a BOM (pandas does not skip the BOM: the library fails)', () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('  [{"a":1},{"a":2}]')]);
    assert.throws(() => countJson(text, 1, true), CountFormatError);
  });

  it('counts an empty array as 0 rows, with or without whitespace', () => {
    assert.equal(countJson('[]'), 0);
    assert.equal(countJson('[ ]\n'), 0);
    assert.equal(countJson(' []'), 0);
  });

  it('counts a pretty-printed object as one row, and objects laid out freely as pyarrow reads them in one block', () => {
    assert.equal(countJson('{\n "a": [1,2,3],\n "b": [4,5,6]\n}\n'), 1);
    assert.equal(countJson('{\n "a": 1\n}\n{\n "a": 2\n}\n', 1), 2);
    assert.equal(countJson('{"a":1} {"a":2}\n{"a":3}\n'), 3);
    assert.equal(countJson('{"a":1}{"a":2}'), 2);
  });

  it('does not count objects laid out freely in a file bigger than the json builder block (the library fails)', () => {
    const big = Array.from({ length: 8000 }, (_, i) => JSON.stringify({ id: i, text: 'x'.repeat(50), n: [1, 2] }, null, 1)).join('\n');
    assert.ok(big.length > JSON_BLOCK_SIZE);
    assert.throws(() => countJson(big, 65536), CountFormatError);
    // the same rows one a line are JSON Lines, whatever the size
    const lines = Array.from({ length: 8000 }, (_, i) => JSON.stringify({ id: i, text: 'x'.repeat(50), n: [1, 2] })).join('\n');
    assert.equal(countJson(lines, 65536), 8000);
  });

  it('does not count rows shaped like agent traces (the library makes one row per session)', () => {
    assert.throws(() => countJson('{"type": "user", "message": {"content": "hi"}}\n'), CountFormatError);
    assert.throws(() => countJson('[{"x": 1}, {"type": "a", "payload": {}}]'), CountFormatError);
    // the same keys deeper down are only values
    assert.equal(countJson('{"meta": {"type": "user", "message": {}}, "s": "type,message"}\n'), 1);
  });

  it('stops at the nesting bound instead of growing its stack', () => {
    assert.throws(() => countJson('[{"a":' + '['.repeat(100_000)), CountLimitError);
  });
});

async function countCompressed(file: string, budget = new ReadBudget(1 << 30, 1 << 30)): Promise<number> {
  const src = localSource(file);
  const c = new JsonRowCounter(true);
  for await (const chunk of decompress(await src.openStream(), compressionOf(file)!, budget)) c.push(chunk);
  return c.finish();
}

describe('compressed text by streaming decompression', () => {
  const dir = tempDir();
  writeFiles(dir, { 'train.jsonl': jsonl(1000) });
  writeFileSync(path.join(dir, 'train.jsonl.gz'), gzipSync(readFileSync(path.join(dir, 'train.jsonl'))));
  run(dir, 'bzip2', ['-k', 'train.jsonl']);
  run(dir, 'xz', ['-k', 'train.jsonl']);
  run(dir, 'zstd', ['-q', '-k', 'train.jsonl']);

  it('names the compression from the extension as the library does (shard suffixes included)', () => {
    assert.equal(compressionOf('data/train.jsonl.gz'), 'gzip');
    assert.equal(compressionOf('data/train.jsonl.zst'), 'zstd');
    assert.equal(compressionOf('data/train.json.gz-00001-of-00002'), 'gzip');
    assert.equal(compressionOf('data/train.jsonl'), undefined);
  });

  for (const ext of ['gz', 'bz2', 'xz', 'zst']) {
    it(`counts the rows of a ${ext} file written by the real tool`, async () => {
      assert.equal(await countCompressed(path.join(dir, `train.jsonl.${ext}`)), 1000);
    });
  }

  it('counts a gzip file made of several members, as Python gzip reads it', async () => {
    writeFileSync(path.join(dir, 'multi.jsonl.gz'), Buffer.concat([gzipSync(jsonl(10)), gzipSync(jsonl(5))]));
    assert.equal(await countCompressed(path.join(dir, 'multi.jsonl.gz')), 15);
  });

  it('ends a truncated gzip file in CountFormatError', async () => {
    const gz = readFileSync(path.join(dir, 'train.jsonl.gz'));
    writeFileSync(path.join(dir, 'cut.jsonl.gz'), gz.subarray(0, gz.length - 100));
    await assert.rejects(countCompressed(path.join(dir, 'cut.jsonl.gz')), CountFormatError);
  });

  it('ends a truncated zstd file in CountFormatError', async () => {
    const z = readFileSync(path.join(dir, 'train.jsonl.zst'));
    writeFileSync(path.join(dir, 'cut.jsonl.zst'), z.subarray(0, z.length - 50));
    await assert.rejects(countCompressed(path.join(dir, 'cut.jsonl.zst')), CountFormatError);
  });

  for (const ext of ['bz2', 'xz']) {
    it(`ends a truncated ${ext} file in CountFormatError`, async () => {
      const bytes = readFileSync(path.join(dir, `train.jsonl.${ext}`));
      writeFileSync(path.join(dir, `cut.jsonl.${ext}`), bytes.subarray(0, Math.floor(bytes.length / 2)));
      await assert.rejects(countCompressed(path.join(dir, `cut.jsonl.${ext}`)), CountFormatError);
    });
  }

  it('stops a decompression bomb at the decompressed-bytes bound', async () => {
    // 256 MiB of newlines in about 256 KiB of gzip
    writeFileSync(path.join(dir, 'bomb.jsonl.gz'), gzipSync(Buffer.alloc(256 << 20, 0x0a), { level: 9 }));
    const budget = new ReadBudget(1 << 30, 16 << 20);
    await assert.rejects(countCompressed(path.join(dir, 'bomb.jsonl.gz'), budget), CountLimitError);
    assert.ok(budget.inflatedBytes < 20 << 20, `stopped after ${budget.inflatedBytes} bytes`);
  });

  it('refuses a zstd frame that claims a window above the bound before decoding it', () => {
    // magic, FHD (no single segment), window descriptor 2^(10+31)
    const frame = Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 31 << 3]);
    assert.throws(() => new ZstdFrameGuard().push(frame), CountLimitError);
    // single segment with a content size of 2^40 bytes
    const single = Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0xe0, 0, 0, 0, 0, 0, 1, 0, 0]);
    assert.throws(() => new ZstdFrameGuard().push(single), CountLimitError);
  });
});
