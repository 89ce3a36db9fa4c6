import { mongoUrlSecrets, redactMongoUrl } from '../config/mongo-url.ts';

/**
 * A service the program needs did not answer. The message names the service, where it was looked for and,
 * when the address came from the environment, the variable to check: a bare ECONNREFUSED names neither.
 */
export class ServiceUnavailableError extends Error {
  readonly errorCode: 'MongoUnavailableError' | 'HubUnavailableError';

  constructor(
    readonly service: 'MongoDB' | 'the Hub',
    address: string,
    cause: unknown,
    readonly variable?: 'MONGO_URL' | 'HF_ENDPOINT',
  ) {
    const where = variable ? `${redactUrl(address)} (${variable})` : redactUrl(address);
    let detail = describeCause(cause);
    if (service === 'MongoDB') for (const secret of mongoUrlSecrets(address)) detail = detail.split(secret).join('****');
    super(`cannot reach ${service} at ${where}: ${detail}`, { cause });
    this.errorCode = service === 'MongoDB' ? 'MongoUnavailableError' : 'HubUnavailableError';
    this.name = this.errorCode;
  }
}

/**
 * Credentials in a URL never reach a message: a MongoDB connection string keeps its hosts and user, its password and
 * secret options masked (the driver's redaction); any other URL loses its `user:pass@`.
 */
export function redactUrl(url: string): string {
  if (/^mongodb(\+srv)?:/i.test(url)) return redactMongoUrl(url);
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/**
 * The chain of causes, each said once: a wrapper's message usually quotes its cause's already ("… after 2
 * attempts: connect ECONNREFUSED"), so a level whose message holds what is said below it replaces it; one that
 * does not (fetch's bare "fetch failed") is put in front of it. An error code not in any message is added.
 */
function describeCause(cause: unknown): string {
  const levels: string[] = [];
  let err = cause;
  for (let i = 0; i < 4 && err instanceof Error; i++) {
    const code = (err as { code?: unknown }).code;
    levels.push(typeof code === 'string' && !err.message.includes(code) ? `${err.message} (${code})` : err.message);
    err = err.cause;
  }
  let said = '';
  for (const message of levels.reverse()) {
    if (message === '' || said.includes(message)) continue;
    said = said === '' || message.includes(said) ? message : `${message}: ${said}`;
  }
  return said || String(cause);
}
