import os from 'node:os';
import path from 'node:path';
import { bool, cleanEnv, makeValidator, num, port, str, url, EnvError } from 'envalid';

/** One bad environment variable: its name, the value given and what is allowed. */
export class ConfigError extends Error {
  readonly errorCode = 'ConfigError';
  constructor(readonly problems: { name: string; value: string | undefined; allowed: string }[]) {
    super(
      problems
        .map((p) => `invalid configuration: ${p.name}=${JSON.stringify(p.value ?? '')}: ${p.allowed}`)
        .join('\n'),
    );
    this.name = 'ConfigError';
  }
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

const mongoUrl = makeValidator<string>((input) => {
  if (!/^mongodb(\+srv)?:\/\/[^/?#\s]+/.test(input)) throw new EnvError('a MongoDB connection string, mongodb://host[:port][/…]');
  try {
    new URL(input.replace(/^mongodb(\+srv)?:/, 'http:'));
  } catch {
    throw new EnvError('a MongoDB connection string, mongodb://host[:port][/…]');
  }
  return input;
});

const dbName = makeValidator<string>((input) => {
  if (!/^[^/\\. "$*<>:|?]{1,63}$/.test(input)) throw new EnvError('a MongoDB database name (1-63 characters, none of /\\. "$*<>:|?)');
  return input;
});

const token = makeValidator<string>((input) => {
  if (input !== '' && /\s/.test(input)) throw new EnvError('a Hugging Face token without spaces, or empty');
  return input;
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
  COUNT_ROWS_MAX_BYTES: integer(0)({ default: 100 * 1024 * 1024 }),
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
  countRowsMaxBytes: number;
  /** after a success: delete the vanished splits' /first-rows entries, enqueue a `first-rows` job per split */
  firstRowsHandoffEnabled: boolean;
}

/** Every variable the worker reads, with its default as a string (the compose test checks against it). */
export const CONFIG_DEFAULTS: Readonly<Record<keyof typeof spec, string>> = Object.fromEntries(
  Object.entries(spec).map(([name, validator]) => [name, String((validator as { default?: unknown }).default ?? '')]),
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
    logLevel: e.LOG_LEVEL as LogLevel,
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
    countRowsMaxBytes: e.COUNT_ROWS_MAX_BYTES,
    firstRowsHandoffEnabled: e.FIRST_ROWS_HANDOFF_ENABLED,
  };
}
