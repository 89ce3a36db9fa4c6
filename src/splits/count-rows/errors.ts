import { WorkerError } from '../../errors/worker-error.ts';

/**
 * Counting would need more than the bounds allow (bytes read from the Hub, decompressed bytes, entries,
 * nesting depth). Never cached as such: the dispatcher turns it into `num_examples: null`.
 */
export class CountLimitError extends WorkerError {
  readonly errorCode = 'CountRowsLimitExceeded';
  readonly httpStatus = 500;
}

/**
 * The file is not what its name says (truncated gzip, bad tar header, JSON the library would reject…), or is
 * in a shape whose row count this worker does not know for certain. The dispatcher turns it into `null`.
 */
export class CountFormatError extends WorkerError {
  readonly errorCode = 'CountRowsUnknownFormat';
  readonly httpStatus = 500;
}
