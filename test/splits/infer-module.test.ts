/**
 * The builder inference of datasets 5.2.0 (`infer_module_for_data_files_list` and its archive variant,
 * `DataFilesList.filter`), on the cases the older rules got wrong.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { filterFilesForModule, inferModuleFromArchiveMembers, inferModuleSync } from '../../src/splits/infer-module.ts';
import { zipMemberNames } from '../../src/splits/zip-members.ts';
import { SplitsNamesError } from '../../src/splits/errors.ts';
import { zip } from '../parity/generate.ts';
import { LocalHubRepos } from '../counts/local-hub-repos.ts';

/** An archive in memory as a Hub file: Range reads only, each counted. */
function memorySource(buf: Buffer, path = 'data.zip') {
  const source = {
    path,
    size: buf.length,
    bytesRead: 0,
    openStream: () => Promise.reject(new Error('the inference streams no archive')),
    readRange: (start: number, end: number) => {
      source.bytesRead += Math.min(end, buf.length) - start;
      return Promise.resolve(buf.subarray(start, end));
    },
  };
  return source;
}

const moduleOf = (files: string[]) => {
  const m = inferModuleSync(files);
  return typeof m === 'object' ? m.module : m;
};

describe('builder inference (datasets 5.2.0)', () => {
  it('reads .h5 with hdf5, .mpg with the audio folder, .conllu with conll, and not .m4a', () => {
    assert.equal(moduleOf(['a.h5']), 'hdf5');
    assert.equal(moduleOf(['a.mpg', 'b.wav']), 'audiofolder');
    assert.equal(moduleOf(['a.conllu']), 'conll');
    assert.equal(moduleOf(['a.m4a']), undefined);
  });
  it('tells .tsv from .csv by their arguments, so that two splits of each do not agree', () => {
    const csv = inferModuleSync(['a.csv']);
    const tsv = inferModuleSync(['a.tsv']);
    assert.ok(typeof csv === 'object' && typeof tsv === 'object');
    assert.equal(csv.module, tsv.module);
    assert.notEqual(csv.kwargs, tsv.kwargs);
  });
  it('breaks ties toward parquet, then arrow, then jsonl, json, csv, then the greater extension', () => {
    assert.equal(moduleOf(['a.arrow', 'b.jsonl']), 'arrow');
    assert.equal(moduleOf(['a.csv', 'b.json']), 'json');
    assert.equal(moduleOf(['a.txt', 'b.xml']), 'xml');
  });
  it('counts every file, with no limit on how many are looked at', () => {
    assert.equal(moduleOf([...Array.from({ length: 300 }, (_, i) => `a${i}.txt`), ...Array.from({ length: 301 }, (_, i) => `b${i}.csv`)]), 'csv');
  });
  it('asks for a zip archive to be looked into, and takes its members’ most common extension', async () => {
    assert.equal(inferModuleSync(['a.zip', 'b.zip', 'c.csv']), 'zip');
    const members = await zipMemberNames(
      memorySource(
        zip([
          ['x/1.png', Buffer.from('a')],
          ['x/2.png', Buffer.from('b')],
          ['y.jsonl', Buffer.from('{}')],
        ]),
      ),
      1 << 20,
    );
    assert.deepEqual(members, ['x/1.png', 'x/2.png', 'y.jsonl']);
    assert.equal(inferModuleFromArchiveMembers(members)?.module, 'imagefolder');
  });
  it('filters files by the builder’s extensions, case-sensitively, keeping its metadata files', () => {
    assert.deepEqual(filterFilesForModule(['train.csv', 'train.CSV', 'x.csv.gz', 'y.json'], 'csv'), ['train.csv', 'x.csv.gz']);
    assert.deepEqual(filterFilesForModule(['a/1.png', 'a/metadata.jsonl', 'notes.txt'], 'imagefolder'), ['a/1.png', 'a/metadata.jsonl']);
  });
});

describe('zip archives looked into by their central directory, whatever their size', () => {
  const big = zip([
    ['images/0001.png', Buffer.alloc(3 << 20, 1)],
    ['images/0002.png', Buffer.alloc(3 << 20, 2)],
    ['images/metadata.jsonl', Buffer.from('{"file_name": "0001.png"}\n')],
  ]);

  it('lists the members of a 6 MB archive reading only its end, within a 128 KB bound', async () => {
    const source = memorySource(big);
    assert.deepEqual(await zipMemberNames(source, 128 << 10), ['images/0001.png', 'images/0002.png', 'images/metadata.jsonl']);
    assert.ok(source.bytesRead < 70_000, `read ${source.bytesRead} bytes of ${big.length}`);
  });

  it('refuses a file that is not a zip as the dataset’s fault', async () => {
    await assert.rejects(zipMemberNames(memorySource(Buffer.alloc(1000, 7)), 1 << 20), SplitsNamesError);
  });

  it('infers the image folder of a split of zips larger than COUNT_ROWS_MAX_BYTES (the library looks into them too)', async () => {
    const repos = new LocalHubRepos();
    repos.repo('acme/zipped-images', { 'train.zip': big, 'test.zip': big });
    await repos.start();
    try {
      const counts = await repos.counts('acme/zipped-images', 1 << 20);
      assert.deepEqual(
        counts.map(([split]) => split),
        ['train', 'test'],
      );
    } finally {
      await repos.close();
    }
  });
});
