/** The package's entry point (`import { SplitsQueue } from 'splits-worker'`): what producer services use. */
export { SplitsQueue, type SplitsQueueOptions, type SplitsJobPriority } from './producer/splits-queue.ts';
export { SPLITS_JOB_NAME, isHubRepoId, type SplitsJobData } from './queue/job-data.ts';
export { InvalidJobDataError } from './errors/worker-error.ts';
export { ServiceUnavailableError } from './errors/service-unavailable.ts';
