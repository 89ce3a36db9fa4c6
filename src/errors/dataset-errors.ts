import { WorkerError } from './worker-error.ts';

/* The typed errors of a dataset's answer (dataset-viewer's names), cached with their error_code. They live at the
 * bottom layer because the Hub client raises them as well as the computation (src/splits/errors.ts re-exports them). */

/** The dataset does not exist, or is private or gated and the token gives no access (the Hub says 401/403/404). */
export class DatasetNotFoundError extends WorkerError {
  readonly errorCode = 'DatasetNotFoundError';
  readonly httpStatus = 404;
}

/** The repository has no data file the `datasets` library would load. */
export class EmptyDatasetError extends WorkerError {
  readonly errorCode = 'EmptyDatasetError';
  readonly httpStatus = 500;
}

/** The repository only has a loading script, which `datasets` 4 no longer runs. */
export class DatasetWithScriptNotSupportedError extends WorkerError {
  readonly errorCode = 'DatasetWithScriptNotSupportedError';
  readonly httpStatus = 501;
}

/** The configs or splits could not be determined (bad README YAML, a pattern that matches nothing, …). */
export class SplitsNamesError extends WorkerError {
  readonly errorCode = 'SplitsNamesError';
  readonly httpStatus = 500;
}

/** Anything else that went wrong while computing; cached so that the failure is visible. */
export class UnexpectedError extends WorkerError {
  readonly errorCode = 'UnexpectedError';
  readonly httpStatus = 500;
}

/** The Hub answered 429/5xx, hung or dropped the connection, after every retry. Not cached: the job is retried. */
export class HubUnavailableError extends WorkerError {
  readonly errorCode = 'HubUnavailableError';
  readonly httpStatus = 503;
  override readonly transient = true;
}

/**
 * The Hub (or a CDN hop) pointed a request at an origin that is neither HF_ENDPOINT's nor one of
 * HF_ALLOWED_REDIRECT_ORIGINS: nothing was requested there, so nothing from there is in the error. Transient
 * (the Hub's or the configuration's doing, not the dataset's): retried, never cached, so a hostile hop cannot
 * replace the answer in place.
 */
export class HubRedirectNotAllowedError extends WorkerError {
  readonly errorCode = 'HubRedirectNotAllowedError';
  readonly httpStatus = 502;
  override readonly transient = true;
}

/**
 * A file of the dataset is larger than the worker reads for its purpose (a README over
 * HF_MAX_METADATA_FILE_BYTES, a parquet footer over PARQUET_MAX_FOOTER_BYTES): the dataset is at fault.
 */
export class FileTooBigError extends WorkerError {
  readonly errorCode = 'FileTooBigError';
  readonly httpStatus = 500;
}

/** The repository's tree has more files (HF_MAX_TREE_FILES) or pages (HF_MAX_TREE_PAGES) than the worker lists. */
export class DatasetWithTooManyFilesError extends WorkerError {
  readonly errorCode = 'DatasetWithTooManyFilesError';
  readonly httpStatus = 500;
}

/** Computing the dataset would take more than HF_MAX_REQUESTS_PER_JOB requests to the Hub. */
export class TooManyHubRequestsError extends WorkerError {
  readonly errorCode = 'TooManyHubRequestsError';
  readonly httpStatus = 500;
}

/**
 * The README's `configs:` or `dataset_info` is one the library rejects (MetadataConfigs, BuilderConfig,
 * DatasetInfosDict): a config without `config_name`, a name with a forbidden character, `data_files` in a
 * form it does not accept, several default configs, an unknown key in a split of `dataset_info`.
 */
export class ConfigNamesError extends WorkerError {
  readonly errorCode = 'ConfigNamesError';
  readonly httpStatus = 500;
}

/** The splits' files are read by different builders ("Couldn't infer the same data file format for all splits"). */
export class FileFormatMismatchBetweenSplitsError extends WorkerError {
  readonly errorCode = 'FileFormatMismatchBetweenSplitsError';
  readonly httpStatus = 500;
}
