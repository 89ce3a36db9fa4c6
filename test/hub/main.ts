/** The local Hub, standalone: `npm run hub -- --repos DIR [--port N] [--host H] [--latency-ms MS] [--cdn-latency-ms MS] [--bandwidth B] [--webhook URL --webhook-secret S]`. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { LocalHub } from '../../src/local-hub/hub-server.ts';
import { packageVersion, parseCommandLine, UsageError } from '../../src/cli/args.ts';

const USAGE = `usage: npm run hub -- --repos DIR [--port N] [--host H] [--latency-ms MS] [--cdn-latency-ms MS] [--bandwidth B]
                    [--webhook URL --webhook-secret S]
Serves the repositories under DIR (<namespace>/<name>/ folders) as the Hugging Face Hub does; point the
worker at it with HF_ENDPOINT=<the URL it prints>.

options:
  --repos DIR   the repositories, e.g. test/fixtures/generated/repos (npm run fixtures builds them)
  --port N      port to listen on (default 8080; 0: any free port)
  --host H      address to listen on (default 127.0.0.1)
  --latency-ms MS
                each answer of the Hub (API, tree, resolve) waits MS ms first: a round trip (default 0)
  --cdn-latency-ms MS
                each answer of the CDN (the target of a resolve's redirect: LFS bytes) waits MS ms first (default 0)
  --bandwidth B each answer's body is sent at most B bytes per second (default 0: no cap)
  --webhook URL post the Hub's webhook payload to URL when a repo changes on disk (added, changed,
                removed, renamed); the folder is scanned every --webhook-interval-ms (default 500)
  --webhook-secret S      sent as X-Webhook-Secret (required with --webhook)
  --webhook-interval-ms N how often the folder is scanned for changes (default 500)
  -h, --help    this help
  --version     the version`;

function fail(message: string, code = 2): never {
  process.stderr.write(`hub: ${message}\n${code === 2 ? `${USAGE}\n` : ''}`);
  process.exit(code);
}

const argv = process.argv.slice(2);
if (argv.includes('--version')) {
  process.stdout.write(`${packageVersion()}\n`);
  process.exit(0);
}
let parsed;
try {
  parsed = parseCommandLine(
    argv,
    {
      repos: { type: 'string' },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      'latency-ms': { type: 'string', default: '0' },
      'cdn-latency-ms': { type: 'string', default: '0' },
      bandwidth: { type: 'string', default: '0' },
      webhook: { type: 'string' },
      'webhook-secret': { type: 'string' },
      'webhook-interval-ms': { type: 'string', default: '500' },
    },
    { min: 0, max: 0, what: '' },
  );
} catch (err) {
  if (err instanceof UsageError) fail(err.message);
  throw err;
}
if (parsed.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const values = parsed.values as Record<string, string | undefined>;
const { repos, port, host } = values as { repos?: string; port: string; host: string };
const network = Object.fromEntries(
  (
    [
      ['latency-ms', 'latencyMs'],
      ['cdn-latency-ms', 'cdnLatencyMs'],
      ['bandwidth', 'bandwidth'],
    ] as const
  ).map(([flag, key]) => {
    const v = values[flag]!;
    if (!/^\d+$/.test(v)) fail(`invalid --${flag} "${v}": a whole number, 0 or more`);
    return [key, Number(v)];
  }),
) as { latencyMs: number; cdnLatencyMs: number; bandwidth: number };
if (!repos) fail('missing --repos DIR');
const dir = path.resolve(repos);
if (!existsSync(dir) || !statSync(dir).isDirectory())
  fail(`--repos ${repos}: no such directory${repos.includes('generated') ? ' (npm run fixtures builds it)' : ''}`, 1);
if (!/^\d+$/.test(port) || Number(port) > 65535) fail(`invalid --port "${port}": a TCP port, 0-65535`);
const { webhook, 'webhook-secret': secret, 'webhook-interval-ms': interval } = parsed.values as Record<string, string | undefined>;
if (webhook !== undefined && !URL.canParse(webhook)) fail(`invalid --webhook "${webhook}": a URL`);
if (webhook !== undefined && !secret) fail('--webhook needs --webhook-secret S');
if (secret !== undefined && webhook === undefined) fail('--webhook-secret without --webhook URL');
if (!/^\d+$/.test(interval!) || Number(interval) < 10) fail(`invalid --webhook-interval-ms "${interval}": at least 10`);
const hub = new LocalHub(dir, { ...network, ...(webhook ? { webhook: { url: webhook, secret: secret!, intervalMs: Number(interval) } } : {}) });
let url: string;
try {
  url = await hub.listen(Number(port), host);
} catch (err) {
  const code = (err as NodeJS.ErrnoException).code;
  fail(
    code === 'EADDRINUSE'
      ? `port ${port} is already in use on ${host}: choose another with --port`
      : `cannot listen on ${host}:${port}: ${(err as Error).message}`,
    1,
  );
}
const shaped = network.latencyMs || network.cdnLatencyMs || network.bandwidth;
const shape = shaped ? `; latency ${network.latencyMs} ms, CDN ${network.cdnLatencyMs} ms, ${network.bandwidth || 'no'} bytes/s cap` : '';
process.stdout.write(`local Hub serving ${dir} at ${url} (HF_ENDPOINT=${url})${shape}${webhook ? `, webhooks to ${webhook}` : ''}\n`);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void hub.close().then(() => process.exit(0)));
