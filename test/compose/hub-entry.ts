/**
 * The local Hub as the compose test runs it, in a container on the stack's network: serves DIR on 0.0.0.0:PORT,
 * answers every API request about the slow dataset only after a delay (so that the test finds a job of it
 * mid-flight and can kill its worker), and prints one JSON line per such request with the client's address,
 * which tells the test which worker container computes it.
 *   node --import tsx test/compose/hub-entry.ts --repos DIR --port N --slow ID --slow-ms MS
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { LocalHub } from '../../src/local-hub/hub-server.ts';

const { values } = parseArgs({
  options: { repos: { type: 'string' }, port: { type: 'string', default: '8080' }, slow: { type: 'string' }, 'slow-ms': { type: 'string', default: '5000' } },
});
if (!values.repos || !values.slow) {
  process.stderr.write('usage: hub-entry.ts --repos DIR --slow ID [--port N] [--slow-ms MS]\n');
  process.exit(2);
}
const slowPrefix = `/api/datasets/${values.slow}`;
const hub = new LocalHub(path.resolve(values.repos));
hub.faults.push({
  match: ({ path: p }) => p === slowPrefix || p.startsWith(`${slowPrefix}/`),
  delayMs: Number(values['slow-ms']),
});
// the address of the client is not part of a fault's match: read it from the request as it comes
const server = (hub as unknown as { server: import('node:http').Server }).server;
server.prependListener('request', (req) => {
  const url = req.url ?? '';
  if (url.startsWith(slowPrefix))
    process.stdout.write(
      `${JSON.stringify({ slowRequest: url.split('?')[0], from: req.socket.remoteAddress?.replace(/^::ffff:/, ''), at: new Date().toISOString() })}\n`,
    );
});
const url = await hub.listen(Number(values.port), '0.0.0.0');
process.stdout.write(`local Hub serving ${path.resolve(values.repos)} at ${url}\n`);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void hub.close().then(() => process.exit(0)));
