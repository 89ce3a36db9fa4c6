import os from 'node:os';
import path from 'node:path';
import { bool, cleanEnv, makeValidator, port, str, url, EnvError } from 'envalid';
import { mongoUrlProblem, redactMongoUrl } from './mongo-url.ts';

/**
 * One bad environment variable: its name, the value given and what is allowed. A secret's value is never
 * kept nor shown: HF_TOKEN is described by its length only, MONGO_URL with its password and secret options masked.
 */
export class ConfigError extends Error {
  readonly errorCode = 'ConfigError';
  readonly problems: { name: string; value: string | undefined; allowed: string }[];
  constructor(problems: { name: string; value: string | undefined; allowed: string }[]) {
    const shown = problems.map((p) => ({ ...p, value: showValue(p.name, p.value) }));
    super(shown.map((p) => `invalid configuration: ${p.name}=${p.value ?? '""'}: ${p.allowed}`).join('\n'));
    this.problems = shown;
    this.name = 'ConfigError';
  }
}

/** Variables whose value is a secret as a whole. */
const SECRET_VARIABLES = new Set(['HF_TOKEN']);
/** Longest value shown in a configuration error (a pasted file could be anything). */
const MAX_SHOWN_VALUE_CHARS = 200;

/** A value as a configuration error may print it: never a secret, never long. */
export function showValue(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (SECRET_VARIABLES.has(name)) return `<secret, ${value.length} characters>`;
  let shown = name === 'MONGO_URL' ? redactMongoUrl(value) : value;
  shown = maskUrlPassword(shown);
  if (shown.length > MAX_SHOWN_VALUE_CHARS) shown = `${shown.slice(0, MAX_SHOWN_VALUE_CHARS)}…`;
  return JSON.stringify(shown);
}

/** `scheme://user:password@host` → `scheme://user:****@host`, also when the rest is malformed. */
export function maskUrlPassword(url: string): string {
  const at = url.lastIndexOf('@');
  const scheme = url.indexOf('://');
  if (at < 0) return url;
  const credsStart = scheme >= 0 && scheme < at ? scheme + 3 : 0;
  const creds = url.slice(credsStart, at);
  const colon = creds.indexOf(':');
  if (colon < 0) return url;
  return `${url.slice(0, credsStart)}${creds.slice(0, colon)}:****${url.slice(at)}`;
}

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const home = os.homedir();

const integer = (min: number) =>
  makeValidator<number>((input) => {
    const n = Number(input);
    if (input.trim() === '' || !Number.isInteger(n) || n < min) throw new EnvError(`an integer >= ${min}`);
    return n;
  });

const percent = makeValidator<number>((input) => {
  const n = Number(input);
  if (input.trim() === '' || !Number.isFinite(n) || n < 0) throw new EnvError('a number of percent >= 0 (0 disables the check)');
  return n;
});

const seconds = makeValidator<number>((input) => {
  const n = Number(input);
  if (input.trim() === '' || !Number.isFinite(n) || n <= 0) throw new EnvError('a number of seconds > 0');
  return n;
});

/** Any connection string the MongoDB driver accepts, checked by its own parser (mongo-url.ts). */
const mongoUrl = makeValidator<string>((input) => {
  const problem = mongoUrlProblem(input);
  if (problem)
    throw new EnvError(
      `a MongoDB connection string the driver accepts, mongodb://host[:port][,host[:port]…][/db][?options] or mongodb+srv://host[/db][?options] (${problem})`,
    );
  return input;
});

const dbName = makeValidator<string>((input) => {
  if (!/^[^/\\. "$*<>:|?]{1,63}$/.test(input)) throw new EnvError('a MongoDB database name (1-63 characters, none of /\\. "$*<>:|?)');
  return input;
});

/** A Hugging Face token is `hf_` then letters and digits: anything else would fail every job as a Hub outage. */
const token = makeValidator<string>((input) => {
  if (input === '') return input;
  if (/\s/.test(input)) throw new EnvError('a Hugging Face token (hf_…) without spaces or newlines (a secret file read with its trailing newline?), or empty');
  if (!input.startsWith('hf_')) throw new EnvError('a Hugging Face token, which starts with "hf_", or empty');
  return input;
});

const bytes = (min: number) =>
  makeValidator<number>((input) => {
    const n = Number(input);
    if (input.trim() === '' || !Number.isSafeInteger(n) || n < min) throw new EnvError(`a number of bytes >= ${min}`);
    return n;
  });

/** Every variable the worker reads, with its default. The README documents each one. */
const spec = {
  DATASETS_REVISION: str({ default: 'main' }),
  HF_DATASETS_CACHE: str({ default: path.join(home, '.cache/huggingface/datasets') }),
  HF_MODULES_CACHE: str({ default: path.join(home, '.cache/huggingface/modules') }),
  HF_ENDPOINT: url({ default: 'https://huggingface.co' }),
  HF_TOKEN: token({ default: '' }),
  HF_TIMEOUT_SECONDS: seconds({ default: 30 }),
  HF_MAX_RETRIES: integer(0)({ default: 4 }),
  LOG_LEVEL: str({ choices: LOG_LEVELS, default: 'INFO' }),
  MAX_JOBS_PER_DATASET: makeValidator<number>((input) => {
    const n = Number(input);
    if (input.trim() === '' || !Number.isInteger(n)) throw new EnvError('an integer (< 1 means no limit)');
    return n;
  })({ default: 1 }),
  MAX_LOAD_PCT: percent({ default: 70 }),
  MAX_MEMORY_PCT: percent({ default: 80 }),
  MONGO_CACHE_DATABASE: dbName({ default: 'datasets_server_cache' }),
  MONGO_QUEUE_DATABASE: dbName({ default: 'datasets_server_queue' }),
  MONGO_URL: mongoUrl({ default: 'mongodb://localhost:27017' }),
  NUMBA_CACHE_DIR: str({ default: '' }),
  WORKER_SLEEP_SECONDS: seconds({ default: 15 }),
  WORKER_CONCURRENCY: integer(1)({ default: 1 }),
  WORKER_LOCK_SECONDS: seconds({ default: 600 }),
  WORKER_GRACE_SECONDS: seconds({ default: 60 }),
  WORKER_MAX_ATTEMPTS: integer(1)({ default: 5 }),
  WORKER_MAX_JOB_DURATION_SECONDS: seconds({ default: 1200 }),
  WORKER_RETRY_BASE_SECONDS: seconds({ default: 10 }),
  MONGO_CONNECT_TIMEOUT_SECONDS: seconds({ default: 10 }),
  METRICS_PORT: port({ default: 9464 }),
  METRICS_ENABLED: bool({ default: true }),
  METRICS_REFRESH_SECONDS: seconds({ default: 15 }),
  METRICS_REFRESH_TIMEOUT_SECONDS: seconds({ default: 5 }),
  FINISHED_JOBS_RETENTION_SECONDS: makeValidator<number>((input) => {
    const n = Number(input);
    // An hour at least: longer than any retry delay (capped at 10 minutes), so no job waiting for a retry is purged.
    if (input.trim() === '' || !Number.isInteger(n) || (n !== 0 && n < 3600)) throw new EnvError('an integer of seconds >= 3600, or 0 to keep finished jobs');
    return n;
  })({ default: 7 * 24 * 3600 }),
  COUNT_ROWS_MAX_BYTES: integer(0)({ default: 100 * 1024 * 1024 }),
  HF_MAX_METADATA_FILE_BYTES: bytes(1)({ default: 10 * 1024 * 1024 }),
  PARQUET_MAX_FOOTER_BYTES: bytes(8)({ default: 16 * 1024 * 1024 }),
  HF_MAX_TREE_FILES: integer(1)({ default: 500_000 }),
  HF_MAX_TREE_PAGES: integer(1)({ default: 10_000 }),
  HF_MAX_REQUESTS_PER_JOB: integer(1)({ default: 1_000_000 }),
  FIRST_ROWS_HANDOFF_ENABLED: bool({ default: true }),
};

export interface Config {
  datasetsRevision: string;
  hfDatasetsCache: string;
  hfModulesCache: string;
  hfEndpoint: string;
  hfToken: string | undefined;
  hfTimeoutMs: number;
  hfMaxRetries: number;
  logLevel: LogLevel;
  /** undefined: no limit */
  maxJobsPerDataset: number | undefined;
  /** 0: check disabled */
  maxLoadPct: number;
  /** 0: check disabled */
  maxMemoryPct: number;
  mongoUrl: string;
  mongoCacheDatabase: string;
  mongoQueueDatabase: string;
  numbaCacheDir: string;
  workerSleepMs: number;
  workerConcurrency: number;
  lockLifetimeMs: number;
  graceMs: number;
  maxAttempts: number;
  /** a run is stopped and its typed error cached after this long */
  maxJobDurationMs: number;
  retryBaseMs: number;
  mongoConnectTimeoutMs: number;
  metricsPort: number;
  metricsEnabled: boolean;
  metricsRefreshMs: number;
  metricsRefreshTimeoutMs: number;
  /** 0: finished jobs are kept */
  finishedJobsRetentionSeconds: number;
  countRowsMaxBytes: number;
  hubLimits: {
    maxMetadataFileBytes: number;
    maxParquetFooterBytes: number;
    maxTreeFiles: number;
    maxTreePages: number;
    maxRequests: number;
  };
  /** after a success: delete the vanished splits' /first-rows entries, enqueue a `first-rows` job per split */
  firstRowsHandoffEnabled: boolean;
}

/** Every variable the worker reads, with its default as a string (the compose test checks against it). */
export const CONFIG_DEFAULTS: Readonly<Record<keyof typeof spec, string>> = Object.fromEntries(
  Object.entries(spec).map(([name, validator]) => [name, String((validator as { default?: string | number | boolean }).default ?? '')]),
) as Record<keyof typeof spec, string>;

/** Reads and validates the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: ConstructorParameters<typeof ConfigError>[0] = [];
  const e = cleanEnv(env, spec, {
    reporter: ({ errors }) => {
      for (const [name, err] of Object.entries(errors)) {
        let allowed = err?.message ?? 'invalid';
        if (name === 'LOG_LEVEL') allowed = `one of ${LOG_LEVELS.join(', ')}`;
        if (name === 'HF_ENDPOINT') allowed = 'an absolute http(s) URL';
        if (name === 'METRICS_PORT') allowed = 'a TCP port, 1-65535';
        if (name === 'METRICS_ENABLED' || name === 'FIRST_ROWS_HANDOFF_ENABLED') allowed = 'true or false';
        problems.push({ name, value: env[name], allowed });
      }
    },
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    datasetsRevision: e.DATASETS_REVISION,
    hfDatasetsCache: e.HF_DATASETS_CACHE,
    hfModulesCache: e.HF_MODULES_CACHE,
    hfEndpoint: e.HF_ENDPOINT.replace(/\/+$/, ''),
    hfToken: e.HF_TOKEN === '' ? undefined : e.HF_TOKEN,
    hfTimeoutMs: e.HF_TIMEOUT_SECONDS * 1000,
    hfMaxRetries: e.HF_MAX_RETRIES,
    logLevel: e.LOG_LEVEL,
    maxJobsPerDataset: e.MAX_JOBS_PER_DATASET < 1 ? undefined : e.MAX_JOBS_PER_DATASET,
    maxLoadPct: e.MAX_LOAD_PCT,
    maxMemoryPct: e.MAX_MEMORY_PCT,
    mongoUrl: e.MONGO_URL,
    mongoCacheDatabase: e.MONGO_CACHE_DATABASE,
    mongoQueueDatabase: e.MONGO_QUEUE_DATABASE,
    numbaCacheDir: e.NUMBA_CACHE_DIR,
    workerSleepMs: e.WORKER_SLEEP_SECONDS * 1000,
    workerConcurrency: e.WORKER_CONCURRENCY,
    lockLifetimeMs: e.WORKER_LOCK_SECONDS * 1000,
    graceMs: e.WORKER_GRACE_SECONDS * 1000,
    maxAttempts: e.WORKER_MAX_ATTEMPTS,
    maxJobDurationMs: e.WORKER_MAX_JOB_DURATION_SECONDS * 1000,
    retryBaseMs: e.WORKER_RETRY_BASE_SECONDS * 1000,
    mongoConnectTimeoutMs: e.MONGO_CONNECT_TIMEOUT_SECONDS * 1000,
    metricsPort: e.METRICS_PORT,
    metricsEnabled: e.METRICS_ENABLED,
    metricsRefreshMs: e.METRICS_REFRESH_SECONDS * 1000,
    metricsRefreshTimeoutMs: e.METRICS_REFRESH_TIMEOUT_SECONDS * 1000,
    finishedJobsRetentionSeconds: e.FINISHED_JOBS_RETENTION_SECONDS,
    countRowsMaxBytes: e.COUNT_ROWS_MAX_BYTES,
    hubLimits: {
      maxMetadataFileBytes: e.HF_MAX_METADATA_FILE_BYTES,
      maxParquetFooterBytes: e.PARQUET_MAX_FOOTER_BYTES,
      maxTreeFiles: e.HF_MAX_TREE_FILES,
      maxTreePages: e.HF_MAX_TREE_PAGES,
      maxRequests: e.HF_MAX_REQUESTS_PER_JOB,
    },
    firstRowsHandoffEnabled: e.FIRST_ROWS_HANDOFF_ENABLED,
  };
}
