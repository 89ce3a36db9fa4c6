import os from 'node:os';
import net from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { CrossOriginRequestError, DashboardHostNotAllowedError, UnsupportedMediaTypeError } from './dashboard-errors.ts';

/**
 * The Host headers the dashboard answers: its bound address with its port (every local interface's address when
 * bound to 0.0.0.0 or ::), `localhost` when it listens on a loopback address, and the names the operator
 * configured (`name` or `name:port`, for a reverse proxy). A DNS-rebound name (attacker.example resolving to
 * 127.0.0.1) is none of them: the browser sends it as Host, and the answer is 403.
 */
export function allowedHosts(bound: string, port: number, names: readonly string[]): Set<string> {
  const wildcard = bound === '0.0.0.0' || bound === '::' || bound === '';
  const addresses = new Set<string>([bound]);
  if (wildcard) for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) if (!a.address.includes('%')) addresses.add(a.address);
  if (wildcard || [...addresses].some(isLoopback)) addresses.add('localhost');
  addresses.delete('');
  const hosts = new Set<string>();
  for (const a of addresses) {
    const h = net.isIPv6(a) ? `[${a}]` : a;
    hosts.add(`${h}:${port}`.toLowerCase());
    if (port === 80) hosts.add(h.toLowerCase());
  }
  for (const name of names) {
    const n = name.trim().toLowerCase();
    if (!n) continue;
    hosts.add(n);
    if (!/:\d+$/.test(n)) hosts.add(`${n}:${port}`);
  }
  return hosts;
}

function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || /^127\.\d+\.\d+\.\d+$/.test(address);
}

/** Refuses a request whose Host is not one of `hosts()` (read at each request: the port is known once listening). */
export function checkHost(hosts: () => ReadonlySet<string>) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const host = (req.headers.host ?? '').toLowerCase();
    if (!hosts().has(host))
      return next(
        new DashboardHostNotAllowedError(
          `Host ${JSON.stringify(req.headers.host ?? '')} is not this dashboard's address; open it at its own address, or name the host with --allowed-hosts (DASHBOARD_ALLOWED_HOSTS)`,
        ),
      );
    next();
  };
}

/**
 * A request that changes the queue must come from the dashboard's own page: a JSON body (a cross-site form or
 * a no-cors fetch can only send urlencoded, multipart or text/plain; a cross-site JSON fetch needs a CORS
 * preflight that this server never grants), an `Origin` equal to the page's own (browsers send it on every POST;
 * scripts add `-H 'Origin: http://<host>'`), and, when the browser sends it, `Sec-Fetch-Site: same-origin`.
 * The Host was checked before, so the origin it implies is the dashboard's.
 */
export function checkSameOriginJson(req: Request, _res: Response, next: NextFunction): void {
  const host = req.headers.host ?? '';
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin')
    return next(new CrossOriginRequestError(`a ${String(site)} request cannot change the queue: only the dashboard's own page can`));
  if (origin === undefined || (origin !== `http://${host}` && origin !== `https://${host}`))
    return next(
      new CrossOriginRequestError(
        origin === undefined
          ? `a request without an Origin header cannot change the queue (send Origin: http://${host})`
          : `a request from ${origin} cannot change the queue: only the dashboard's own page can`,
      ),
    );
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json')
    return next(
      new UnsupportedMediaTypeError(`a request that changes the queue has a JSON body (Content-Type: application/json), not ${JSON.stringify(type)}`),
    );
  next();
}
