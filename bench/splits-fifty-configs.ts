/** A dataset whose README declares 50 configs (a csv per config, rows counted by streaming): wall time and Hub requests. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { report, round } from './lib/report.ts';
import { DATA_DIR, measureCompute, startHubProcess, warmHub } from './lib/splits-harness.ts';

const CONFIGS = 50;
const repos = path.join(DATA_DIR, 'fifty-configs');
const repo = path.join(repos, 'bench/fifty-configs');
if (!existsSync(path.join(repo, '.hub-repo.json'))) {
  const yaml = ['---', 'configs:'];
  for (let c = 0; c < CONFIGS; c++) {
    yaml.push(
      `- config_name: lang${c}`,
      '  data_files:',
      '  - split: train',
      `    path: "lang${c}/train-*.csv"`,
      '  - split: test',
      `    path: "lang${c}/test.csv"`,
    );
    mkdirSync(path.join(repo, `lang${c}`), { recursive: true });
    const rows = (n: number) => ['id,text', ...Array.from({ length: n }, (_, i) => `${i},"sentence ${i} of config ${c}"`)].join('\n') + '\n';
    writeFileSync(path.join(repo, `lang${c}/train-0.csv`), rows(1000));
    writeFileSync(path.join(repo, `lang${c}/train-1.csv`), rows(500));
    writeFileSync(path.join(repo, `lang${c}/test.csv`), rows(100));
  }
  yaml.push('---', '# fifty configs', '');
  writeFileSync(path.join(repo, 'README.md'), yaml.join('\n'));
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
    hub_requests: run.hubRequests,
    seconds: round(run.seconds, 2),
    peak_rss_mb: run.peakRssMb,
    rss_before_mb: run.baselineRssMb,
  });
} finally {
  hub.child.kill();
}
