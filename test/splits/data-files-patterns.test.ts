/**
 * Split-pattern inference, with the cases of the `datasets` library's own tests
 * (tests/test_data_files.py: test_get_data_files_patterns, test_get_data_patterns_from_directory_with_the_word_data_twice)
 * carried over as input → expected output, for each base path of the upstream parametrization.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import picomatch from 'picomatch';
import {
  ALL_DEFAULT_PATTERNS,
  inferDataFilesPatterns,
  matcher,
  resolvePattern,
  sanitizePatterns,
  NoDataFilesError,
} from '../../src/splits/data-files-patterns.ts';

type Case = Record<string, string | string[]>;

const UPSTREAM_CASES: Case[] = [
  // === Main cases ===
  { train: 'train.txt', validation: 'valid.txt', test: 'test.txt' },
  { train: 'data/train.txt', validation: 'data/valid.txt', test: 'data/test.txt' },
  { train: 'train/split.txt', validation: 'valid/split.txt', test: 'test/split.txt' },
  {
    train: [0, 1, 2].map((i) => `data/train_${i}.txt`),
    validation: [0, 1, 2].map((i) => `data/validation_${i}.txt`),
    test: [0, 1, 2].map((i) => `data/test_${i}.txt`),
  },
  {
    train: [0, 1, 2].map((i) => `data/train-0000${i}-of-00003.txt`),
    validation: [0, 1, 2].map((i) => `data/validation-0000${i}-of-00003.txt`),
    test: [0, 1, 2].map((i) => `data/test-0000${i}-of-00003.txt`),
    random: [0, 1, 2].map((i) => `data/random-0000${i}-of-00003.txt`),
  },
  // === Secondary cases ===
  { train: 'dataset.txt' },
  { train: 'data/dataset.txt' },
  { train: ['data/image.jpg', 'metadata.jsonl'] },
  { train: ['data/image.jpg', 'metadata.csv'] },
  { train: 'my_train_dir/dataset.txt' },
  { train: 'data/my_train_file.txt' },
  { test: 'my_test_dir/dataset.txt' },
  { test: 'data/my_test_file.txt' },
  { validation: 'my_validation_dir/dataset.txt' },
  { validation: 'data/my_validation_file.txt' },
  { train: 'train_dir/dataset.txt' },
  { train: 'data/train_file.txt' },
  { test: 'test_dir/dataset.txt' },
  { test: 'data/test_file.txt' },
  { validation: 'validation_dir/dataset.txt' },
  { validation: 'data/validation_file.txt' },
  { train: 'my_train/dataset.txt' },
  { train: 'data/my_train.txt' },
  { test: 'my_test/dataset.txt' },
  { test: 'data/my_test.txt' },
  { validation: 'my_validation/dataset.txt' },
  { validation: 'data/my_validation.txt' },
  { test: 'eval.txt' },
  { test: 'data/eval.txt' },
  { test: 'eval/dataset.txt' },
  { validation: 'dev.txt' },
  { validation: 'data/dev.txt' },
  { validation: 'dev/dataset.txt' },
  { validation: 'val.txt' },
  { validation: 'data/val.txt' },
  { train: 'train.parquet', validation: 'valid.parquet', test: 'test.parquet' },
  { train: 'developers_list.txt' },
  { train: 'data/seqeval_results.txt' },
  { train: 'contest.txt' },
  { test: 'my.test.file.txt' },
  { test: 'my-test-file.txt' },
  { test: 'my_test_file.txt' },
  { test: 'my test file.txt' },
  { test: 'my-test_file.txt' },
  { test: 'test00001.txt' },
  { test: 'test/train.txt' },
];

/** The upstream test runs each case at the root and under "my_dir" (the mock:// base is the root too). */
const BASE_PATHS = ['', 'my_dir'];

describe('split-pattern inference (ported from datasets tests/test_data_files.py)', () => {
  let ported = 0;
  for (const base of BASE_PATHS) {
    for (const c of UPSTREAM_CASES) {
      ported++;
      const expected = Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
      it(`finds splits ${JSON.stringify(Object.keys(expected))} in ${JSON.stringify(Object.values(expected).flat())}${base ? ` under ${base}/` : ''}`, () => {
        // the repo holds the files under `base` (plus a stray file outside it); patterns are resolved
        // relative to the base, as for a config's data_dir
        const repo = [
          ...Object.values(expected)
            .flat()
            .map((f) => (base ? `${base}/${f}` : f)),
          ...(base ? ['other/stray_train.txt'] : []),
        ];
        const prefix = base ? `${base}/` : '';
        const all = repo
          .filter((f) => f.startsWith(prefix))
          .map((f) => f.slice(prefix.length))
          .sort();
        const patterns = inferDataFilesPatterns(all);
        assert.deepEqual(Object.keys(patterns), Object.keys(expected), 'split names and order');
        for (const [split, ps] of Object.entries(patterns)) {
          const matched = ps.flatMap((p) => {
            try {
              return resolvePattern(p, all);
            } catch {
              return [];
            }
          });
          assert.deepEqual(matched, [...expected[split]!].sort(), `files of ${split}`);
        }
      });
    }
  }
  it(`ports ${UPSTREAM_CASES.length} upstream cases at ${BASE_PATHS.length} base paths`, () => {
    assert.equal(ported, UPSTREAM_CASES.length * BASE_PATHS.length);
  });

  it('uses the sharded pattern of data/ even when a parent folder name ends with "data" (upstream: the word data twice)', () => {
    assert.deepEqual(inferDataFilesPatterns(['data/train-00001-of-00009.parquet']), {
      train: ['data/train-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]*.*'],
    });
  });

  it('orders sharded splits train, validation, test, then the others sorted', () => {
    const files = ['data/zeta-00000-of-00001.csv', 'data/test-00000-of-00001.csv', 'data/alpha-00000-of-00001.csv', 'data/train-00000-of-00001.csv'];
    assert.deepEqual(Object.keys(inferDataFilesPatterns(files)), ['train', 'test', 'alpha', 'zeta']);
  });

  it('ignores hidden files, special folders and the files datasets never treats as data', () => {
    assert.throws(
      () => inferDataFilesPatterns(['README.md', '.gitattributes', '.hidden/train.csv', '__pycache__/x.csv', 'dataset_infos.json']),
      NoDataFilesError,
    );
    assert.deepEqual(resolvePattern('**', ['a.csv', '.hidden.csv', 'README.md', '__cache__/b.csv']), ['a.csv']);
    assert.deepEqual(resolvePattern('.hidden.csv', ['a.csv', '.hidden.csv']), ['.hidden.csv']);
  });

  it('keeps only files with a data extension when asked', () => {
    assert.deepEqual(resolvePattern('**', ['a.csv', 'b.md', 'c.csv.gz', 'LICENSE'], new Set(['.csv'])), ['a.csv', 'c.csv.gz']);
  });
});

describe('the default patterns, matched segment by segment', () => {
  it("give picomatch's answer on every path of a varied set", () => {
    const names = ['train', 'training', 'test', 'my-train', 'train_1', 'x.train.y', 'valid', 'dev', 'a', '.hidden', '__x', 'TRAIN', 'eval', 'val-0'];
    const more = ['task.toml', 'instruction.md', 'f.eval', 'train.csv', 'test-00000-of-00001.parquet', 'trainer', 'pretrain', 'x train y', '0test0', '.train'];
    const paths: string[] = [];
    for (const a of [...names, ...more]) {
      paths.push(a);
      for (const b of [...names, ...more]) for (const c of ['', '/x.jpg', '/train.json', '/d/e.csv', `/${'d'.repeat(100)}/f.txt`]) paths.push(`${a}/${b}${c}`);
    }
    const patterns = [...new Set(ALL_DEFAULT_PATTERNS.flatMap((g) => Object.values(g).flat()))];
    let matched = 0;
    for (const pattern of patterns) {
      const regex = picomatch(pattern, { dot: true, nobrace: true, noextglob: true });
      const ours = matcher(pattern);
      // in listing order and backwards: a folder's kept answer must serve only that folder's files
      for (const path of [...paths, ...[...paths].reverse()]) {
        assert.equal(ours(path), regex(path), `${pattern} on ${path}`);
        if (regex(path)) matched++;
      }
    }
    assert.ok(matched > 2000, `the set exercises the patterns (${matched} matches)`);
  });
});

describe('data_files as written in a README (sanitize_patterns)', () => {
  it('takes a string as the train split', () => assert.deepEqual(sanitizePatterns('data/*.csv'), { train: ['data/*.csv'] }));
  it('takes a list of strings as the train split', () => assert.deepEqual(sanitizePatterns(['a/*', 'b/*']), { train: ['a/*', 'b/*'] }));
  it('takes a split → pattern(s) mapping in its order', () =>
    assert.deepEqual(sanitizePatterns({ test: 't.csv', train: ['a.csv', 'b.csv'] }), { test: ['t.csv'], train: ['a.csv', 'b.csv'] }));
  it('takes a list of {split, path}', () =>
    assert.deepEqual(
      sanitizePatterns([
        { split: 'train', path: 'x/*' },
        { split: 'dev', path: ['y', 'z'] },
      ]),
      { train: ['x/*'], dev: ['y', 'z'] },
    ));
  it('refuses duplicated splits and malformed entries', () => {
    assert.throws(
      () =>
        sanitizePatterns([
          { split: 'train', path: 'a' },
          { split: 'train', path: 'b' },
        ]),
      /duplicated/,
    );
    assert.throws(() => sanitizePatterns([{ split: 'train' }]), /Invalid format for data_files entry/);
  });
});
