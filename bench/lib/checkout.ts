import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * The src/ (and jobs/) of an older commit in a temporary folder, runnable with this checkout's node_modules, for a
 * before/after comparison in one run (`BENCH_BEFORE_REF`). With `build`, also its dist/ (`tsc -p
 * tsconfig.build.json` of that commit, at low priority), for benchmarks that run the built worker. The caller
 * removes the folder.
 */
export function extractCheckout(ref: string, opts: { build?: boolean } = {}): { dir: string; sha: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-before-'));
  const sha = spawnSync('git', ['rev-parse', '--short', ref], { cwd: root, encoding: 'utf8' }).stdout.trim();
  if (!sha) throw new Error(`cannot extract ${ref}: no such commit`);
  const paths = ['src', 'jobs', 'package.json', 'tsconfig.json', 'tsconfig.build.json'].filter(
    (p) => spawnSync('git', ['cat-file', '-e', `${sha}:${p}`], { cwd: root }).status === 0,
  );
  const archive = spawnSync('sh', ['-c', `git archive ${sha} ${paths.join(' ')} | tar -x -C ${JSON.stringify(dir)}`], { cwd: root, stdio: 'inherit' });
  if (archive.status !== 0) throw new Error(`cannot extract ${ref}`);
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  if (opts.build) {
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    const built = spawnSync('nice', ['-n', '10', process.execPath, tsc, '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`cannot build ${ref} (${sha}) in ${dir}`);
  }
  return { dir, sha };
}
