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
  // The token goes into the authorization header, which carries visible ASCII only (fetch refuses the rest).
  const bad = [...input].findIndex((c) => c < '!' || c > '~');
  if (bad >= 0) {
    const c = [...input][bad]!;
    const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new EnvError(
      `a Hugging Face token of visible ASCII only, which an HTTP header can carry: character ${bad + 1} is ${/\p{C}/u.test(c) ? code : `"${c}" (${code})`} (a placeholder such as hf_… pasted as is?)`,
    );
  }
  return input;
});

const bytes = (min: number) =>
  makeValidator<number>((input) => {
    const n = Number(input);
    if (input.trim() === '' || !Number.isSafeInteger(n) || n < min) throw new EnvError(`a number of bytes >= ${min}`);
    return n;
  });

/**
 * The origins the real Hub's `resolve` answers redirect to (LFS and Xet-bridge content delivery, the CDN
 * edges), as huggingface.co's documentation lists them for a proxy or firewall: HF_ALLOWED_REDIRECT_ORIGINS'
 * default, beside HF_ENDPOINT's own origin (always allowed). The Xet protocol's own hosts (cas-server,
 * transfer) are not here: the worker reads files with plain `resolve` requests and never speaks Xet.
 */
export const DEFAULT_ALLOWED_REDIRECT_ORIGINS: readonly string[] = [
  'https://cdn-lfs.hf.co',
  'https://cdn-lfs-us-1.hf.co',
  'https://cdn-lfs-eu-1.hf.co',
  'https://cdn-lfs.huggingface.co',
  'https://cdn-lfs-us-1.huggingface.co',
  'https://cdn-lfs-eu-1.huggingface.co',
  'https://cas-bridge.xethub.hf.co',
  'https://cas-bridge.xethub-eu.hf.co',
  'https://us.aws.cdn.hf.co',
  'https://us.gcp.cdn.hf.co',
];

/** Origins, comma-separated: each an http(s) URL with nothing after its host and port (a trailing `/` aside). */
const origins = makeValidator<string>((input) => {
  const allowed = 'origins separated by commas, each http(s)://host[:port] with no path, or empty';
  for (const item of input.split(',')) {
    const o = item.trim();
    if (o === '') continue;
    let u: URL;
    try {
      u = new URL(o);
    } catch {
      throw new EnvError(allowed);
    }
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || o.replace(/\/$/, '') !== u.origin) throw new EnvError(allowed);
  }
  return input;
});

/**
 * Every variable the worker reads: its check, its default and its description (`desc`), from which
 * `npm run docs:config` writes the reference in docs/configuration.md (a test fails when the page differs).
 * A description is Markdown, a sentence that follows "`NAME`: "; the page adds the default.
 */
export const spec = {
  DATASETS_REVISION: str({
    default: 'main',
    desc: "accepted for compatibility and **not used**: the original loaded the `datasets` library's canonical scripts at this git reference; this worker runs no scripts.",
  }),
  HF_DATASETS_CACHE: str({
    default: path.join(home, '.cache/huggingface/datasets'),
    desc: 'directory where files downloaded from the Hub (README.md, dataset_infos.json) and the parquet row counts read from footers are cached, keyed by dataset and commit sha, so a dataset that has not changed is not downloaded again.',
  }),
  HF_MODULES_CACHE: str({
    default: path.join(home, '.cache/huggingface/modules'),
    desc: 'accepted for compatibility and **not used** (the original stored dataset scripts there; scripts are not supported).',
  }),
  HF_ENDPOINT: url({ default: 'https://huggingface.co', desc: 'URL of the Hugging Face Hub.' }),
  HF_TOKEN: token({
    default: '',
    desc: "App Access Token (only the `read` role is required), to access gated and private datasets. Never written to a log, an error, the cache or a metric, and sent to `HF_ENDPOINT`'s origin only (see [Hostile datasets](limits.md)). Checked at start-up: `hf_` then visible ASCII only, what an HTTP header can carry (a secret file read with its trailing newline, or the placeholder `hf_…` pasted as is, is refused with the character named, not turned into a Hub outage on every job).",
  }),
  HF_ALLOWED_REDIRECT_ORIGINS: origins({
    default: DEFAULT_ALLOWED_REDIRECT_ORIGINS.join(','),
    desc: "the origins, besides `HF_ENDPOINT`'s (always allowed), that a request to the Hub may be redirected to or pointed at (a `resolve` answer's CDN, a tree page's `Link`), separated by commas, each `http(s)://host[:port]` without a path. A redirect anywhere else is `HubRedirectNotAllowedError` (transient: retried, never cached, so a hostile hop cannot replace a dataset's answer), and nothing is sent there, so no text from there can reach an error, a log or the cache. The token never goes to these origins, and once a hop of a request has left `HF_ENDPOINT`'s origin no later hop carries it, even one back on the Hub (see [Hostile datasets](limits.md)).",
  }),
  HF_TIMEOUT_SECONDS: seconds({
    default: 30,
    desc: "time-out for the Hub's answer to one request (connection and headers), and for each pause between two chunks of a body; a slow but steady body is never cut.",
  }),
  HF_MAX_RETRIES: integer(0)({
    default: 4,
    desc: 'retries of one Hub request on 429 (honouring `Retry-After`, up to 60 s), 5xx and network errors, with exponential backoff and jitter; 401/403/404 are never retried.',
  }),
  LOG_LEVEL: str({
    choices: LOG_LEVELS,
    default: 'INFO',
    desc: "log level, among `DEBUG`, `INFO`, `WARNING`, `ERROR` and `CRITICAL`. At `INFO` a job that runs normally logs one line, `splits cached` (with its `jobId`, `dataset`, `attempt`, `http_status`, `error_code`); `DEBUG` adds `computing splits` when it starts and the first-rows hand-off's figures.",
  }),
  MAX_JOBS_PER_DATASET: makeValidator<number>((input) => {
    const n = Number(input);
    if (input.trim() === '' || !Number.isInteger(n)) throw new EnvError('an integer (< 1 means no limit)');
    return n;
  })({
    default: 1,
    desc: "the maximum number of started jobs for the same dataset, across all workers. Less than 1 means no limit. Every worker declares its value in the queue database (`workers`); the limit in force is the smallest that any live worker declares, so one worker started without a limit cannot break the others' (it says so at start-up, and `worker_queue_settings_mismatch` is 1).",
  }),
  MAX_JOBS_PER_NAMESPACE: makeValidator<number>((input) => {
    const n = Number(input);
    if (input.trim() === '' || !Number.isInteger(n)) throw new EnvError('an integer (< 1 means no limit)');
    return n;
  })({
    default: 0,
    desc: 'the maximum number of started jobs of one namespace (the user or organization: the part of the dataset id before `/`; a dataset without one is its own namespace), across all workers. Less than 1 means no limit. As for `MAX_JOBS_PER_DATASET`, every worker declares its value in the queue database and the smallest any live worker declares is in force. Without a limit the queue is still fair: among due jobs of the same priority, the namespace with the fewest running jobs goes first.',
  }),
  MAX_LOAD_PCT: percent({
    default: 70,
    desc: 'the maximum load of the machine (in percentage: the max between the 1m load and the 5m load divided by the number of cpus \\*100) allowed to start a job. Set to 0 to disable the test.',
  }),
  MAX_MEMORY_PCT: percent({
    default: 80,
    desc: 'the maximum memory (RAM + SWAP) usage of the machine (in percentage: (RAM used + swap used) / (RAM total + swap total) × 100) allowed to start a job. Set to 0 to disable the test.',
  }),
  MONGO_CACHE_DATABASE: dbName({ default: 'datasets_server_cache', desc: 'the name of the database used for storing the cache.' }),
  MONGO_QUEUE_DATABASE: dbName({ default: 'datasets_server_queue', desc: 'the name of the database used for storing the queue.' }),
  MONGO_URL: mongoUrl({
    default: 'mongodb://localhost:27017',
    desc: "the URL used to connect to the mongo db server (`mongodb://mongo:27017` in `docker-compose.yml`). Any connection string the MongoDB driver accepts: a replica set (`mongodb://user:pw@h1:27017,h2:27017,h3:27017/?replicaSet=rs0&authSource=admin`), `mongodb+srv://` (Atlas), options (`w`, `readPreference`, `tls`, `maxPoolSize`…). The worker, the CLI and the dashboard check it at start-up with the driver's own parser (`src/config/mongo-url.ts`) and print the driver's reason for a string it refuses (`option bogusoption is not supported`, `mongodb+srv URI cannot have port number`). What they print of it, in a configuration error, in `cannot reach MongoDB at … (MONGO_URL)` or in a log line, keeps the hosts and the user and masks the password and the secret options (`tlsCertificateKeyFilePassword`, `proxyPassword`, an `AWS_SESSION_TOKEN`) as `****`; the worker's logs also scrub those values (4 characters or more) from any text.",
  }),
  NUMBA_CACHE_DIR: str({
    default: '',
    desc: 'accepted for compatibility and **not used** (the original needed it for `librosa`; this worker decodes no audio).',
  }),
  WORKER_SLEEP_SECONDS: seconds({
    default: 15,
    desc: 'duration in seconds of a worker wait loop iteration, before checking if resources are available and processing a job if any is available. Note that the worker does not sleep on the first loop after finishing a job.',
  }),
  WORKER_CONCURRENCY: integer(1)({
    default: 1,
    desc: 'jobs one worker process computes at once (a job whose computation is over and that is only writing its answer does not count; the worker holds at most twice as many).',
  }),
  WORKER_LOCK_SECONDS: seconds({
    default: 600,
    desc: "lease of a job's lock (and so of its dataset slot), on the MongoDB server's clock; renewed every third of it while the job runs; a crashed or frozen worker's job is recovered once it has expired. Each lock carries its own expiry, so workers with different values do not break each other's leases (a worker says so at start-up when they differ). A renewal confirmed more than half the lease's tolerance late (the tolerance: two thirds of the lease minus the expiry margin, so half a short lease) makes the worker warn, once, that the value is short for this machine, with the delay observed and the value that would hold.",
  }),
  WORKER_GRACE_SECONDS: seconds({
    default: 60,
    desc: 'on SIGTERM/SIGINT, how long running jobs may finish before they are interrupted and given back to the queue.',
  }),
  WORKER_MAX_ATTEMPTS: integer(1)({
    default: 5,
    desc: 'locks a job gets. An attempt is counted when the job is locked, so a computation that kills its worker (out of memory, a native abort) spends one too: after this many, a job whose workers died ends in error with `JobManagerCrashedError` cached, and one that failed on a transient error (Hub down, MongoDB away) ends in error with the cache left as it was. A hand-back that ran nothing (dataset busy, a graceful stop) gives its attempt back.',
  }),
  WORKER_MAX_JOB_DURATION_SECONDS: seconds({
    default: 1200,
    desc: "the longest a run may take (dataset-viewer's worker has the same bound). Its computation is aborted a little before (a third of the lease, at most 10 s), its slot released, and `JobManagerExceededMaximumDurationError` cached; the job ends in error, without retry. The lease is never renewed past it.",
  }),
  WORKER_RETRY_BASE_SECONDS: seconds({
    default: 10,
    desc: 'delay before the next attempt of a job that failed on a transient error, or whose worker died; doubled at each attempt, with jitter, capped at 10 minutes. The delay after a crash keeps a job that kills its worker from being taken first by every restarted worker.',
  }),
  MONGO_CONNECT_TIMEOUT_SECONDS: seconds({ default: 10, desc: 'how long start-up waits for MongoDB before it exits with an error.' }),
  METRICS_PORT: port({ default: 9464, desc: 'port of `/metrics`, `/healthz` and `/readyz`.' }),
  METRICS_ENABLED: bool({ default: true, desc: 'serve them at all.' }),
  METRICS_REFRESH_SECONDS: seconds({
    default: 15,
    desc: 'time between two background reads of the queue and cache figures of `/metrics` (see [Metrics](metrics.md)).',
  }),
  METRICS_REFRESH_TIMEOUT_SECONDS: seconds({
    default: 5,
    desc: 'a read of those figures (a ping, then the counts) that takes longer is abandoned and `/metrics` keeps serving the last figures read, with their last-success time.',
  }),
  FINISHED_JOBS_RETENTION_SECONDS: makeValidator<number>((input) => {
    const n = Number(input);
    // An hour at least: longer than any retry delay (capped at 10 minutes), so no job waiting for a retry is purged.
    if (input.trim() === '' || !Number.isInteger(n) || (n !== 0 && n < 3600)) throw new EnvError('an integer of seconds >= 3600, or 0 to keep finished jobs');
    return n;
  })({
    default: 7 * 24 * 3600,
    desc: 'finished jobs (success, error, superseded) are deleted this long after they finished (see [Retention](metrics.md)); at least `3600`, or `0` to keep them. Cache entries are never deleted.',
  }),
  COUNT_ROWS_MAX_BYTES: integer(0)({
    default: 100 * 1024 * 1024,
    desc: "the bytes one split's row count may read from the Hub (parquet footers aside): files read whole (json, csv, txt, plain or compressed) are streamed only when they weigh at most this in all, and ranged reads (tar headers, zip directories and members, Arrow message headers, metadata files) stop at it; decompressed data is bounded at 16 × this (decompression bombs). Over a bound `num_examples` is `null`. To infer the builder, a zip archive of any size is looked into by its central directory, whose bytes are bounded by this too.",
  }),
  HF_MAX_METADATA_FILE_BYTES: bytes(1)({
    default: 10 * 1024 * 1024,
    desc: "largest README.md, `.huggingface.yaml` or `dataset_infos.json` read; over it, `FileTooBigError` (known from the tree's size, the Content-Length, or the bytes received: never more is read).",
  }),
  PARQUET_MAX_FOOTER_BYTES: bytes(8)({
    default: 16 * 1024 * 1024,
    desc: 'largest parquet footer (metadata) read to count rows; over it, `FileTooBigError`, before anything of that size is allocated.',
  }),
  PARQUET_MAX_ROW_GROUPS: integer(1)({
    default: 100_000,
    desc: "most row groups a parquet footer may declare; over it, `FileTooBigError`, known from the footer's first bytes before the row groups are parsed (their parse costs about 50 µs and 2 KB of heap each).",
  }),
  PARQUET_FOOTER_READS_AT_ONCE: integer(1)({
    default: 128,
    desc: "parquet footer reads in flight for one job, all its splits together (each read is a resolve on the Hub and a Range request on its CDN: one kept-alive connection to each). Off loopback a footer costs two round trips, so a job's time is about files × 2 × round trip ÷ this: 10,000 footers at 80 ms took 100 s with 16, 35 s with 64, 21 s with 128 (docs/benchmarks.md). The Hub's rate limits count requests per 5 minutes, not connections.",
  }),
  HF_MAX_TREE_FILES: integer(1)({ default: 500_000, desc: 'most files listed in one repository; over it, `DatasetWithTooManyFilesError`.' }),
  HF_MAX_TREE_PAGES: integer(1)({ default: 10_000, desc: 'most pages of the tree listing followed; over it, `DatasetWithTooManyFilesError`.' }),
  HF_MAX_REQUESTS_PER_JOB: integer(1)({
    default: 1_000_000,
    desc: 'most requests to the Hub (and the CDNs it redirects to) for one dataset, redirect hops counted, retries not; over it, `TooManyHubRequestsError`. A backstop against a walk that never ends: a parquet footer costs 2 requests (resolve and CDN), 3 when its metadata is over 64 KiB (the second read goes straight to the CDN URL), so the default fits over 300,000 parquet files.',
  }),
  FIRST_ROWS_HANDOFF_ENABLED: bool({
    default: true,
    desc: 'after each successful `/splits`, delete the `/first-rows` entries of vanished splits and enqueue one `first-rows` job per split, as the original did (see [The first-rows contract](job-contract.md)); `false` for a deployment without a first-rows service.',
  }),
};

/** The original worker's variables (same names, same defaults); the others are this worker's additions. */
export const ORIGINAL_VARIABLES: readonly (keyof typeof spec)[] = [
  'DATASETS_REVISION',
  'HF_DATASETS_CACHE',
  'HF_MODULES_CACHE',
  'HF_ENDPOINT',
  'HF_TOKEN',
  'LOG_LEVEL',
  'MAX_JOBS_PER_DATASET',
  'MAX_LOAD_PCT',
  'MAX_MEMORY_PCT',
  'MONGO_CACHE_DATABASE',
  'MONGO_QUEUE_DATABASE',
  'MONGO_URL',
  'NUMBA_CACHE_DIR',
  'WORKER_SLEEP_SECONDS',
];

export interface Config {
  datasetsRevision: string;
  hfDatasetsCache: string;
  hfModulesCache: string;
  hfEndpoint: string;
  hfToken: string | undefined;
  /** origins besides HF_ENDPOINT's the Hub may redirect a request to (HF_ALLOWED_REDIRECT_ORIGINS) */
  hfAllowedRedirectOrigins: string[];
  hfTimeoutMs: number;
  hfMaxRetries: number;
  logLevel: LogLevel;
  /** undefined: no limit */
  maxJobsPerDataset: number | undefined;
  /** undefined: no limit */
  maxJobsPerNamespace: number | undefined;
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
  parquetFooterReadsAtOnce: number;
  hubLimits: {
    maxMetadataFileBytes: number;
    maxParquetFooterBytes: number;
    maxParquetRowGroups: number;
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
    hfAllowedRedirectOrigins: e.HF_ALLOWED_REDIRECT_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter((o) => o !== '')
      .map((o) => new URL(o).origin),
    hfTimeoutMs: e.HF_TIMEOUT_SECONDS * 1000,
    hfMaxRetries: e.HF_MAX_RETRIES,
    logLevel: e.LOG_LEVEL,
    maxJobsPerDataset: e.MAX_JOBS_PER_DATASET < 1 ? undefined : e.MAX_JOBS_PER_DATASET,
    maxJobsPerNamespace: e.MAX_JOBS_PER_NAMESPACE < 1 ? undefined : e.MAX_JOBS_PER_NAMESPACE,
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
    parquetFooterReadsAtOnce: e.PARQUET_FOOTER_READS_AT_ONCE,
    hubLimits: {
      maxMetadataFileBytes: e.HF_MAX_METADATA_FILE_BYTES,
      maxParquetFooterBytes: e.PARQUET_MAX_FOOTER_BYTES,
      maxParquetRowGroups: e.PARQUET_MAX_ROW_GROUPS,
      maxTreeFiles: e.HF_MAX_TREE_FILES,
      maxTreePages: e.HF_MAX_TREE_PAGES,
      maxRequests: e.HF_MAX_REQUESTS_PER_JOB,
    },
    firstRowsHandoffEnabled: e.FIRST_ROWS_HANDOFF_ENABLED,
  };
}
