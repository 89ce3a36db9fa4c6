/** The worker process: `npm start` (or `node --import tsx src/main.ts`). */
import { runWorkerProcess } from './worker/run-worker-process.ts';
import { hubComputeSplits } from './splits/hub-compute-splits.ts';

await runWorkerProcess(({ config, metrics, logger }) => hubComputeSplits(config, metrics, logger));
