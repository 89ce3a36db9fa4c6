/**
 * The local Hub's webhook sender against a small receiver that records what it is sent: the payloads of a repo
 * added, changed, renamed and removed on disk (headSha the sha the Hub's API then reports), the secret header,
 * retries of a 5xx, no retry of a 4xx, a time-out per post, and the Hub serving while a post hangs.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalHub } from '../../src/local-hub/hub-server.ts';
import type { WebhookPayload } from '../../src/local-hub/webhook-sender.ts';
import { buildFixtures } from '../fixtures/build-fixtures.ts';
import { waitFor } from '../helpers/workers.ts';

interface Received {
  payload: WebhookPayload;
  secret: string | undefined;
}

/** A receiver answering each post with the next status of `statuses` (then 200); 0: never answers. */
async function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  let attempts = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      attempts++;
      const status = statuses.shift() ?? 200;
      if (status === 0) return;
      if (status === 200) received.push({ payload: JSON.parse(body) as WebhookPayload, secret: req.headers['x-webhook-secret'] as string | undefined });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhook`;
  return {
    url,
    received,
    attempts: () => attempts,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function reposCopy(): string {
  const repos = mkdtempSync(path.join(os.tmpdir(), 'splits-hub-sender-'));
  cpSync(buildFixtures(), repos, { recursive: true });
  return repos;
}

const toClose: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of toClose.splice(0)) await close();
});

async function hubSha(hub: LocalHub, dataset: string): Promise<string> {
  return ((await (await fetch(`${hub.url}/api/datasets/${dataset}`)).json()) as { sha: string }).sha;
}

describe('the local Hub webhook sender', () => {
  it('posts create, update, move and delete with the sha the Hub then reports, and the secret', async () => {
    const r = await receiver();
    const repos = reposCopy();
    const hub = new LocalHub(repos, { webhook: { url: r.url, secret: 's3cret', intervalMs: 60_000 } });
    await hub.listen();
    toClose.push(() => hub.close(), r.close);
    const sender = hub.webhooks!;
    // read once by the Hub before the change: what it serves must follow the change
    const before = await hubSha(hub, 'acme/single-jsonl');

    const staged = path.join(repos, '..', `${path.basename(repos)}-staged`);
    mkdirSync(staged);
    cpSync(path.join(repos, 'acme/single-jsonl'), path.join(staged, 'x'), { recursive: true });
    writeFileSync(path.join(staged, 'x/.hub-repo.json'), '{}');
    renameSync(path.join(staged, 'x'), path.join(repos, 'acme/new'));
    writeFileSync(path.join(repos, 'acme/single-jsonl/.hub-repo.json'), JSON.stringify({ sha: 'ab'.repeat(20) }));
    await sender.scan();
    await sender.idle();
    appendFileSync(path.join(repos, 'acme/new/dataset.jsonl'), '{"text": "more"}\n');
    await sender.scan();
    await sender.idle();
    renameSync(path.join(repos, 'acme/new'), path.join(repos, 'acme/newer'));
    await sender.scan();
    await sender.idle();
    const afterMove = await hubSha(hub, 'acme/newer');
    rmSync(path.join(repos, 'acme/newer'), { recursive: true });
    await sender.scan();
    await sender.idle();

    assert.ok(r.received.every((x) => x.secret === 's3cret'));
    const [created, updated, changed, moved, deleted] = r.received.map((x) => x.payload);
    assert.equal(r.received.length, 5, JSON.stringify(r.received));
    assert.deepEqual(created!.event, { action: 'create', scope: 'repo.content' });
    assert.equal(created!.repo.name, 'acme/new');
    assert.deepEqual([updated!.event.action, updated!.repo.name, updated!.repo.headSha], ['update', 'acme/single-jsonl', 'ab'.repeat(20)]);
    assert.notEqual(before, 'ab'.repeat(20));
    assert.equal(await hubSha(hub, 'acme/single-jsonl'), 'ab'.repeat(20), 'the Hub serves the sha of the webhook');
    assert.deepEqual([changed!.event.action, changed!.repo.name], ['update', 'acme/new']);
    assert.notEqual(changed!.repo.headSha, created!.repo.headSha, 'a file changed: a new sha (derived from the files)');
    assert.deepEqual(
      [moved!.event, moved!.repo.name, moved!.movedTo, moved!.repo.headSha],
      [{ action: 'move', scope: 'repo' }, 'acme/new', { name: 'acme/newer' }, changed!.repo.headSha],
    );
    assert.equal(afterMove, changed!.repo.headSha, 'the Hub reports the moved repo at the sha of the webhook');
    assert.deepEqual([deleted!.event.action, deleted!.repo.name], ['delete', 'acme/newer']);
    assert.equal(
      (await fetch(`${hub.url}/api/datasets/acme/newer`)).status,
      401,
      'the deleted repo is no longer served (401, as the Hub answers an anonymous client)',
    );
  });

  it('retries a 5xx with backoff, gives a 4xx up at once, and times a hung post out while the Hub goes on serving', async () => {
    const r = await receiver([503, 503, 200, 400, 0]);
    const repos = reposCopy();
    const hub = new LocalHub(repos, {
      webhook: { url: r.url, secret: 's', intervalMs: 60_000, backoffMs: 10, retries: 2, timeoutMs: 300, log: () => undefined },
    });
    await hub.listen();
    toClose.push(() => hub.close(), r.close);
    const sender = hub.webhooks!;

    writeFileSync(path.join(repos, 'acme/single-jsonl/.hub-repo.json'), JSON.stringify({ sha: 'cd'.repeat(20) }));
    await sender.scan();
    await sender.idle();
    assert.deepEqual([r.attempts(), sender.stats.retried, sender.stats.delivered, sender.stats.failed], [3, 2, 1, 0], '503, 503, then delivered');

    writeFileSync(path.join(repos, 'acme/single-jsonl/.hub-repo.json'), JSON.stringify({ sha: 'ef'.repeat(20) }));
    await sender.scan();
    await sender.idle();
    assert.deepEqual([r.attempts(), sender.stats.failed], [4, 1], 'a 400 is not retried');

    // a post that hangs, then one answered: the Hub answers while they hang
    writeFileSync(path.join(repos, 'acme/single-jsonl/.hub-repo.json'), JSON.stringify({ sha: '12'.repeat(20) }));
    await sender.scan();
    await waitFor(async () => r.attempts() === 5, 10_000, 'the hung post');
    assert.equal(await hubSha(hub, 'acme/single-jsonl'), '12'.repeat(20), 'the Hub serves while a webhook post hangs');
    await sender.idle();
    assert.deepEqual([r.attempts(), sender.stats.delivered, sender.stats.failed], [6, 2, 1], 'timed out once, then delivered');
  });
});
