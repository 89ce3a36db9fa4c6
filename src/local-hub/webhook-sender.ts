import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SETTINGS_FILE, type RepoStore } from './repo-store.ts';

/**
 * The local Hub's webhooks: it watches the repos folder and, when a repo served from disk changes, posts the
 * Hub's payload to one URL, as huggingface.co does for a webhook watching datasets.
 *
 * Watching is by polling: every `intervalMs` one scan of the folder computes a signature per repo (each file's
 * path, size and mtime, `.hub-repo.json` and the `refs/convert/parquet` folder included), compared with the last
 * scan's. Polling works the same on every platform and file system (fs.watch is not recursive on every Linux
 * Node, misses changes on network and overlay mounts and reports renames by platform-specific events); the
 * price is a delay of up to one interval and one stat per file per interval. The scan uses the asynchronous fs
 * API, so the Hub goes on serving during it. The first scan records the repos already there and posts nothing.
 * A scan that finds a file or folder gone between listing and reading it (a repo renamed or removed meanwhile)
 * is dropped whole: the next one sees the change complete, so a rename is one `move`, never a half-walked `update`.
 *
 * A repo that appears is `create`, one whose signature changed is `update`, one that is gone is `delete`; a repo
 * gone and another that appeared in the same scan are one `move` when `.hub-redirects.json` maps the old name to
 * the new one or when both hold the same files (paths and sizes) and settings. Before posting, the store forgets
 * what it read of the repo, so the payload's `repo.headSha` is the sha the Hub's API reports from then on.
 *
 * Delivery is bounded: posts go out one at a time in the order of the changes, each with a time-out; a network
 * error, a 429 or a 5xx is retried with exponential backoff, then given up (and logged); a 4xx is not retried.
 * At most `maxPending` payloads wait; beyond that the oldest is dropped (and counted).
 */
export interface WebhookSenderOptions {
  /** where to post, e.g. http://127.0.0.1:8090/webhook */
  url: string;
  /** sent as `X-Webhook-Secret` */
  secret: string;
  /** how often the repos folder is scanned (default 500 ms) */
  intervalMs?: number;
  /** the time-out of one post (default 5,000 ms) */
  timeoutMs?: number;
  /** retries of a failed post (default 4) */
  retries?: number;
  /** the first retry's delay, doubled at each retry (default 200 ms) */
  backoffMs?: number;
  /** payloads that may wait for delivery (default 1,000) */
  maxPending?: number;
  /** one line per post given up, dropped or scan failed (default: stderr) */
  log?: (line: string) => void;
}

export interface WebhookPayload {
  event: { action: 'create' | 'update' | 'delete' | 'move'; scope: string };
  repo: { type: 'dataset'; name: string; id: string; headSha?: string };
  movedTo?: { name: string };
}

export interface WebhookSenderStats {
  scans: number;
  /** posts answered 2xx */
  delivered: number;
  /** attempts that failed and were tried again */
  retried: number;
  /** posts given up after the retries, or refused with a 4xx */
  failed: number;
  /** payloads dropped because `maxPending` were waiting */
  dropped: number;
}

/** What a repo looks like on disk: `full` changes with any file; `content` (paths, sizes, settings) pairs a move. */
interface RepoSignature {
  full: string;
  content: string;
}

export class WebhookSender {
  readonly stats: WebhookSenderStats = { scans: 0, delivered: 0, retried: 0, failed: 0, dropped: 0 };
  private readonly opts: Required<WebhookSenderOptions>;
  private known: Map<string, RepoSignature> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private readonly pending: WebhookPayload[] = [];
  private delivering: Promise<void> | undefined;
  private stopped = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly store: RepoStore,
    options: WebhookSenderOptions,
  ) {
    this.opts = {
      intervalMs: 500,
      timeoutMs: 5000,
      retries: 4,
      backoffMs: 200,
      maxPending: 1000,
      log: (line) => process.stderr.write(`hub webhook: ${line}\n`),
      ...options,
    };
  }

  /** Records the repos already there, then scans every `intervalMs`. */
  async start(): Promise<void> {
    await this.scan();
    this.schedule();
  }

  /** Stops scanning and abandons the posts in flight or waiting. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
    this.pending.length = 0;
    await this.scanning;
    await this.delivering;
  }

  /** Resolves once every payload queued so far has been delivered or given up (for tests). */
  async idle(): Promise<void> {
    while (this.delivering) await this.delivering;
  }

  /** One scan now (also what the timer runs); concurrent calls share it. */
  scan(): Promise<void> {
    this.scanning ??= this.scanOnce().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.scan().then(() => this.schedule());
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  private async scanOnce(): Promise<void> {
    let now: Map<string, RepoSignature>;
    try {
      now = await this.signatures();
    } catch (err) {
      // A repo renamed or removed while this scan walked it: the next scan sees it whole (a rename is one move,
      // not an update of a half-walked folder, then a delete and a create).
      if (err instanceof ChangedDuringScan) return;
      this.opts.log(`scan of ${this.store.root} failed: ${(err as Error).message}`);
      return;
    }
    this.stats.scans++;
    const before = this.known;
    this.known = now;
    if (!before || this.stopped) return;
    const gone = [...before.keys()].filter((id) => !now.has(id));
    const added = [...now.keys()].filter((id) => !before.has(id));
    const redirects = await readJson<Record<string, string>>(path.join(this.store.root, '.hub-redirects.json'));
    const payloads: WebhookPayload[] = [];
    for (const from of gone) {
      const to =
        (redirects?.[from] && added.includes(redirects[from]) ? redirects[from] : undefined) ??
        added.find((id) => now.get(id)!.content === before.get(from)!.content);
      this.store.forget(from);
      if (to) {
        added.splice(added.indexOf(to), 1);
        this.store.forget(to);
        payloads.push({ ...this.payload('move', from, this.headSha(to)), movedTo: { name: to } });
      } else payloads.push(this.payload('delete', from, undefined));
    }
    for (const id of added) {
      this.store.forget(id);
      payloads.push(this.payload('create', id, this.headSha(id)));
    }
    for (const [id, sig] of now) {
      if (before.has(id) && before.get(id)!.full !== sig.full) {
        this.store.forget(id);
        payloads.push(this.payload('update', id, this.headSha(id)));
      }
    }
    for (const p of payloads) this.enqueue(p);
  }

  private headSha(id: string): string | undefined {
    return this.store.get(id)?.settings.sha;
  }

  private payload(action: WebhookPayload['event']['action'], name: string, headSha: string | undefined): WebhookPayload {
    return {
      event: { action, scope: action === 'update' || action === 'create' ? 'repo.content' : 'repo' },
      repo: { type: 'dataset', name, id: name, ...(headSha ? { headSha } : {}) },
    };
  }

  private enqueue(p: WebhookPayload): void {
    if (this.pending.length >= this.opts.maxPending) {
      const dropped = this.pending.shift()!;
      this.stats.dropped++;
      this.opts.log(`dropped the ${dropped.event.action} of ${dropped.repo.name}: ${this.opts.maxPending} payloads waiting`);
    }
    this.pending.push(p);
    this.delivering ??= this.deliverAll().finally(() => (this.delivering = undefined));
  }

  private async deliverAll(): Promise<void> {
    for (let p = this.pending.shift(); p && !this.stopped; p = this.pending.shift()) await this.deliver(p);
  }

  private async deliver(p: WebhookPayload): Promise<void> {
    const what = `${p.event.action} of ${p.repo.name}`;
    for (let attempt = 0; ; attempt++) {
      let problem: string;
      let retryable = true;
      try {
        const res = await fetch(this.opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-webhook-secret': this.opts.secret },
          body: JSON.stringify(p),
          signal: AbortSignal.any([AbortSignal.timeout(this.opts.timeoutMs), this.abort.signal]),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) {
          this.stats.delivered++;
          return;
        }
        problem = `HTTP ${res.status}`;
        retryable = res.status === 429 || res.status >= 500;
      } catch (err) {
        if (this.stopped) return;
        problem = (err as Error).name === 'TimeoutError' ? `no answer in ${this.opts.timeoutMs} ms` : (err as Error).message;
      }
      if (!retryable || attempt >= this.opts.retries) {
        this.stats.failed++;
        this.opts.log(`gave up the ${what} after ${attempt + 1} attempt(s): ${problem}`);
        return;
      }
      this.stats.retried++;
      await new Promise((resolve) => setTimeout(resolve, this.opts.backoffMs * 2 ** attempt));
      if (this.stopped) return;
    }
  }

  /** Each repo's signature, by id, laid out as RepoStore reads them. */
  private async signatures(): Promise<Map<string, RepoSignature>> {
    const out = new Map<string, RepoSignature>();
    for (const top of await readdir(this.store.root, { withFileTypes: true })) {
      if (!top.isDirectory() || top.name.startsWith('.')) continue;
      const dir = path.join(this.store.root, top.name);
      const entries = (await readdir(dir, { withFileTypes: true }).catch(vanished)) ?? [];
      if (entries.some((e) => e.name === SETTINGS_FILE && e.isFile())) {
        out.set(top.name, await signature(dir));
        continue;
      }
      for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) out.set(`${top.name}/${e.name}`, await signature(path.join(dir, e.name)));
    }
    return out;
  }
}

/** a file or folder listed by this scan was gone when it was read */
class ChangedDuringScan extends Error {}

const vanished = (err: unknown): never | undefined => {
  if ((err as { code?: unknown }).code === 'ENOENT') throw new ChangedDuringScan();
  return undefined;
};

async function signature(dir: string): Promise<RepoSignature> {
  const full: string[] = [];
  const content: string[] = [];
  const walk = async (rel: string) => {
    const entries = (await readdir(path.join(dir, rel), { withFileTypes: true }).catch(vanished)) ?? [];
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.name === '.git') continue;
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) {
        const st = await stat(path.join(dir, p)).catch(vanished);
        if (!st) continue;
        full.push(`${p}:${st.size}:${st.mtimeMs}`);
        content.push(p === SETTINGS_FILE ? `${p}=${((await readFile(path.join(dir, p), 'utf8').catch(vanished)) ?? '').trim()}` : `${p}:${st.size}`);
      }
    }
  };
  await walk('');
  return { full: full.join('\n'), content: content.join('\n') };
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
