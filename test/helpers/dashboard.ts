/**
 * The queue dashboard as the tests run it: `npm run dashboard`'s entry as a real process, Debian's Chromium, and
 * raw HTTP requests whose path, Host and headers are sent exactly as written (fetch would normalise them).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { after } from 'node:test';
import { childEnv } from './env.ts';
import { waitFor } from './workers.ts';

const root = path.resolve(import.meta.dirname, '../..');

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const live = new Set<ChildProcess>();
if (process.env.NODE_TEST_CONTEXT)
  after(() => {
    for (const child of live) child.kill('SIGTERM');
  });

/** Starts `npm run dashboard` (its entry, through tsx) on a free port and returns the URL it prints. */
export async function startDashboardProcess(env: Record<string, string>, ...args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/dashboard/main.ts'), '--port', '0', ...args], {
    cwd: root,
    env: childEnv(env),
  });
  live.add(child);
  child.on('exit', () => live.delete(child));
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return waitFor(async () => /Agendash on \S+: (http:\/\/\S+)/.exec(out)?.[1], 30_000, `the dashboard's URL; output: ${out}`);
}

export interface RawResponse {
  status: number;
  body: string;
}

/**
 * One HTTP request to the dashboard at `base`, with `target` as the request line's path exactly (a trailing
 * slash, another case, a double slash) and the headers as given: Host defaults to the dashboard's own.
 */
export function rawRequest(base: string, method: string, target: string, opts: { headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port, method, path: target, headers: { host: url.host, ...opts.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A JSON POST as the dashboard's own page sends it (same origin), with the target written exactly. */
export function postJson(base: string, target: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest(base, 'POST', target, {
    headers: { 'content-type': 'application/json', origin: new URL(base).origin, 'sec-fetch-site': 'same-origin', ...headers },
    body: JSON.stringify(body),
  });
}
