// The answer's typed errors are defined in src/errors/dataset-errors.ts (the Hub client raises them too).
export { WorkerError } from '../errors/worker-error.ts';
export * from '../errors/dataset-errors.ts';
