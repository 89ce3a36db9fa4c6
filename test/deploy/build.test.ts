/**
 * `npm run build` (tsc with tsconfig.build.json) emits JavaScript that Node runs without a loader: the
 * `.ts` import specifiers are rewritten to `.js`, and the built CLI starts.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parquetFooterFile } from '../helpers/parquet-footer-bytes.ts';

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

  it('gives a parquet footer thread that plain node starts, its entry the .js next to the built module', () => {
    const file = parquetFooterFile(5000);
    const length = Buffer.from(file).readUInt32LE(file.byteLength - 8);
    const tailFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'splits-footer-')), 'tail');
    writeFileSync(tailFile, file.subarray(file.byteLength - 8 - length));
    const module = pathToFileURL(path.join(outDir, 'src/hub/parquet-footer.js')).href;
    const script = `import { readFileSync } from 'node:fs';
      const { parquetFooterRowCount } = await import(${JSON.stringify(module)});
      console.log(await parquetFooterRowCount(new Uint8Array(readFileSync(${JSON.stringify(tailFile)})), 'x.parquet', { inlineMaxBytes: 0 }));`;
    const scriptFile = path.join(path.dirname(tailFile), 'run.mjs');
    writeFileSync(scriptFile, script);
    const res = spawnSync(process.execPath, [scriptFile], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    assert.equal(res.stdout.trim(), '5000', res.stderr);
  });

  it('is what `npm start` runs, with node directly', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.equal(pkg.scripts.start, 'node dist/src/main.js');
    assert.equal(pkg.scripts.build, 'tsc -p tsconfig.build.json');
  });
});
