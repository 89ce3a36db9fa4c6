/** The local Hub, standalone: `npm run hub -- --repos DIR --port N`. */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { LocalHub } from './hub-server.ts';

const { values } = parseArgs({ options: { repos: { type: 'string' }, port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' } } });
if (!values.repos) {
  process.stderr.write('usage: npm run hub -- --repos DIR [--port N] [--host H]\n');
  process.exit(2);
}
const hub = new LocalHub(path.resolve(values.repos));
const url = await hub.listen(Number(values.port), values.host);
process.stdout.write(`local Hub serving ${path.resolve(values.repos)} at ${url} (HF_ENDPOINT=${url})\n`);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void hub.close().then(() => process.exit(0)));
