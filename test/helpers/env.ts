import { CONFIG_DEFAULTS } from '../../src/config/config.ts';

/** Variables the worker, the CLI or the test worker read besides its configuration. */
const OTHER_SETTINGS = [
  'MACHINE_READINGS_FILE',
  'TEST_COMPUTE',
  'DASHBOARD_PORT',
  'DASHBOARD_HOST',
  'DASHBOARD_ALLOW_WRITES',
  'DASHBOARD_ALLOWED_HOSTS',
  'WEBHOOK_SECRET',
  'WEBHOOK_ALLOW_NO_SECRET',
  'WEBHOOK_PORT',
  'WEBHOOK_HOST',
];

/**
 * The environment for a process a test starts: this process's, less every setting of the worker (a user who
 * exported MONGO_URL, HF_TOKEN or MAX_LOAD_PCT for their worker must not have them leak into the tests'
 * workers), plus what the test sets. PATH, HOME, NODE_OPTIONS and the like stay.
 */
export function childEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [...Object.keys(CONFIG_DEFAULTS), ...OTHER_SETTINGS]) delete base[name];
  return { ...base, ...env };
}
