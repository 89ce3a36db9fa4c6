/**
 * The queue dashboard (Agendash) on its own port:
 * `npm run dashboard -- [--port N] [--host H] [--allowed-hosts a,b] [--allow-writes]`.
 * It reads MONGO_URL and MONGO_QUEUE_DATABASE like the worker; DASHBOARD_PORT, DASHBOARD_HOST,
 * DASHBOARD_ALLOWED_HOSTS and DASHBOARD_ALLOW_WRITES set the defaults of the flags.
 */
import { MongoClient } from 'mongodb';
import { loadConfig, ConfigError } from '../config/config.ts';
import { ServiceUnavailableError } from '../errors/service-unavailable.ts';
import { packageVersion, parseCommandLine, UsageError } from '../cli/args.ts';
import { startDashboard } from './dashboard.ts';

const USAGE = `usage: npm run dashboard -- [options]
Serves Agendash, the queue UI, on the queue database (MONGO_URL, MONGO_QUEUE_DATABASE). Read-only unless --allow-writes.

options:
  --port N          port to listen on (DASHBOARD_PORT, default 9465; 0: any free port)
  --host H          address to listen on (DASHBOARD_HOST, default 127.0.0.1)
  --allowed-hosts L names the dashboard answers as Host besides its address, comma-separated, \`name\` or
                    \`name:port\` (DASHBOARD_ALLOWED_HOSTS; for a reverse proxy)
  --allow-writes    let the page requeue, retry and delete jobs that are not running, and create splits
                    jobs (DASHBOARD_ALLOW_WRITES=true)
  -h, --help        this help
  --version         the version`;

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--version')) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  let parsed;
  try {
    parsed = parseCommandLine(
      argv,
      { port: { type: 'string' }, host: { type: 'string' }, 'allowed-hosts': { type: 'string' }, 'allow-writes': { type: 'boolean' } },
      { min: 0, max: 0, what: '' },
    );
  } catch (err) {
    if (err instanceof UsageError) fail(`${err.message}\n${USAGE}`, 2);
    throw err;
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const portText = parsed.values.port ?? process.env.DASHBOARD_PORT ?? '9465';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) fail(`invalid dashboard port ${JSON.stringify(portText)} (--port or DASHBOARD_PORT): a TCP port, 0-65535`, 2);
  const host = parsed.values.host ?? process.env.DASHBOARD_HOST ?? '127.0.0.1';
  const allowedHosts = (parsed.values['allowed-hosts'] ?? process.env.DASHBOARD_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  const badHost = allowedHosts.find((h) => !/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(h));
  if (badHost !== undefined)
    fail(`invalid host ${JSON.stringify(badHost)} in --allowed-hosts or DASHBOARD_ALLOWED_HOSTS: a name or address, with an optional :port`, 2);
  const writesEnv = process.env.DASHBOARD_ALLOW_WRITES ?? 'false';
  if (!['true', 'false'].includes(writesEnv)) fail(`invalid configuration: DASHBOARD_ALLOW_WRITES=${JSON.stringify(writesEnv)}: true or false`, 2);
  const allowWrites = parsed.values['allow-writes'] === true || writesEnv === 'true';

  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, 1);
    throw err;
  }
  const client = new MongoClient(config.mongoUrl, { serverSelectionTimeoutMS: config.mongoConnectTimeoutMs, appName: 'splits-dashboard' });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } catch (err) {
    await client.close().catch(() => {});
    fail(new ServiceUnavailableError('MongoDB', config.mongoUrl, err, 'MONGO_URL').message, 1);
  }
  let dashboard;
  try {
    dashboard = await startDashboard({ queueDb: client.db(config.mongoQueueDatabase), port, host, allowWrites, allowedHosts });
  } catch (err) {
    await client.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      fail(`dashboard port ${port} is already in use on ${host}: choose another with --port or DASHBOARD_PORT`, 1);
    throw err;
  }
  process.stdout.write(
    `Agendash on ${config.mongoQueueDatabase}: ${dashboard.url} (${allowWrites ? 'requeue, retry, delete and create allowed' : 'read-only'})\n`,
  );
  const stop = () =>
    void dashboard
      .close()
      .then(() => client.close())
      .then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((err: unknown) => fail(`error: ${err instanceof Error ? err.message : String(err)}`, 1));
