/**
 * The builder inference of datasets 5.2.0 (`infer_module_for_data_files_list` and its archive variant,
 * `DataFilesList.filter`), on the cases the older rules got wrong.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { filterFilesForModule, inferModuleFromArchiveMembers, inferModuleSync } from '../../src/splits/infer-module.ts';
import { zipMemberNames } from '../../src/splits/zip-members.ts';
import { zip } from '../parity/generate.ts';

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
  it('asks for a zip archive to be looked into, and takes its members’ most common extension', () => {
    assert.equal(inferModuleSync(['a.zip', 'b.zip', 'c.csv']), 'zip');
    const members = zipMemberNames(zip([['x/1.png', Buffer.from('a')], ['x/2.png', Buffer.from('b')], ['y.jsonl', Buffer.from('{}')]]));
    assert.deepEqual(members, ['x/1.png', 'x/2.png', 'y.jsonl']);
    assert.equal(inferModuleFromArchiveMembers(members)?.module, 'imagefolder');
  });
  it('filters files by the builder’s extensions, case-sensitively, keeping its metadata files', () => {
    assert.deepEqual(filterFilesForModule(['train.csv', 'train.CSV', 'x.csv.gz', 'y.json'], 'csv'), ['train.csv', 'x.csv.gz']);
    assert.deepEqual(filterFilesForModule(['a/1.png', 'a/metadata.jsonl', 'notes.txt'], 'imagefolder'), ['a/1.png', 'a/metadata.jsonl']);
  });
});
