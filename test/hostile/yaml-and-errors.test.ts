/**
 * Hostile README YAML: nesting that would overflow the parser's stack (and, repeated, abort V8), alias
 * amplification, and the unbounded error text they produce. Outcome: a cached SplitsNamesError with a
 * bounded message, and the process alive.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BSON } from 'mongodb';
import { computeSplits } from '../../src/splits/compute-splits.ts';
import { errorEntry, ERROR_TEXT_LIMITS } from '../../src/cache/write-splits-response.ts';
import { SplitsNamesError, UnexpectedError } from '../../src/splits/errors.ts';
import { parseYamlInThread } from '../../src/splits/yaml-thread.ts';
import { client, dataset, FakeHub, DATASET } from './fake-hub.ts';
import { expectCached } from './outcome.ts';

const OPTS = { countRowsMaxBytes: 1 << 30 };
const JSONL = '{"a":1}\n';

let hub: FakeHub;
before(async () => {
  hub = await FakeHub.start();
});
after(() => hub.close());

const withReadme = (readme: string, extra: { path: string; content: string }[] = []) =>
  hub.reset(dataset([{ path: 'README.md', content: readme }, { path: 'data/train.jsonl', content: JSONL }, ...extra]));

describe('hostile README YAML (outcome: cached SplitsNamesError, bounded, process alive)', () => {
  it('25,000 nested "[" parsed 20 times in one process: SplitsNamesError each time, before the parser sees it', async () => {
    withReadme(`---\nconfigs: ${'['.repeat(25_000)}\n---\n`);
    for (let i = 0; i < 20; i++) {
      await expectCached(computeSplits(client(hub), DATASET, OPTS), 'SplitsNamesError', /nested more than 100 levels deep/);
    }
  });

  it('a 50 KB README of 25,000 nested "[ " (parsed in a worker thread, being over 32 KB) is refused the same way', async () => {
    withReadme(`---\nconfigs: ${'[ '.repeat(25_000)}\n---\n`);
    for (let i = 0; i < 3; i++) {
      await expectCached(computeSplits(client(hub), DATASET, OPTS), 'SplitsNamesError', /nested more than 100 levels deep/);
    }
  });

  it('a large front matter (200 KB of dataset_info) is parsed off the event loop: an answer with its sizes', async () => {
    let yaml = 'dataset_info:\n';
    for (let i = 0; yaml.length < 200_000; i++) yaml += `- config_name: c${i}\n  splits:\n  - name: train\n    num_bytes: ${i}\n    num_examples: ${i + 1}\n`;
    yaml += '- config_name: default\n  splits:\n  - name: train\n    num_examples: 42\n';
    withReadme(`---\n${yaml}---\n`);
    const res = await computeSplits(client(hub), DATASET, OPTS);
    assert.deepEqual(res.splits.find((s) => s.config === 'default')?.num_examples, 42);
  });

  it('a parse that takes too long or too much memory in the thread is a SplitsNamesError', async () => {
    const big = `k: [${Array.from({ length: 20_000 }, (_, i) => `v${i}`).join(', ')}]\n`;
    await assert.rejects(parseYamlInThread(big, 'README.md', { timeoutMs: 1 }), (e: unknown) => e instanceof SplitsNamesError && /within 0.001 s/.test(e.message));
    await assert.rejects(parseYamlInThread(big.repeat(20), 'README.md', { maxOldGenerationSizeMb: 4 }), (e: unknown) => e instanceof SplitsNamesError && /needs more than 4 MB/.test(e.message));
  });

  it('nesting by indentation, by "- - -" and by "{" is refused the same way', async () => {
    let blocks = '';
    for (let i = 0; i < 300; i++) blocks += `${' '.repeat(i)}k:\n`;
    for (const yaml of [blocks, `a: ${'- '.repeat(20_000)}x\n`, `a: ${'{b: '.repeat(20_000)}\n`]) {
      withReadme(`---\n${yaml}---\n`);
      await expectCached(computeSplits(client(hub), DATASET, OPTS), 'SplitsNamesError', /nested more than 100 levels deep/);
    }
  });

  it('a deep .huggingface.yaml is refused too', async () => {
    withReadme('---\nlicense: mit\n---\n', [{ path: '.huggingface.yaml', content: `x: ${'['.repeat(25_000)}\n` }]);
    await expectCached(computeSplits(client(hub), DATASET, OPTS), 'SplitsNamesError', /\.huggingface\.yaml is nested/);
  });

  it('brackets inside quoted strings do not count as nesting (a real README still parses)', async () => {
    withReadme(`---\npretty_name: "${'['.repeat(500)}"\ndescription: '${']'.repeat(500)}'\n---\n`);
    const res = await computeSplits(client(hub), DATASET, OPTS);
    assert.equal(res.splits[0]?.num_examples, 1);
  });

  it('alias amplification past maxAliasCount is refused', async () => {
    let yaml = 'a0: &a0 [x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 30; i++) yaml += `a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]\n`;
    withReadme(`---\n${yaml}---\n`);
    await expectCached(computeSplits(client(hub), DATASET, OPTS), 'SplitsNamesError', /resource exhaustion/);
  });

  it('aliases within the count that would make a 20 MB error message make one of a few hundred characters, and a cache entry of a few KB', async () => {
    // 99 aliases of one 200 KB string: `configs` is not a list, and its whole JSON would be 19.8 MB
    const keys = Array.from({ length: 99 }, (_, i) => `  k${i}: *big`).join('\n');
    withReadme(`---\nbig: &big "${'x'.repeat(200_000)}"\nconfigs:\n${keys}\n---\n`);
    const err = await expectCached(computeSplits(client(hub), DATASET, OPTS), 'ConfigNamesError');
    assert.ok(err.message.length < 2_000, `a message of ${err.message.length} characters`);
    assert.match(err.message, /Expected configs to be a list, but got '\{"k0":"x{80}… \(200000 characters\)"/);
    const entry = errorEntry(err);
    assert.ok(entry.response.error.length <= ERROR_TEXT_LIMITS.maxMessageChars);
    const bytes = BSON.calculateObjectSize(entry);
    assert.ok(bytes < 64 * 1024, `${bytes} bytes`);
  });

  it('any error text is cut to the documented sizes: message, cause and traceback', () => {
    const cause = new Error('c'.repeat(1_000_000));
    cause.stack = Array.from({ length: 2_000 }, () => `    at ${"f".repeat(2_000)}`).join('\n');
    const entry = errorEntry(new UnexpectedError('m '.repeat(1_000_000), { cause }));
    assert.ok(entry.details.error.length <= ERROR_TEXT_LIMITS.maxMessageChars);
    assert.ok(entry.details.cause_message!.length <= ERROR_TEXT_LIMITS.maxMessageChars);
    assert.ok(entry.details.cause_traceback!.length <= ERROR_TEXT_LIMITS.maxTracebackLines + 1);
    assert.ok(entry.details.cause_traceback!.every((l) => l.length <= ERROR_TEXT_LIMITS.maxTracebackLineChars));
    assert.ok(BSON.calculateObjectSize(entry) < 64 * 1024);
  });

  it('a cut never splits a token-like word: it falls on a space', () => {
    const secret = 'hf_' + 'z'.repeat(60);
    const text = `${'word '.repeat(ERROR_TEXT_LIMITS.maxMessageChars / 5 - 20)}${secret} ${'tail '.repeat(1000)}`;
    const entry = errorEntry(new UnexpectedError(text));
    const kept = entry.response.error;
    assert.ok(!kept.includes('hf_z') || kept.includes(secret), 'either the whole secret (then scrubbed by the job) or none of it');
  });
});
