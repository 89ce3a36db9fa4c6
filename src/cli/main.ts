/**
 * splits-worker CLI (`npm run cli -- <command>`, or `splits-worker <command>` once installed). Conventions:
 * -h/--help everywhere, `help <command>`, --version, unknown flags and extra arguments refused (exit 2),
 * `--` ends the flags. Errors name the service and the variable to check (MongoDB and MONGO_URL, the Hub and
 * HF_ENDPOINT).
 */
import { MongoClient } from 'mongodb';
import type { ParseArgsConfig } from 'node:util';
import { loadConfig, ConfigError, type Config } from '../config/config.ts';
import { hubComputeSplits } from '../splits/hub-compute-splits.ts';
import { WorkerError } from '../errors/worker-error.ts';
import { HubUnavailableError, UnexpectedError } from '../splits/errors.ts';
import { ServiceUnavailableError } from '../errors/service-unavailable.ts';
import { errorEntry, successEntry } from '../cache/write-splits-response.ts';
import { SplitsQueue, type SplitsJobPriority } from '../producer/splits-queue.ts';
import { countJobsByState } from '../queue/count-jobs-by-state.ts';
import { cancelWaitingJobs } from '../queue/cancel-waiting-jobs.ts';
import { SPLITS_JOB_NAME, isHubRepoId } from '../queue/job-data.ts';
import { scrubSecrets } from '../log/scrub-secrets.ts';
import { packageVersion, parseCommandLine, UsageError } from './args.ts';

const USAGE = `usage: splits-worker [-h | --help] [--version] <command> [<args>]

commands:
  start                  run the worker (as npm start): take splits jobs from the queue until SIGTERM/SIGINT
  compute <dataset>      print the /splits answer (or the typed error) as JSON, without MongoDB
  enqueue <dataset…>     enqueue a splits job per dataset
  status                 counts of splits jobs by state, as JSON
  cancel <dataset…>      remove the datasets' jobs that have not started
  webhook                receive the Hub's webhooks: a dataset changed → a splits job; deleted → its answers removed
  demo [--once]          the whole job offline: MongoDB, a local Hub with sample repos, a worker, the dashboard
  help [<command>]       this help, or a command's

Every command reads the worker's environment variables (README, Configuration): MONGO_URL,
MONGO_QUEUE_DATABASE, HF_ENDPOINT, HF_TOKEN…`;

interface Command {
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  positionals: { min: number; max: number; what: string };
}

/** The demo's default ports: the local Hub's (npm run hub), the worker's METRICS_PORT, the dashboard's DASHBOARD_PORT. */
const DEFAULT_DEMO_PORTS = { hub: 8080, metrics: 9464, dashboard: 9465 };

const COMMANDS: Record<string, Command> = {
  start: {
    usage: `usage: splits-worker start
Runs the worker: takes splits jobs from MONGO_QUEUE_DATABASE on MONGO_URL, computes them with the Hub at
HF_ENDPOINT, writes MONGO_CACHE_DATABASE; /metrics on METRICS_PORT. Stops gracefully on SIGTERM or SIGINT.`,
    options: {},
    positionals: { min: 0, max: 0, what: '' },
  },
  webhook: {
    usage: `usage: splits-worker webhook
Receives the Hub's webhooks on POST /webhook (WEBHOOK_PORT, default 9466; WEBHOOK_HOST, default 0.0.0.0): a
dataset's content or config change enqueues a splits job on MONGO_QUEUE_DATABASE; a deletion removes its
answers from MONGO_CACHE_DATABASE and its waiting jobs; a move does both. X-Webhook-Secret must equal
WEBHOOK_SECRET (required unless WEBHOOK_ALLOW_NO_SECRET=true). /healthz, /readyz, /metrics. Stops on SIGTERM.`,
    options: {},
    positionals: { min: 0, max: 0, what: '' },
  },
  compute: {
    usage: `usage: splits-worker compute <dataset>
Computes the /splits answer of a Hub dataset id ("namespace/name") with the Hub at HF_ENDPOINT and prints it
as JSON (exit 0), or the typed error the worker would cache (exit 1). Needs no MongoDB.`,
    options: {},
    positionals: { min: 1, max: 1, what: 'a Hub dataset id, e.g. "user/name"' },
  },
  enqueue: {
    usage: `usage: splits-worker enqueue [--priority P] [--force] <dataset>…
Adds one splits job per dataset to MONGO_QUEUE_DATABASE on MONGO_URL and prints their ids.
  --priority P   lowest, low, normal (default), high, highest, or an integer; orders jobs due at the same time
  --force        recompute even when the cached answer is current (same revision, same answer version)`,
    options: { priority: { type: 'string' }, force: { type: 'boolean' } },
    positionals: { min: 1, max: 1000, what: 'at least one Hub dataset id' },
  },
  status: {
    usage: `usage: splits-worker status
Prints the counts of splits jobs by state as JSON, from MONGO_QUEUE_DATABASE on MONGO_URL.`,
    options: {},
    positionals: { min: 0, max: 0, what: '' },
  },
  cancel: {
    usage: `usage: splits-worker cancel <dataset>…
Removes the jobs of these datasets that have not started (running jobs finish), from MONGO_QUEUE_DATABASE on MONGO_URL.`,
    options: {},
    positionals: { min: 1, max: 1000, what: 'at least one Hub dataset id' },
  },
  demo: {
    usage: `usage: splits-worker demo [--once] [--hub-port N] [--metrics-port N] [--dashboard-port N]
The worker's job, offline: starts a MongoDB-protocol server (scripts/test-mongo.sh, Java 17 and Maven; or
MONGO_URL's MongoDB, databases splits_demo_queue and splits_demo_cache), a local Hub serving sample repos, a
worker with its /metrics and the queue dashboard (read-only); enqueues the samples and prints each answer as it
lands. MAX_LOAD_PCT and MAX_MEMORY_PCT default to 0 here (no load or memory check). Ctrl-C stops everything.
  --once              stop once every sample is answered (exit 0; 1 if one got no answer)
  --hub-port N        the local Hub's port (default ${DEFAULT_DEMO_PORTS.hub}; 0: any free port)
  --metrics-port N    the worker's /metrics port (default ${DEFAULT_DEMO_PORTS.metrics}; 0: any free port)
  --dashboard-port N  the dashboard's port (default ${DEFAULT_DEMO_PORTS.dashboard}; 0: any free port)`,
    options: { once: { type: 'boolean' }, 'hub-port': { type: 'string' }, 'metrics-port': { type: 'string' }, 'dashboard-port': { type: 'string' } },
    positionals: { min: 0, max: 0, what: '' },
  },
};

const PRIORITIES = ['lowest', 'low', 'normal', 'high', 'highest'];

class CliExit extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
  ) {
    super(text);
  }
}

function usageError(message: string, usage: string): never {
  throw new CliExit(2, `splits-worker: ${message}\n${usage}`);
}

function requireDatasetIds(ids: string[], usage: string): void {
  const bad = ids.filter((d) => !isHubRepoId(d));
  if (bad.length) usageError(`not Hub dataset ids: ${bad.map((b) => JSON.stringify(b)).join(', ')}`, usage);
}

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliExit(1, err.message);
    throw err;
  }
}

async function withQueue<T>(config: Config, fn: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(config.mongoUrl, { serverSelectionTimeoutMS: config.mongoConnectTimeoutMs, appName: 'splits-worker-cli' });
  try {
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
    } catch (err) {
      throw new ServiceUnavailableError('MongoDB', config.mongoUrl, err, 'MONGO_URL');
    }
    return await fn(client);
  } finally {
    await client.close().catch(() => {});
  }
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) usageError('missing command', USAGE);
  if (first === '-h' || first === '--help') return print(USAGE);
  if (first === '--version') return print(packageVersion());
  if (first === 'help') {
    if (rest.length > 1) usageError(`unexpected argument: ${rest.slice(1).join(' ')}`, USAGE);
    if (rest.length === 0) return print(USAGE);
    const cmd = COMMANDS[rest[0]!];
    if (!cmd) usageError(`unknown command "${rest[0]}"`, USAGE);
    return print(cmd.usage);
  }
  if (first.startsWith('-')) usageError(`unknown option "${first}"`, USAGE);
  const command = COMMANDS[first];
  if (!command) usageError(`unknown command "${first}"`, USAGE);
  let parsed;
  try {
    parsed = parseCommandLine(rest, command.options, command.positionals);
  } catch (err) {
    if (err instanceof UsageError) usageError(`${first}: ${err.message}`, command.usage);
    throw err;
  }
  if (parsed.help) return print(command.usage);
  const args = parsed.positionals;

  switch (first) {
    case 'start': {
      // The worker's own entry: configuration errors, logs, signals and exit codes are the worker's.
      const { runWorkerProcess } = await import('../worker/run-worker-process.ts');
      await runWorkerProcess(({ config, metrics, logger }) => hubComputeSplits(config, metrics, logger));
      return -1; // the worker process exits by itself
    }
    case 'webhook': {
      const { runWebhook, WebhookConfigError } = await import('../webhook/run-webhook.ts');
      try {
        await runWebhook();
      } catch (err) {
        if (err instanceof WebhookConfigError || err instanceof ConfigError) throw new CliExit(1, err.message);
        if (err instanceof ServiceUnavailableError)
          throw new CliExit(1, new ServiceUnavailableError('MongoDB', loadConfig().mongoUrl, err.cause, 'MONGO_URL').message);
        throw err;
      }
      return -1; // it runs until SIGTERM/SIGINT
    }
    case 'compute': {
      requireDatasetIds(args, command.usage);
      const config = loadConfigOrExit();
      const secrets = config.hfToken ? [config.hfToken] : [];
      try {
        const entry = successEntry(await hubComputeSplits(config)(args[0]!, { signal: new AbortController().signal }));
        process.stdout.write(`${JSON.stringify(entry.response, null, 2)}\n`);
        return 0;
      } catch (err) {
        const typed = err instanceof WorkerError ? err : new UnexpectedError('Unexpected error.', { cause: err });
        const { http_status, error_code, response, details } = errorEntry(typed, secrets);
        process.stdout.write(
          `${scrubSecrets(JSON.stringify({ http_status, error_code, response, details: { ...details, cause_traceback: undefined } }, null, 2), secrets)}\n`,
        );
        if (typed instanceof HubUnavailableError) {
          process.stderr.write(`${scrubSecrets(new ServiceUnavailableError('the Hub', config.hfEndpoint, typed, 'HF_ENDPOINT').message, secrets)}\n`);
        }
        return 1;
      }
    }
    case 'enqueue': {
      requireDatasetIds(args, command.usage);
      const p = parsed.values.priority;
      if (p !== undefined && !PRIORITIES.includes(p) && !/^-?\d+$/.test(p))
        usageError(`enqueue: invalid --priority "${p}": ${PRIORITIES.join(', ')} or an integer`, command.usage);
      const priority = p === undefined ? undefined : PRIORITIES.includes(p) ? p : Number(p);
      const config = loadConfigOrExit();
      let queue: SplitsQueue;
      try {
        queue = await SplitsQueue.connect(config.mongoUrl, { queueDatabase: config.mongoQueueDatabase, connectTimeoutMs: config.mongoConnectTimeoutMs });
      } catch (err) {
        throw err instanceof ServiceUnavailableError ? new ServiceUnavailableError('MongoDB', config.mongoUrl, err.cause, 'MONGO_URL') : err;
      }
      try {
        const ids = await queue.enqueue(args, {
          ...(priority === undefined ? {} : { priority: priority as SplitsJobPriority }),
          ...((parsed.values.force as unknown) === true ? { force: true } : {}),
        });
        args.forEach((dataset, i) => process.stdout.write(`enqueued ${dataset}: job ${ids[i]}\n`));
        return 0;
      } finally {
        await queue.close();
      }
    }
    case 'status': {
      const config = loadConfigOrExit();
      return withQueue(config, async (client) => {
        const counts = await countJobsByState(client.db(config.mongoQueueDatabase), SPLITS_JOB_NAME);
        process.stdout.write(`${JSON.stringify(counts)}\n`);
        return 0;
      });
    }
    case 'demo': {
      const port = (flag: 'hub-port' | 'metrics-port' | 'dashboard-port', fallback: number): number => {
        const text = parsed.values[flag];
        if (text === undefined) return fallback;
        if (!/^\d+$/.test(text) || Number(text) > 65535) usageError(`demo: invalid --${flag} "${text}": a TCP port, 0-65535`, command.usage);
        return Number(text);
      };
      const ports = {
        hubPort: port('hub-port', DEFAULT_DEMO_PORTS.hub),
        metricsPort: port('metrics-port', DEFAULT_DEMO_PORTS.metrics),
        dashboardPort: port('dashboard-port', DEFAULT_DEMO_PORTS.dashboard),
      };
      const { runDemo } = await import('../demo/demo.ts');
      return runDemo({ once: (parsed.values.once as unknown) === true, ...ports });
    }
    case 'cancel': {
      requireDatasetIds(args, command.usage);
      const config = loadConfigOrExit();
      return withQueue(config, async (client) => {
        for (const dataset of args) {
          const n = await cancelWaitingJobs(client.db(config.mongoQueueDatabase), dataset);
          process.stdout.write(`cancelled ${n} waiting job(s) of ${dataset}\n`);
        }
        return 0;
      });
    }
  }
  return 2;
}

function print(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof CliExit) {
      process.stderr.write(`${err.text}\n`);
      process.exit(err.code);
    }
    process.stderr.write(`splits-worker: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
