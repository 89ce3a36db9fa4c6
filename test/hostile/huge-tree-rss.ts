/**
 * The cost of a huge tree, measured: the fake Hub (in a child process, so that its memory is not counted) lists a
 * synthetic repository page by page, and this process computes its /splits answer as the worker does, then prints
 * the answer's figures, the time and this process's peak RSS.
 *
 *     node --import tsx test/hostile/huge-tree-rss.ts [--files 500000] [--path-chars 4000] [--train-files N] [--page-size 1000]
 *
 * docs/limits.md reports its figures.
 */
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { computeSplits } from '../../src/splits/compute-splits.ts';
import { client, FakeHub, DATASET } from './fake-hub.ts';
import { syntheticTreeHandler, type SyntheticTree } from './synthetic-tree.ts';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '500000' },
    'path-chars': { type: 'string', default: '4000' },
    'train-files': { type: 'string' },
    'page-size': { type: 'string', default: '1000' },
    serve: { type: 'boolean', default: false },
  },
});
const tree: SyntheticTree = {
  files: Number(values.files),
  pathChars: Number(values['path-chars']),
  pageSize: Number(values['page-size']),
  ...(values['train-files'] ? { trainFiles: Number(values['train-files']) } : {}),
};

if (values.serve) {
  const hub = await FakeHub.start();
  hub.reset(syntheticTreeHandler(tree));
  process.send!(hub.url);
} else {
  const server = fork(import.meta.filename, [...process.argv.slice(2), '--serve'], { execArgv: ['--import', 'tsx'] });
  const url = await new Promise<string>((resolve) => server.once('message', (m) => resolve(m as string)));
  const hub = { url } as FakeHub;
  const t0 = Date.now();
  try {
    const res = await computeSplits(
      client(hub, { timeoutMs: 120_000, idleTimeoutMs: 120_000, limits: { maxTreeFiles: Math.max(500_000, tree.files) } }),
      DATASET,
      { countRowsMaxBytes: 100 * 1024 * 1024 },
    );
    console.log(JSON.stringify({ splits: res.splits.map((s) => [s.config, s.split, s.num_examples]) }));
  } catch (err) {
    console.log(`error: ${String(err)}`);
    process.exitCode = 1;
  } finally {
    server.kill();
  }
  console.log(
    JSON.stringify({
      ...tree,
      seconds: (Date.now() - t0) / 1000,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      heapUsedMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    }),
  );
}
