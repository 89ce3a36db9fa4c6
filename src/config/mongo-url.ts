/**
 * MONGO_URL as the MongoDB driver reads it: any connection string the driver accepts (a replica set's host list,
 * `mongodb+srv://`, options) is accepted, checked by the driver's own parser, and what logs and errors show of it
 * has its password and secret options masked.
 */
import { MongoClient } from 'mongodb';
import { ConnectionString } from 'mongodb-connection-string-url';

/** What masks a secret in a shown connection string. */
const MASK = '****';

/** Options of a connection string whose values are secrets (those the driver's own redaction, mongodb-connection-string-url's, masks). */
const SECRET_OPTIONS = ['tlsCertificateKeyFilePassword', 'proxyPassword'];

/** Secrets shorter than this are not scrubbed from free text: they would mangle every number in the logs. */
const MIN_SCRUBBED_CHARS = 4;

/**
 * The connection string as it may be printed: the same text with its password and the values of its secret options
 * masked (hosts, user, database and other options kept), also when it does not parse. The userinfo ends at the last
 * `@`, as a password with an unescaped `@` would make it: a malformed string loses more to the mask, never a secret.
 */
export function redactMongoUrl(url: string): string {
  let out = url;
  const scheme = out.indexOf('://');
  const at = out.lastIndexOf('@');
  if (scheme >= 0 && at > scheme) {
    const colon = out.indexOf(':', scheme + 3);
    if (colon >= 0 && colon < at) out = `${out.slice(0, colon + 1)}${MASK}${out.slice(at)}`;
  }
  for (const name of SECRET_OPTIONS) out = out.replace(new RegExp(`([?&]${name}=)[^&#]*`, 'gi'), `$1${MASK}`);
  return out.replace(/(AWS_SESSION_TOKEN(?::|%3A))[^,&#]*/gi, `$1${MASK}`);
}

/**
 * Why the driver refuses this connection string, or undefined when it accepts it. The driver parses the string when
 * a client is made (the SRV lookup and the connection wait for `connect()`), so a client made and dropped is the check.
 * The reason never holds a secret of the string.
 */
export function mongoUrlProblem(url: string): string | undefined {
  try {
    new MongoClient(url);
    return undefined;
  } catch (err) {
    let reason = err instanceof Error ? err.message : String(err);
    for (const secret of mongoUrlSecrets(url)) reason = reason.split(secret).join(MASK);
    return reason;
  }
}

/** The secrets a connection string holds (its password, secret options), raw and percent-decoded, to scrub from free text. */
export function mongoUrlSecrets(url: string): string[] {
  const found: string[] = [];
  let parsed: ConnectionString | undefined;
  try {
    parsed = new ConnectionString(url, { looseValidation: true });
  } catch {
    // unparsable: the password is what lies between the user's colon and the last @ before the hosts
    const creds = /^[a-z+]+:\/\/[^:/?#@]*:(.*)@[^@]*$/i.exec(url);
    if (creds?.[1]) found.push(creds[1]);
  }
  if (parsed) {
    if (parsed.password) found.push(parsed.password);
    for (const name of SECRET_OPTIONS) {
      const value = parsed.searchParams.get(name);
      if (value) found.push(value);
    }
    const session = /AWS_SESSION_TOKEN:([^,]+)/i.exec(parsed.searchParams.get('authMechanismProperties') ?? '');
    if (session?.[1]) found.push(session[1]);
  }
  const all = found.flatMap((s) => [s, safeDecode(s)]);
  return [...new Set(all)].filter((s) => s.length >= MIN_SCRUBBED_CHARS);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
