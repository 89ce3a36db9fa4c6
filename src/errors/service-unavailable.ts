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
    super(`cannot reach ${service} at ${where}: ${describeCause(cause)}`, { cause });
    this.errorCode = service === 'MongoDB' ? 'MongoUnavailableError' : 'HubUnavailableError';
    this.name = this.errorCode;
  }
}

/** Credentials in a URL (`//user:pass@`) never reach a message. */
export function redactUrl(url: string): string {
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
