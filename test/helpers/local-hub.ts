import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalHub } from '../../src/local-hub/hub-server.ts';
import { buildFixtures } from '../fixtures/build-fixtures.ts';
import { HubClient } from '../../src/hub/hub-client.ts';

export const TOKEN_WITH_ACCESS = 'hf_alice_has_access_0123456789';
export const TOKEN_WITHOUT_ACCESS = 'hf_bob_no_access_0123456789';

/** The local Hub serving the fixture repos, on a free port. */
export async function startLocalHub(): Promise<LocalHub> {
  const hub = new LocalHub(buildFixtures());
  await hub.listen();
  return hub;
}

export function hubClient(hub: LocalHub, opts: Partial<ConstructorParameters<typeof HubClient>[0]> = {}): HubClient {
  return new HubClient({
    endpoint: hub.url,
    token: undefined,
    timeoutMs: 5000,
    maxRetries: 2,
    retryBaseMs: 10,
    cacheDir: mkdtempSync(path.join(os.tmpdir(), 'splits-hf-cache-')),
    ...opts,
  });
}
