/**
 * npm run torture -- [--minutes N] [--seed S] [--jobs N] [--datasets N] [--workers N]
 * Runs the queue torture test standalone (it starts its own MongoDB-protocol server and workers), prints the
 * figures, and exits non-zero on any violation.
 */
import { parseArgs } from 'node:util';
import { runTorture } from './torture.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '2' },
    seed: { type: 'string', default: String(Math.floor(Math.random() * 100_000)) },
    jobs: { type: 'string', default: '1000' },
    datasets: { type: 'string', default: '30' },
    workers: { type: 'string', default: '4' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
if (values.help) {
  process.stdout.write('usage: npm run torture -- [--minutes N] [--seed S] [--jobs N] [--datasets N] [--workers N]\n');
  process.exit(0);
}
const report = await runTorture({
  seed: Number(values.seed),
  faultSeconds: Number(values.minutes) * 60,
  jobs: Number(values.jobs),
  datasets: Number(values.datasets),
  workers: Number(values.workers),
  log: (line) => process.stderr.write(`# ${line}\n`),
});
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(report.violations.length === 0 ? 'torture: 0 violations\n' : `torture: ${report.violations.length} violations\n`);
process.exit(report.violations.length === 0 ? 0 : 1);
