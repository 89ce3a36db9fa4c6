/** The worker process: `npm start` runs the build (`node dist/src/main.js`); in development `npm run start:dev`. */
import { runWorkerProcess } from './worker/run-worker-process.ts';
import { hubComputeSplits } from './splits/hub-compute-splits.ts';

await runWorkerProcess(({ config, metrics, logger }) => hubComputeSplits(config, metrics, logger));
