/**
 * splits-worker CLI (`npm run cli -- <command>`):
 *   compute <dataset>        print the /splits answer (or the typed error) as JSON; no MongoDB needed
 *   enqueue <dataset…>       add a `splits` job per dataset, as other services do with agenda.now
 *   status                   counts of `splits` jobs by state
 *   cancel <dataset>         remove the dataset's jobs that have not started
 */
import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { MongoClient } from 'mongodb';
import { loadConfig, ConfigError, type Config } from '../config/config.ts';
import { hubComputeSplits } from '../splits/hub-compute-splits.ts';
import { WorkerError } from '../errors/worker-error.ts';
import { UnexpectedError } from '../splits/errors.ts';
import { errorEntry, successEntry } from '../cache/write-splits-response.ts';
import { enqueueSplitsJob } from '../queue/enqueue.ts';
import { countJobsByState } from '../queue/count-jobs-by-state.ts';
import { cancelWaitingJobs } from '../queue/cancel-waiting-jobs.ts';
import { SPLITS_JOB_NAME, isHubRepoId } from '../queue/job-data.ts';
import { scrubSecrets } from '../log/scrub-secrets.ts';

const USAGE = `usage: splits-worker <command>
  compute <dataset>      print the /splits answer (or the typed error) as JSON, without MongoDB
  enqueue <dataset…>     enqueue a splits job per dataset
  status                 counts of splits jobs by state
  cancel <dataset>       remove the dataset's jobs that have not started`;

async function withQueue<T>(config: Config, fn: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(config.mongoUrl, { serverSelectionTimeoutMS: config.mongoConnectTimeoutMs });
  try {
    await client.connect();
    return await fn(client);
  } finally {
    await client.close();
  }
}

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  switch (command) {
    case 'compute': {
      const dataset = args[0];
      if (!dataset || !isHubRepoId(dataset)) fail(`compute needs a Hub dataset id, e.g. "user/name"\n${USAGE}`, 2);
      const secrets = config.hfToken ? [config.hfToken] : [];
      try {
        const entry = successEntry(await hubComputeSplits(config)(dataset, { signal: new AbortController().signal }));
        process.stdout.write(`${JSON.stringify(entry.response, null, 2)}\n`);
        return 0;
      } catch (err) {
        const typed = err instanceof WorkerError ? err : new UnexpectedError('Unexpected error.', { cause: err });
        const { http_status, error_code, response, details } = errorEntry(typed);
        process.stdout.write(`${scrubSecrets(JSON.stringify({ http_status, error_code, response, details: { ...details, cause_traceback: undefined } }, null, 2), secrets)}\n`);
        return 1;
      }
    }
    case 'enqueue': {
      if (args.length === 0) fail(`enqueue needs at least one dataset\n${USAGE}`, 2);
      const bad = args.filter((d) => !isHubRepoId(d));
      if (bad.length) fail(`not Hub dataset ids: ${bad.join(', ')}`, 2);
      return withQueue(config, async (client) => {
        const agenda = new Agenda({ backend: new MongoBackend({ mongo: client.db(config.mongoQueueDatabase) }) });
        await agenda.ready;
        for (const dataset of args) process.stdout.write(`enqueued ${dataset}: job ${await enqueueSplitsJob(agenda, dataset)}\n`);
        return 0;
      });
    }
    case 'status':
      return withQueue(config, async (client) => {
        const counts = await countJobsByState(client.db(config.mongoQueueDatabase), SPLITS_JOB_NAME);
        process.stdout.write(`${JSON.stringify(counts)}\n`);
        return 0;
      });
    case 'cancel': {
      const dataset = args[0];
      if (!dataset) fail(`cancel needs a dataset\n${USAGE}`, 2);
      return withQueue(config, async (client) => {
        const n = await cancelWaitingJobs(client.db(config.mongoQueueDatabase), dataset);
        process.stdout.write(`cancelled ${n} waiting job(s) of ${dataset}\n`);
        return 0;
      });
    }
    default:
      fail(`unknown command "${command}"\n${USAGE}`, 2);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => fail(`error: ${err instanceof Error ? err.message : String(err)}`),
);
