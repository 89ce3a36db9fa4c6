/**
 * Names ordered as Python's `sorted()` orders them (by code point), with Python itself as the oracle: split names and
 * archive members beyond the Basic Multilingual Plane sort after U+E000–U+FFFF, not before as UTF-16 units would.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { comparePython, sortedPython } from '../../src/splits/python-order.ts';
import { inferDataFilesPatterns } from '../../src/splits/data-files-patterns.ts';

/** A seeded generator of names mixing ASCII, the upper BMP (U+E000–U+FFFF) and astral characters. */
function names(seed: number, count: number): string[] {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31);
  const alphabet = ['a', 'b', 'Z', '_', '\u00e9', '\ud7ff', '\ue000', '\uff21', '\ufffd', '\u{1d400}', '\u{1f600}', '\u{10000}', '\u{2f800}'];
  return Array.from({ length: count }, () => Array.from({ length: 1 + (next() % 4) }, () => alphabet[next() % alphabet.length]).join(''));
}

describe("Python's order of names", () => {
  it('sorts 2,000 names exactly as Python sorted() does', () => {
    const input = names(7, 2000);
    const python = JSON.parse(
      execFileSync('python3', ['-c', 'import json,sys; print(json.dumps(sorted(json.load(sys.stdin))))'], { input: JSON.stringify(input), encoding: 'utf8' }),
    ) as string[];
    assert.deepEqual(sortedPython(input), python);
    assert.notDeepEqual([...input].sort(), python, 'the sample has names that UTF-16 order puts elsewhere');
  });
  it('puts an astral character after U+FFxx', () => {
    assert.ok(comparePython('\u{1d400}', '\uff21') > 0);
    assert.ok(comparePython('\uff21', '\u{1d400}') < 0);
    assert.equal(comparePython('a\u{1f600}', 'a\u{1f600}'), 0);
  });
  it('orders split names found in sharded file names by code point', () => {
    const files = ['data/\uff21-00000-of-00001.csv', 'data/\u{1d400}-00000-of-00001.csv', 'data/train-00000-of-00001.csv'];
    assert.deepEqual(Object.keys(inferDataFilesPatterns(files)), ['train', '\uff21', '\u{1d400}']);
  });
});
