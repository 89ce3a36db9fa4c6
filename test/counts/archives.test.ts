import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openSync, readFileSync, writeFileSync, writeSync, closeSync, ftruncateSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { countWebdatasetSamples, tarEntries } from '../../src/splits/count-rows/webdataset-tar.ts';
import { memberBytes, visibleFiles, zipMembers } from '../../src/splits/count-rows/zip-members.ts';
import { ReadBudget } from '../../src/splits/count-rows/source.ts';
import { CountFormatError, CountLimitError } from '../../src/splits/count-rows/errors.ts';
import { LineCounter } from '../../src/splits/count-rows/records.ts';
import { jsonl, localSource, run, tempDir, writeFiles } from './local-source.ts';

describe('webdataset samples from tar headers', () => {
  it('groups consecutive files by key as webdataset does, skipping hidden files and names without a dot', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      's/000.jpg': 'x',
      's/000.json': '{}',
      's/001.jpg': 'x',
      's/001.cls.txt': '1',
      's/002.jpg': 'x',
      's/.hidden.jpg': 'x',
      's/__skip.jpg': 'x',
      's/README': 'no dot',
    });
    run(dir, 'tar', ['cf', 'shard.tar', '--sort=name', 's']);
    assert.equal(await countWebdatasetSamples(localSource(path.join(dir, 'shard.tar'))), 3);
  });

  it('reads long names from GNU and pax headers', async () => {
    const dir = tempDir();
    const long = `${'d'.repeat(120)}/${'k'.repeat(110)}`;
    writeFiles(dir, { [`${long}.jpg`]: 'x', [`${long}.json`]: '{}', [`${long}2.jpg`]: 'x' });
    for (const format of ['gnu', 'pax']) {
      run(dir, 'tar', ['cf', `${format}.tar`, `--format=${format}`, '--sort=name', 'd'.repeat(120)]);
      const names = [];
      for await (const e of tarEntries(localSource(path.join(dir, `${format}.tar`)))) names.push(e.name);
      assert.deepEqual(names, [`${long}.jpg`, `${long}.json`, `${long}2.jpg`], format);
      assert.equal(await countWebdatasetSamples(localSource(path.join(dir, `${format}.tar`))), 2, format);
    }
  });

  it('reads only the headers of a shard with big bodies (well under 1 % of the bytes)', async () => {
    const dir = tempDir();
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 40; i++) {
      files[`s/${String(i).padStart(3, '0')}.jpg`] = randomBytes(1 << 20);
      files[`s/${String(i).padStart(3, '0')}.json`] = Buffer.from('{"label": 1}');
    }
    writeFiles(dir, files);
    run(dir, 'tar', ['cf', 'big.tar', '--sort=name', 's']);
    const src = localSource(path.join(dir, 'big.tar'));
    assert.equal(await countWebdatasetSamples(src), 40);
    assert.ok(src.bytesRead < src.size / 100, `read ${src.bytesRead} of ${src.size} bytes`);
    // with room for fewer requests than samples, the shard is streamed once instead
    const streamed = localSource(path.join(dir, 'big.tar'));
    assert.equal(await countWebdatasetSamples(streamed, 8), 40);
    assert.ok(streamed.requests <= 8, `${streamed.requests} requests`);
  });

  it('does not count a sample with a field twice (the library raises)', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'a/x.jpg': '1', 'b/x.jpg': '2' });
    // the same member twice in a row
    run(dir, 'tar', ['cf', 'dup.tar', '--hard-dereference', 'a/x.jpg', 'a/x.jpg']);
    await assert.rejects(countWebdatasetSamples(localSource(path.join(dir, 'dup.tar'))), CountFormatError);
  });

  it('ends in CountFormatError for a header claiming a huge size, without reading it', async () => {
    const dir = tempDir();
    writeFiles(dir, { 's/000.jpg': 'x' });
    run(dir, 'tar', ['cf', 'huge.tar', 's/000.jpg']);
    const tar = readFileSync(path.join(dir, 'huge.tar'));
    // size field: 8 GiB - 1 in octal, then a fixed checksum
    tar.write('77777777777\0', 124, 'latin1');
    tar.write('        ', 148, 'latin1');
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += tar[i]!;
    tar.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    writeFileSync(path.join(dir, 'huge.tar'), tar);
    const src = localSource(path.join(dir, 'huge.tar'));
    await assert.rejects(countWebdatasetSamples(src), CountFormatError);
    assert.ok(src.bytesRead <= 8192);
  });

  it('ends in CountFormatError for a truncated or corrupt tar', async () => {
    const dir = tempDir();
    writeFiles(dir, { 's/000.jpg': 'x'.repeat(5000), 's/001.jpg': 'y' });
    run(dir, 'tar', ['cf', 'cut.tar', 's']);
    const tar = readFileSync(path.join(dir, 'cut.tar'));
    writeFileSync(path.join(dir, 'cut.tar'), tar.subarray(0, 2048));
    await assert.rejects(countWebdatasetSamples(localSource(path.join(dir, 'cut.tar'))), CountFormatError);
    writeFileSync(path.join(dir, 'noise.tar'), randomBytes(4096));
    await assert.rejects(countWebdatasetSamples(localSource(path.join(dir, 'noise.tar'))), CountFormatError);
  });
});

describe('zip members from the central directory', () => {
  it('lists members from the directory only, hidden files and folders left out, in walk order', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'b/2.jsonl': jsonl(2),
      'a.jsonl': jsonl(1),
      'b/c/3.jsonl': jsonl(3),
      '.hidden.jsonl': 'x',
      '__MACOSX/x.jsonl': 'x',
      'big.bin': randomBytes(2 << 20),
    });
    run(dir, 'zip', ['-q', '-r', 'data.zip', 'b', 'a.jsonl', '.hidden.jsonl', '__MACOSX', 'big.bin']);
    const src = localSource(path.join(dir, 'data.zip'));
    const members = visibleFiles(await zipMembers(src));
    assert.deepEqual(
      members.map((m) => m.name),
      ['a.jsonl', 'big.bin', 'b/2.jsonl', 'b/c/3.jsonl'],
    );
    assert.ok(src.bytesRead < 70_000, `read ${src.bytesRead} of ${src.size}`);
  });

  it('streams stored and deflated members and counts their lines', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'x.jsonl': jsonl(300), 'y.jsonl': jsonl(5) });
    run(dir, 'zip', ['-q', 'deflated.zip', 'x.jsonl', 'y.jsonl']);
    run(dir, 'zip', ['-q', '-0', 'stored.zip', 'x.jsonl', 'y.jsonl']);
    for (const name of ['deflated.zip', 'stored.zip']) {
      const src = localSource(path.join(dir, name));
      let rows = 0;
      for (const m of visibleFiles(await zipMembers(src))) {
        const c = new LineCounter(true);
        for await (const chunk of memberBytes(src, m, new ReadBudget(1 << 30, 1 << 30))) c.push(chunk);
        rows += c.finish();
      }
      assert.equal(rows, 305, name);
    }
  });

  it('ends in CountFormatError for a directory claiming a huge size, without reading it', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'x.jsonl': jsonl(3) });
    run(dir, 'zip', ['-q', 'liar.zip', 'x.jsonl']);
    const zip = readFileSync(path.join(dir, 'liar.zip'));
    const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    zip.writeUInt32LE(0xfffffff0, eocd + 12); // central directory size
    writeFileSync(path.join(dir, 'liar.zip'), zip);
    const src = localSource(path.join(dir, 'liar.zip'));
    await assert.rejects(zipMembers(src), CountFormatError);
    assert.ok(src.bytesRead <= zip.length);
  });

  it('ends in CountFormatError for a member inflating past the size its directory entry says', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'x.jsonl': jsonl(100) });
    run(dir, 'zip', ['-q', 'short.zip', 'x.jsonl']);
    const zip = readFileSync(path.join(dir, 'short.zip'));
    const cd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(10, cd + 24); // uncompressed size
    writeFileSync(path.join(dir, 'short.zip'), zip);
    const src = localSource(path.join(dir, 'short.zip'));
    const [m] = await zipMembers(src);
    await assert.rejects(
      (async () => {
        for await (const _ of memberBytes(src, m!, new ReadBudget(1 << 30, 1 << 30)));
      })(),
      CountFormatError,
    );
  });

  it('stops a zip member that is a decompression bomb at the decompressed-bytes bound', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'zeros.jsonl': Buffer.alloc(64 << 20, 0x0a) });
    run(dir, 'zip', ['-q', '-9', 'bomb.zip', 'zeros.jsonl']);
    const src = localSource(path.join(dir, 'bomb.zip'));
    const [m] = await zipMembers(src);
    const budget = new ReadBudget(1 << 30, 1 << 20);
    await assert.rejects(
      (async () => {
        for await (const _ of memberBytes(src, m!, budget));
      })(),
      CountLimitError,
    );
    assert.ok(budget.inflatedBytes < 2 << 20, `stopped after ${budget.inflatedBytes} bytes`);
  });

  it('ends in CountFormatError for a file that is not a zip', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'noise.zip');
    const fd = openSync(file, 'w');
    writeSync(fd, randomBytes(1000));
    ftruncateSync(fd, 100_000);
    closeSync(fd);
    await assert.rejects(zipMembers(localSource(file)), CountFormatError);
  });
});
