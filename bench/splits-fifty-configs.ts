/** A dataset whose README declares 50 configs (a csv per config, rows counted by streaming): wall time and Hub requests. */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { report } from './lib/report.ts';
import { buildFiftyConfigsRepo, DATA_DIR, measureCompute, runFigures, startHubProcess, warmHub } from './lib/splits-harness.ts';

const CONFIGS = 50;
const repos = path.join(DATA_DIR, 'fifty-configs');
const repo = path.join(repos, 'bench/fifty-configs');
if (!existsSync(path.join(repo, '.hub-repo.json'))) {
  buildFiftyConfigsRepo(repo, CONFIGS);
  writeFileSync(path.join(repo, '.hub-repo.json'), JSON.stringify({ sha: 'b'.repeat(40) }));
}

const hub = await startHubProcess(repos);
try {
  await warmHub(hub.url, 'bench/fifty-configs');
  const run = await measureCompute(hub.url, 'bench/fifty-configs', 100 * 2 ** 20);
  if (run.response.splits.length !== CONFIGS * 2 || run.response.splits[0]!.num_examples !== 1500) throw new Error('wrong answer');
  report('splits-fifty-configs', {
    configs: CONFIGS,
    splits: run.response.splits.length,
    ...runFigures(run),
  });
} finally {
  hub.child.kill();
}
