import { createHash, createHmac, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import http from 'node:http';
import { parse as parseYaml } from 'yaml';
import { WebhookSender, type WebhookSenderOptions } from './webhook-sender.ts';
import { PARQUET_BRANCH, RepoStore, type Repo, type RepoEntry, type RepoRevision } from './repo-store.ts';

/**
 * A local server that answers like huggingface.co for everything the worker (and the official clients)
 * ask of it: repo info, the tree with Link pagination, paths-info, resolve with redirects to a CDN that
 * serves Range requests, the Hub's auth rules for public, gated, private and disabled repos, and its error
 * headers. Tests can inject faults (status codes, Retry-After, hangs, bodies cut short, answers held until the
 * test releases them). It can stand for a Hub that is not on loopback (NetworkShape): a delay before each answer
 * of the Hub and of its CDN, and a cap on each answer's bytes per second.
 */

/**
 * The network between the client and the Hub, as the server can play it: each answer waits `latencyMs` (the Hub:
 * API, tree, paths-info, resolve, including the resolve that redirects) or `cdnLatencyMs` (the CDN a resolve
 * redirects to, where LFS bytes come from) before its headers, one round trip; and each answer's body is sent at
 * most `bandwidth` bytes per second (0: no cap). Connection set-up is not charged (clients keep connections alive).
 */
export interface NetworkShape {
  latencyMs: number;
  cdnLatencyMs: number;
  /** bytes per second, per answer (0: no cap) */
  bandwidth: number;
}

export interface Fault {
  /** which requests it applies to */
  match: (req: { method: string; path: string }) => boolean;
  /** how many matching requests it hits (default: all) */
  times?: number;
  status?: number;
  headers?: Record<string, string>;
  /** wait this long before answering (longer than the client's time-out: a hang) */
  delayMs?: number;
  /** wait until this settles before answering (a test holds requests while it looks at what the client wrote) */
  until?: Promise<unknown>;
  /** send the headers and this many bytes of the body, then close the connection */
  cutAfterBytes?: number;
  /** serve these bytes instead of the file (a corrupt footer, bad YAML) */
  body?: Buffer | string;
}

export interface HubStats {
  requests: number;
  bytesSent: number;
  byEndpoint: Record<string, number>;
  /** TCP connections opened by clients (fewer than requests when they keep connections alive) */
  connections: number;
}

const TREE_PAGE_SIZE = 1000;
const POINTER_SIZE = 134;
const ID = '[\\w.-]+(?:/[\\w.-]+)?';
// the routes, compiled once (not per request)
const ROUTE = {
  tree: new RegExp(`^/api/datasets/(${ID})/tree/(.+)$`),
  pathsInfo: new RegExp(`^/api/datasets/(${ID})/paths-info/([^/]+)$`),
  parquet: new RegExp(`^/api/datasets/(${ID})/parquet$`),
  revision: new RegExp(`^/api/datasets/(${ID})/revision/(.+)$`),
  info: new RegExp(`^/api/datasets/(${ID})$`),
  resolve: new RegExp(`^/datasets/(${ID})/resolve/([^/]+)/(.+)$`),
  cdn: /^\/cdn-lfs\/([0-9a-f]{64})$/,
};
/** a range up to this long is read in one call from a kept-open file, as a CDN serves from its cache; longer ones stream */
const SMALL_RANGE_BYTES = 1024 * 1024;
const MAX_OPEN_FILES = 256;

/** Each revision's files by path, and its tree listings, made once per file list (not per request). */
const filesByPath = new WeakMap<RepoEntry[], Map<string, RepoEntry>>();
function fileAt(files: RepoEntry[], path: string): RepoEntry | undefined {
  let index = filesByPath.get(files);
  if (!index) filesByPath.set(files, (index = new Map(files.map((f) => [f.path, f]))));
  return index.get(path);
}
type TreeItem = { dir: string } | { file: RepoEntry };
const treeListings = new WeakMap<RepoEntry[], Map<string, TreeItem[]>>();

class HubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export class LocalHub {
  readonly store: RepoStore;
  readonly faults: Fault[] = [];
  readonly stats: HubStats = { requests: 0, bytesSent: 0, byEndpoint: {}, connections: 0 };
  private readonly server: http.Server;
  private readonly signingKey = randomBytes(16);
  /** signatures of CDN URLs already given, by object and expiry */
  private readonly signatures = new Map<string, string>();
  /** LFS objects the CDN serves, by sha256 */
  private readonly lfsObjects = new Map<string, string>();
  /** files kept open for small range reads, by path (oldest first) */
  private readonly openFiles = new Map<string, { fd: number; ino: number; size: number; mtimeMs: number }>();
  /** the network played (changeable while serving) */
  readonly network: NetworkShape;
  url = '';
  /** posts the Hub's webhooks when a repo changes on disk (options.webhook; started by listen) */
  readonly webhooks: WebhookSender | undefined;

  constructor(reposDir: string, options: Partial<NetworkShape> & { webhook?: WebhookSenderOptions } = {}) {
    this.store = new RepoStore(reposDir);
    const { webhook, ...network } = options;
    this.network = { latencyMs: 0, cdnLatencyMs: 0, bandwidth: 0, ...network };
    if (webhook) this.webhooks = new WebhookSender(this.store, webhook);
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) this.sendError(res, err instanceof HubError ? err : new HubError(500, 'Internal Error'));
        else res.destroy();
      });
    });
    this.server.on('connection', () => this.stats.connections++);
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const addr = this.server.address() as { port: number };
    this.url = `http://${host}:${addr.port}`;
    await this.webhooks?.start();
    return this.url;
  }

  async close(): Promise<void> {
    await this.webhooks?.stop();
    for (const { fd } of this.openFiles.values()) closeSync(fd);
    this.openFiles.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  resetStats(): void {
    this.stats.requests = 0;
    this.stats.bytesSent = 0;
    this.stats.byEndpoint = {};
    this.stats.connections = 0;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url || 'http://localhost');
    const method = req.method ?? 'GET';
    // the counters, for a benchmark whose Hub runs in another process; not counted themselves
    if (url.pathname === '/__hub/stats') {
      if (method === 'DELETE') this.resetStats();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(this.stats));
      return;
    }
    // the network played, set by a benchmark whose Hub runs in another process: a JSON NetworkShape (fields left out stay)
    if (url.pathname === '/__hub/network') {
      if (method === 'PUT' || method === 'POST') {
        const body = JSON.parse((await readBody(req)) || '{}') as Partial<Record<keyof NetworkShape, unknown>>;
        for (const key of ['latencyMs', 'cdnLatencyMs', 'bandwidth'] as const) {
          const v = body[key];
          if (v === undefined) continue;
          if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new HubError(400, `${key}: a number, 0 or more`);
          this.network[key] = v;
        }
      }
      this.json(res, 200, this.network);
      return;
    }
    this.stats.requests++;
    // under the counter: what it counts is the same whether the answer is paced or not
    if (this.network.bandwidth > 0) throttle(res, this.network.bandwidth);
    const countBytes = res.write.bind(res);
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (chunk && typeof (chunk as { length?: number }).length === 'number') this.stats.bytesSent += (chunk as { length: number }).length;
      return (countBytes as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof res.write;
    // one round trip to the Hub, or to its CDN, before anything is answered
    const latency = ROUTE.cdn.test(url.pathname) ? this.network.cdnLatencyMs : this.network.latencyMs;
    if (latency > 0) await sleep(latency);

    const fault = this.takeFault(method, url.pathname);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.until) await fault.until.catch(() => undefined);
    if (fault?.status) {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(JSON.stringify({ error: `injected ${fault.status}` }));
      return;
    }

    const raw = url.pathname;
    let m: RegExpExecArray | null;
    // the file routes first: a footer read is a resolve and a CDN request (the routes do not overlap)
    if ((m = ROUTE.cdn.exec(raw)) && (method === 'GET' || method === 'HEAD')) return this.endpoint('cdn', () => this.cdn(req, res, url, fault));
    if ((m = ROUTE.resolve.exec(raw)) && (method === 'GET' || method === 'HEAD')) {
      return this.endpoint('resolve', () => this.resolve(req, res, url, m![1]!, decodeURIComponent(m![2]!), decodeURIComponent(m![3]!), fault));
    }
    if ((m = ROUTE.tree.exec(raw)) && method === 'GET') return this.endpoint('tree', () => this.tree(req, res, url, m![1]!, m![2]!));
    if ((m = ROUTE.pathsInfo.exec(raw)) && method === 'POST')
      return this.endpoint('paths_info', () => this.pathsInfo(req, res, m![1]!, decodeURIComponent(m![2]!)));
    if ((m = ROUTE.parquet.exec(raw)) && method === 'GET') return this.endpoint('parquet', () => this.parquetList(req, res, m![1]!));
    if ((m = ROUTE.revision.exec(raw)) && method === 'GET') return this.endpoint('info', () => this.info(req, res, url, m![1]!, decodeURIComponent(m![2]!)));
    if ((m = ROUTE.info.exec(raw)) && method === 'GET') return this.endpoint('info', () => this.info(req, res, url, m![1]!, 'main'));
    throw new HubError(404, "Sorry, we can't find the page you are looking for.");
  }

  private async endpoint(name: string, fn: () => Promise<void>): Promise<void> {
    this.stats.byEndpoint[name] = (this.stats.byEndpoint[name] ?? 0) + 1;
    await fn();
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const i = this.faults.findIndex((f) => f.match({ method, path }));
    if (i < 0) return undefined;
    const f = this.faults[i]!;
    if (f.times !== undefined && --f.times <= 0) this.faults.splice(i, 1);
    return f;
  }

  /** The Hub's rules, in its order: bad token, missing or private repo, disabled repo, gated files. */
  private authorize(req: http.IncomingMessage, id: string, kind: 'meta' | 'file'): Repo {
    const header = req.headers.authorization;
    let user: { user: string; access: string[] } | undefined;
    if (header !== undefined) {
      const token = /^Bearer (\S+)$/.exec(header)?.[1];
      user = token ? this.store.tokens[token] : undefined;
      if (!user) throw new HubError(401, 'Invalid credentials in Authorization header');
    }
    const repo = this.store.get(id);
    const canSee = (r: Repo) => !r.settings.private || !!user?.access.includes(r.id);
    if (!repo || !canSee(repo)) {
      // huggingface.co says RepoNotFound in X-Error-Code either way; without a token the status is 401.
      if (!user) throw new HubError(401, 'Invalid username or password.', 'RepoNotFound');
      throw new HubError(404, 'Repository not found', 'RepoNotFound');
    }
    if (repo.settings.disabled) throw new HubError(403, 'Access to this resource is disabled.');
    if (kind === 'file' && repo.settings.gated && !user?.access.includes(repo.id)) {
      const msg = `Access to dataset ${repo.id} is restricted. You must have access to it and be authenticated to access it. Please log in.`;
      throw new HubError(user ? 403 : 401, msg, 'GatedRepo');
    }
    return repo;
  }

  /** A branch name, `HEAD`, or a commit sha; anything else is RevisionNotFound. */
  private revision(repo: Repo, rev: string): RepoRevision {
    const name = rev === 'HEAD' ? 'main' : rev;
    const found = repo.revisions.get(name) ?? [...repo.revisions.values()].find((r) => r.sha === rev);
    if (!found) throw new HubError(404, `Invalid rev id: ${rev}`, 'RevisionNotFound');
    return found;
  }

  private redirectIfRenamed(res: http.ServerResponse, id: string, rawPath: string, search: string): boolean {
    const target = this.store.redirects[id];
    if (!target) return false;
    res.writeHead(307, { location: rawPath.replace(id, target) + search, 'x-error-message': 'Repository moved' });
    res.end();
    return true;
  }

  private async info(req: http.IncomingMessage, res: http.ServerResponse, url: URL, id: string, rev: string): Promise<void> {
    if (this.redirectIfRenamed(res, id, url.pathname, url.search)) return;
    const repo = this.authorize(req, id, 'meta');
    const revision = this.revision(repo, rev);
    const blobs = isTrue(url.searchParams.get('blobs'));
    const siblings = await Promise.all(
      revision.files.map(async (f) => {
        if (!blobs) return { rfilename: f.path };
        const h = await this.store.hashes_(f);
        return { rfilename: f.path, size: f.size, blobId: h.sha1, ...(f.lfs ? { lfs: { sha256: h.sha256, size: f.size, pointerSize: POINTER_SIZE } } : {}) };
      }),
    );
    const readme = revision.files.find((f) => f.path === 'README.md');
    const full: Record<string, unknown> = {
      _id: createHash('md5').update(repo.id).digest('hex').slice(0, 24),
      id: repo.id,
      author: repo.id.includes('/') ? repo.id.split('/')[0] : undefined,
      sha: revision.sha,
      lastModified: new Date(0).toISOString(),
      createdAt: new Date(0).toISOString(),
      private: repo.settings.private,
      gated: repo.settings.gated,
      disabled: repo.settings.disabled,
      downloads: 0,
      likes: 0,
      tags: [],
      cardData: readme ? cardData(readFileSync(readme.absolute, 'utf8')) : undefined,
      siblings,
    };
    const expand = url.searchParams.getAll('expand');
    const body = expand.length > 0 ? Object.fromEntries(Object.entries(full).filter(([k]) => k === '_id' || k === 'id' || expand.includes(k))) : full;
    this.json(res, 200, body, { 'x-repo-commit': revision.sha });
  }

  /** The parquet export: `{config: {split: [urls]}}` from the `refs/convert/parquet` branch. */
  private async parquetList(req: http.IncomingMessage, res: http.ServerResponse, id: string): Promise<void> {
    const repo = this.authorize(req, id, 'meta');
    const branch = repo.revisions.get(PARQUET_BRANCH);
    if (!branch) throw new HubError(404, `Revision not found: ${PARQUET_BRANCH}`, 'RevisionNotFound');
    const out: Record<string, Record<string, string[]>> = {};
    for (const f of branch.files) {
      const m = /^([^/]+)\/([^/]+)\/[^/]+\.parquet$/.exec(f.path);
      if (!m) continue;
      ((out[m[1]!] ??= {})[m[2]!] ??= []).push(`${this.url}/datasets/${repo.id}/resolve/${encodeURIComponent(PARQUET_BRANCH)}/${f.path}`);
    }
    this.json(res, 200, out);
  }

  private async entry(f: RepoEntry, expand: boolean): Promise<Record<string, unknown>> {
    const h = await this.store.hashes_(f);
    return {
      type: 'file',
      oid: h.sha1,
      size: f.size,
      ...(f.lfs ? { lfs: { oid: h.sha256, size: f.size, pointerSize: POINTER_SIZE } } : {}),
      path: f.path,
      ...(expand ? { lastCommit: { id: '0'.repeat(40), title: 'Upload', date: new Date(0).toISOString() }, securityFileStatus: { status: 'safe' } } : {}),
    };
  }

  private async tree(req: http.IncomingMessage, res: http.ServerResponse, url: URL, id: string, rest: string): Promise<void> {
    if (this.redirectIfRenamed(res, id, url.pathname, url.search)) return;
    const repo = this.authorize(req, id, 'meta');
    // the revision is one segment, URL-encoded when it holds slashes; the rest is a folder
    const segments = rest.split('/').map(decodeURIComponent);
    let rev = segments.shift()!;
    if (rev === 'refs' && segments[0] === 'convert') rev = `refs/${segments.shift()}/${segments.shift()}`;
    const { files } = this.revision(repo, rev);
    const folder = segments.join('/').replace(/\/+$/, '');
    const recursive = isTrue(url.searchParams.get('recursive'));
    const expand = isTrue(url.searchParams.get('expand'));
    const prefix = folder ? `${folder}/` : '';
    if (folder && !files.some((f) => f.path.startsWith(prefix))) {
      throw new HubError(404, `Entry not found: ${folder} does not exist on "${rev}"`, 'EntryNotFound');
    }
    const items = treeItems(files, prefix, recursive);
    const limit = Math.max(1, Math.min(Number(url.searchParams.get('limit') ?? TREE_PAGE_SIZE) || TREE_PAGE_SIZE, TREE_PAGE_SIZE));
    const cursor = url.searchParams.get('cursor');
    const start = cursor ? Number((JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { offset?: unknown }).offset) : 0;
    const page = items.slice(start, start + limit);
    const body = await Promise.all(
      page.map(async (it) =>
        'dir' in it ? { type: 'directory', oid: createHash('sha1').update(it.dir).digest('hex'), size: 0, path: it.dir } : this.entry(it.file, expand),
      ),
    );
    const headers: Record<string, string> = {};
    if (start + limit < items.length) {
      const next = new URL(url.href.replace(/^https?:\/\/[^/]+/, this.url));
      next.searchParams.set('cursor', Buffer.from(JSON.stringify({ offset: start + limit })).toString('base64url'));
      headers.link = `<${next.href}>; rel="next"`;
    }
    this.json(res, 200, body, headers);
  }

  private async pathsInfo(req: http.IncomingMessage, res: http.ServerResponse, id: string, rev: string): Promise<void> {
    const repo = this.authorize(req, id, 'meta');
    const { files } = this.revision(repo, rev);
    const raw = await readBody(req);
    let paths: string[];
    let expand: boolean;
    if ((req.headers['content-type'] ?? '').includes('application/json')) {
      const body = JSON.parse(raw || '{}') as { paths?: string[]; expand?: boolean };
      paths = body.paths ?? [];
      expand = !!body.expand;
    } else {
      const form = new URLSearchParams(raw);
      paths = form.getAll('paths');
      expand = isTrue(form.get('expand'));
    }
    const out: unknown[] = [];
    for (const p of paths) {
      const f = fileAt(files, p);
      if (f) out.push(await this.entry(f, expand));
      else if (files.some((x) => x.path.startsWith(`${p}/`)))
        out.push({ type: 'directory', oid: createHash('sha1').update(p).digest('hex'), size: 0, path: p });
    }
    this.json(res, 200, out);
  }

  private async resolve(req: http.IncomingMessage, res: http.ServerResponse, url: URL, id: string, rev: string, path: string, fault?: Fault): Promise<void> {
    if (this.redirectIfRenamed(res, id, url.pathname, url.search)) return;
    const isMeta = path === 'README.md' || path === '.gitattributes';
    const repo = this.authorize(req, id, isMeta ? 'meta' : 'file');
    const revision = this.revision(repo, rev);
    const f = fileAt(revision.files, path);
    if (!f) throw new HubError(404, 'Entry not found', 'EntryNotFound');
    const h = await this.store.hashes_(f);
    const common = { 'x-repo-commit': revision.sha, 'access-control-expose-headers': 'X-Repo-Commit,X-Linked-Etag,X-Linked-Size,ETag,Content-Range' };
    if (f.lfs) {
      // valid for an hour, from the start of this minute: the signature of an object is computed once a minute, not per request
      const expires = Math.floor(Date.now() / 60_000) * 60_000 + 3600_000;
      this.lfsObjects.set(h.sha256, f.absolute);
      const location = `${this.url}/cdn-lfs/${h.sha256}?expires=${expires}&sig=${this.sign(h.sha256, expires)}`;
      res.writeHead(302, { ...common, location, etag: `"${h.sha256}"`, 'x-linked-etag': `"${h.sha256}"`, 'x-linked-size': String(f.size) });
      res.end();
      return;
    }
    this.sendFile(req, res, f.absolute, f.size, { ...common, etag: `"${h.sha1}"` }, fault);
  }

  private sign(sha: string, expires: number): string {
    const key = `${sha}|${expires}`;
    let sig = this.signatures.get(key);
    if (sig === undefined) {
      if (this.signatures.size >= 100_000) this.signatures.clear();
      sig = createHmac('sha256', this.signingKey).update(key).digest('hex');
      this.signatures.set(key, sig);
    }
    return sig;
  }

  /** The CDN behind LFS redirects: pre-signed URLs, no auth header needed, Range answered with 206. */
  private async cdn(req: http.IncomingMessage, res: http.ServerResponse, url: URL, fault?: Fault): Promise<void> {
    const sha = url.pathname.split('/').pop()!;
    const expires = Number(url.searchParams.get('expires'));
    const file = this.lfsObjects.get(sha);
    if (!file || url.searchParams.get('sig') !== this.sign(sha, expires) || expires < Date.now())
      throw new HubError(403, 'Request has expired or signature is invalid');
    const st = fileStat(file);
    this.sendFile(req, res, file, st.size, { etag: `"${sha}"` }, fault, st);
  }

  private sendFile(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    file: string,
    size: number,
    headers: Record<string, string>,
    fault?: Fault,
    st?: Stats,
  ): void {
    const body = fault?.body !== undefined ? Buffer.from(fault.body) : undefined;
    const total = body ? body.length : size;
    const range = parseRange(req.headers.range, total);
    if (range === 'invalid') {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${total}` });
      res.end();
      return;
    }
    const [start, end] = range ?? [0, total - 1];
    const length = Math.max(0, end - start + 1);
    res.writeHead(range ? 206 : 200, {
      ...headers,
      'accept-ranges': 'bytes',
      'content-type': contentType(file),
      'content-length': String(length),
      ...(range ? { 'content-range': `bytes ${start}-${end}/${total}` } : {}),
    });
    if (req.method === 'HEAD' || length === 0) {
      res.end();
      return;
    }
    if (body) {
      const slice = body.subarray(start, end + 1);
      if (fault?.cutAfterBytes !== undefined) {
        res.write(slice.subarray(0, fault.cutAfterBytes));
        res.destroy();
        return;
      }
      res.end(slice);
      return;
    }
    if (fault?.cutAfterBytes === undefined && length <= SMALL_RANGE_BYTES) {
      const bytes = this.readSmall(file, start, length, st);
      if (bytes) {
        this.stats.bytesSent += bytes.length;
        res.end(bytes);
        return;
      }
    }
    const stream = createReadStream(file, { start, end });
    if (fault?.cutAfterBytes !== undefined) {
      let sent = 0;
      stream.on('data', (chunk) => {
        const c = chunk as Buffer;
        const take = Math.min(c.length, fault.cutAfterBytes! - sent);
        if (take > 0) res.write(c.subarray(0, take));
        sent += take;
        if (sent >= fault.cutAfterBytes!) {
          stream.destroy();
          res.destroy();
        }
      });
      return;
    }
    stream.on('data', (chunk) => {
      if (!res.write(chunk)) stream.pause();
    });
    res.on('drain', () => stream.resume());
    stream.on('end', () => res.end());
    stream.on('error', () => res.destroy());
  }

  /**
   * `length` bytes at `start`, read in one call from a file kept open (a CDN serves a hot object from its
   * cache, not by opening it per request); the file is opened again when it changed on disk (another inode,
   * size or time). Undefined when it cannot be read so (the stream then answers).
   */
  private readSmall(file: string, start: number, length: number, known?: Stats): Buffer | undefined {
    try {
      const st = known ?? statSync(file);
      let open = this.openFiles.get(file);
      if (open && (open.ino !== st.ino || open.size !== st.size || open.mtimeMs !== st.mtimeMs)) {
        this.openFiles.delete(file);
        closeSync(open.fd);
        open = undefined;
      }
      if (!open) {
        if (this.openFiles.size >= MAX_OPEN_FILES) {
          const [oldest, entry] = this.openFiles.entries().next().value!;
          this.openFiles.delete(oldest);
          closeSync(entry.fd);
        }
        open = { fd: openSync(file, 'r'), ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
        this.openFiles.set(file, open);
      }
      const bytes = Buffer.allocUnsafe(length);
      const n = readSync(open.fd, bytes, 0, length, start);
      return n === length ? bytes : undefined;
    } catch {
      return undefined;
    }
  }

  private json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  }

  private sendError(res: http.ServerResponse, err: HubError): void {
    this.json(res, err.status, { error: err.message }, { 'x-error-message': err.message, ...(err.code ? { 'x-error-code': err.code } : {}) });
  }
}

/** The entries under `prefix`: folders and files, folders listed before their content, in path order (made once per listing asked). */
function treeItems(files: RepoEntry[], prefix: string, recursive: boolean): TreeItem[] {
  let listings = treeListings.get(files);
  if (!listings) treeListings.set(files, (listings = new Map<string, TreeItem[]>()));
  const key = `${recursive}\0${prefix}`;
  const known = listings.get(key);
  if (known) return known;
  const items: TreeItem[] = [];
  const seenDirs = new Set<string>();
  for (const f of files) {
    if (!f.path.startsWith(prefix)) continue;
    const relParts = f.path.slice(prefix.length).split('/');
    for (let i = 1; i < relParts.length; i++) {
      if (!recursive && i > 1) break;
      const dir = prefix + relParts.slice(0, i).join('/');
      if (!seenDirs.has(dir)) {
        seenDirs.add(dir);
        items.push({ dir });
      }
    }
    if (recursive || relParts.length === 1) items.push({ file: f });
  }
  listings.set(key, items);
  return items;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** the slice of a capped answer sent at once: a 20th of a second's bytes, at least 1 KiB */
const paceChunk = (bandwidth: number) => Math.max(1024, Math.floor(bandwidth / 20));

/**
 * Caps an answer's body at `bandwidth` bytes per second: its writes (and `end`'s last chunk) go out in slices,
 * each held until the bytes sent with it fit in the time elapsed since the body began; `write` reports back-pressure
 * until the queue is sent, so a streamed file waits for it.
 */
function throttle(res: http.ServerResponse, bandwidth: number): void {
  const write = res.write.bind(res) as (chunk: Buffer) => boolean;
  const end = res.end.bind(res) as () => void;
  const queue: Buffer[] = [];
  let started = 0;
  let sent = 0;
  let ending = false;
  let timer: NodeJS.Timeout | undefined;
  const pump = () => {
    timer = undefined;
    while (queue.length > 0) {
      if (res.destroyed) return;
      started ||= performance.now();
      // a slice goes once its last byte would have arrived: the whole body takes at least its size ÷ bandwidth
      const due = started + ((sent + queue[0]!.length) / bandwidth) * 1000;
      const wait = due - performance.now();
      if (wait > 1) {
        timer = setTimeout(pump, wait);
        return;
      }
      const slice = queue.shift()!;
      sent += slice.length;
      write(slice);
    }
    if (ending) end();
    else res.emit('drain');
  };
  const enqueue = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const buf = Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, encoding as BufferEncoding) : Buffer.from(chunk as Uint8Array);
    const size = paceChunk(bandwidth);
    for (let i = 0; i < buf.length; i += size) queue.push(buf.subarray(i, i + size));
  };
  res.write = ((chunk: unknown, encoding?: unknown) => {
    enqueue(chunk, encoding);
    if (timer === undefined) pump();
    return queue.length === 0;
  }) as typeof res.write;
  res.end = ((chunk?: unknown, encoding?: unknown) => {
    enqueue(chunk, encoding);
    ending = true;
    if (timer === undefined) pump();
    return res;
  }) as typeof res.end;
  res.on('close', () => clearTimeout(timer));
}

function isTrue(v: string | null): boolean {
  return v === 'true' || v === 'True' || v === '1';
}

function parseRange(header: string | undefined, size: number): [number, number] | 'invalid' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return [start, end];
}

function contentType(file: string): string {
  if (file.endsWith('.md')) return 'text/markdown; charset=utf-8';
  if (file.endsWith('.json')) return 'application/json';
  if (/\.(jsonl|csv|tsv|txt)$/.test(file)) return 'text/plain; charset=utf-8';
  return 'application/octet-stream';
}

function cardData(readme: string): unknown {
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readme);
  if (!m) return undefined;
  try {
    return parseYaml(m[1]!);
  } catch {
    return undefined;
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = '';
    req.on('data', (d: Buffer) => (s += d.toString()));
    req.on('end', () => resolve(s));
    req.on('error', reject);
  });
}

function fileStat(file: string): Stats {
  try {
    return statSync(file);
  } catch {
    throw new HubError(404, 'Not found');
  }
}
