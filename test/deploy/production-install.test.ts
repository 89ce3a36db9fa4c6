/**
 * What a user installs computes what the suite computes: the package as `npm pack` makes it, installed with its
 * production dependencies only (`npm ci --omit=dev`, as the Docker image does; no tsx, no TypeScript), runs the
 * `compute` CLI against the local Hub on a dataset whose README has a 500 KB front matter, the size that the worker
 * parses in a thread of its own. npm installs from its cache only (`--offline`): the test downloads nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalHub } from '../../src/local-hub/hub-server.ts';
import { childEnv } from '../helpers/env.ts';
import { assertBuilt, root } from '../helpers/built.ts';

const DATASET = 'acme/huge-front-matter';
const FRONT_MATTER_BYTES = 500 * 1024;

let dir: string;
let installed: string;
let hub: LocalHub;

function npm(args: string[], cwd: string): string {
  try {
    return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: 'pipe', env: childEnv({ npm_config_audit: 'false', npm_config_fund: 'false' }) });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string };
    throw new Error(
      `npm ${args.join(' ')} failed${/ENOTCACHED/.test(e.stderr ?? '') ? " (a package is not in npm's cache: run npm ci once online)" : ''}:\n${e.stderr ?? ''}${e.stdout ?? ''}`,
      { cause: err },
    );
  }
}

/** A README whose YAML front matter (configs, and a dataset_info padded with features) is FRONT_MATTER_BYTES long. */
function bigReadme(): string {
  let yaml =
    'configs:\n  - config_name: big\n    data_files:\n      - split: train\n        path: data/train.jsonl\n      - split: test\n        path: data/test.jsonl\n';
  yaml += 'dataset_info:\n  config_name: big\n  features:\n';
  for (let i = 0; yaml.length < FRONT_MATTER_BYTES; i++) yaml += `    - name: column_${String(i).padStart(6, '0')}\n      dtype: string\n`;
  return `---\n${yaml}---\n# A dataset with a large card\n`;
}

before(async () => {
  assertBuilt();
  dir = mkdtempSync(path.join(os.tmpdir(), 'splits-production-install-'));
  // the tarball of what `npm publish` would ship, from the dist/ that `npm test` has just built
  npm(['pack', '--ignore-scripts', '--pack-destination', dir], root);
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack made a tarball');
  execFileSync('tar', ['xzf', path.join(dir, tarball), '-C', dir]);
  installed = path.join(dir, 'package');
  copyFileSync(path.join(root, 'package-lock.json'), path.join(installed, 'package-lock.json'));
  npm(['ci', '--omit=dev', '--offline', '--ignore-scripts'], installed);

  const repo = path.join(dir, 'repos', DATASET);
  mkdirSync(path.join(repo, 'data'), { recursive: true });
  writeFileSync(path.join(repo, 'README.md'), bigReadme());
  writeFileSync(path.join(repo, 'data/train.jsonl'), '{"a":1}\n{"a":2}\n{"a":3}\n');
  writeFileSync(path.join(repo, 'data/test.jsonl'), '{"a":4}\n{"a":5}\n');
  hub = new LocalHub(path.join(dir, 'repos'));
  await hub.listen();
});

after(async () => {
  await hub?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the installed `splits-worker` command (asynchronously: the local Hub answers it from this process). */
function installedCli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [path.join(installed, 'bin/splits-worker.js'), ...args], {
    cwd: installed,
    env: childEnv({ NODE_OPTIONS: '', NODE_ENV: 'production', HF_ENDPOINT: hub.url, HF_DATASETS_CACHE: path.join(dir, 'hf-cache') }),
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

describe('a production install (npm pack, then npm ci --omit=dev)', () => {
  it('has no development dependency to lean on', () => {
    assert.ok(existsSync(path.join(installed, 'node_modules/yaml')));
    assert.ok(!existsSync(path.join(installed, 'node_modules/tsx')), 'tsx is not installed');
    assert.ok(!existsSync(path.join(installed, 'node_modules/typescript')), 'typescript is not installed');
  });

  it('computes a dataset whose README has a 500 KB front matter', async () => {
    const readme = readFileSync(path.join(dir, 'repos', DATASET, 'README.md'), 'utf8');
    assert.ok(readme.length > FRONT_MATTER_BYTES, 'the front matter is over 500 KB, parsed in the YAML thread');
    const res = await installedCli('compute', DATASET);
    assert.equal(res.code, 0, res.out + res.err);
    const answer = JSON.parse(res.out) as { splits: { config: string; split: string; num_examples: number }[] };
    assert.deepEqual(
      answer.splits.map((s) => [s.config, s.split, s.num_examples]),
      [
        ['big', 'train', 3],
        ['big', 'test', 2],
      ],
    );
  });

  it('prints its version', async () => {
    const res = await installedCli('--version');
    assert.equal(res.code, 0, res.err);
    assert.equal(res.out.trim(), (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version);
  });
});
