/**
 * `npm run parity -- [--count N] [--seed S] [--no-cache] [--show N]`: the differential test, standalone (it
 * sets up the pinned library in a virtualenv if missing and starts the local Hub itself). Prints the
 * agreement figures and a minimal reproduction of each unexcused difference; exits 1 if there is one.
 */
import { parseArgs } from 'node:util';
import { reproduction, runParity, summary } from './harness.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '500' },
    seed: { type: 'string', default: '1' },
    'no-cache': { type: 'boolean', default: false },
    show: { type: 'string', default: '20' },
    json: { type: 'string' },
  },
});
const report = await runParity({
  seed: Number(values.seed),
  count: Number(values.count),
  cache: !values['no-cache'],
  log: (s) => process.stderr.write(`${s}\n`),
});
const failing = report.results.filter((r) => r.differences.some((d) => !d.excusedBy));
for (const r of failing.slice(0, Number(values.show))) console.log(`\n${reproduction(r)}`);
if (failing.length > Number(values.show)) console.log(`\n… and ${failing.length - Number(values.show)} more`);
if (values.json) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(values.json, JSON.stringify(report.results.map((r) => ({ id: r.repo.id, tags: r.repo.tags, files: Object.keys(r.repo.files), worker: r.worker, library: r.library, differences: r.differences })), null, 1));
}
console.log(`\n${summary(report)}`);
process.exitCode = failing.length > 0 ? 1 : 0;
