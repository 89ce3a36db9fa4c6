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

/** The innermost useful message: fetch wraps ECONNREFUSED in a bare "fetch failed". */
function describeCause(cause: unknown): string {
  let err = cause;
  const parts: string[] = [];
  for (let i = 0; i < 4 && err instanceof Error; i++) {
    const code = (err as { code?: unknown }).code;
    parts.push(typeof code === 'string' && !err.message.includes(code) ? `${err.message} (${code})` : err.message);
    err = err.cause;
  }
  const unique = [...new Set(parts.filter(Boolean))];
  return unique.length ? unique.join(': ') : String(cause);
}
