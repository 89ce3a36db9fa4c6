/**
 * `npm run build` (tsc with tsconfig.build.json) emits JavaScript that Node runs without a loader: the
 * `.ts` import specifiers are rewritten to `.js`, and the built CLI starts.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
// inside the project, so that the emitted files resolve the project's node_modules as dist/ does
const outDir = path.join(root, '.cache', `build-test-${process.pid}`);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

describe('npm run build', () => {
  before(() => execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: root, stdio: 'pipe' }));
  after(() => rmSync(outDir, { recursive: true, force: true }));

  it('emits the worker and the CLI entry points with .js import specifiers', () => {
    const main = readFileSync(path.join(outDir, 'src/main.js'), 'utf8');
    assert.match(main, /from "\.\/worker\/run-worker-process\.js"/);
    assert.doesNotMatch(main, /\.ts"/);
    assert.ok(existsSync(path.join(outDir, 'src/cli/main.js')));
  });

  it('gives a CLI that plain node runs, without tsx', () => {
    const res = spawnSync(process.execPath, [path.join(outDir, 'src/cli/main.js')], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    assert.match(res.stdout + res.stderr, /usage: splits-worker/);
  });

  it('is what `npm start` runs, with node directly', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.equal(pkg.scripts.start, 'node dist/src/main.js');
    assert.equal(pkg.scripts.build, 'tsc -p tsconfig.build.json');
  });
});
