/** The local Hub, standalone: `npm run hub -- --repos DIR [--port N] [--host H] [--webhook URL --webhook-secret S]`. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { LocalHub } from '../../src/local-hub/hub-server.ts';
import { packageVersion, parseCommandLine, UsageError } from '../../src/cli/args.ts';

const USAGE = `usage: npm run hub -- --repos DIR [--port N] [--host H] [--webhook URL --webhook-secret S]
Serves the repositories under DIR (<namespace>/<name>/ folders) as the Hugging Face Hub does; point the
worker at it with HF_ENDPOINT=<the URL it prints>.

options:
  --repos DIR   the repositories, e.g. test/fixtures/generated/repos (npm run fixtures builds them)
  --port N      port to listen on (default 8080; 0: any free port)
  --host H      address to listen on (default 127.0.0.1)
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
const { repos, port, host } = parsed.values as { repos?: string; port: string; host: string };
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
const hub = new LocalHub(dir, webhook ? { webhook: { url: webhook, secret: secret!, intervalMs: Number(interval) } } : {});
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
process.stdout.write(`local Hub serving ${dir} at ${url} (HF_ENDPOINT=${url})${webhook ? `, webhooks to ${webhook}` : ''}\n`);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void hub.close().then(() => process.exit(0)));
