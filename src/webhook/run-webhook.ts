import { loadConfig, type Config } from '../config/config.ts';
import { createLogger } from '../log/logger.ts';
import { SplitsQueue } from '../producer/splits-queue.ts';
import { startWebhookServer } from './webhook-server.ts';

/** The receiver's own settings, read beside the worker's configuration (MONGO_URL, the two databases, LOG_LEVEL). */
export interface WebhookSettings {
  secret: string | undefined;
  port: number;
  host: string;
}

/** A setting of the receiver that is missing or invalid: the process refuses to start, with this message. */
export class WebhookConfigError extends Error {
  readonly errorCode = 'WebhookConfigError';
  constructor(message: string) {
    super(message);
    this.name = 'WebhookConfigError';
  }
}

export const DEFAULT_WEBHOOK_PORT = 9466;

/**
 * WEBHOOK_SECRET (required unless WEBHOOK_ALLOW_NO_SECRET=true), WEBHOOK_PORT (default 9466; 0: any free
 * port), WEBHOOK_HOST (default 0.0.0.0).
 */
export function webhookSettings(env: NodeJS.ProcessEnv = process.env): WebhookSettings {
  const allowText = env.WEBHOOK_ALLOW_NO_SECRET ?? 'false';
  if (allowText !== 'true' && allowText !== 'false')
    throw new WebhookConfigError(`invalid configuration: WEBHOOK_ALLOW_NO_SECRET=${JSON.stringify(allowText)}: true or false`);
  const secret = env.WEBHOOK_SECRET === '' ? undefined : env.WEBHOOK_SECRET;
  if (secret === undefined && allowText !== 'true') {
    throw new WebhookConfigError(
      "WEBHOOK_SECRET is not set: the receiver would accept anyone's webhooks. Set it to the Hub webhook's secret (or WEBHOOK_ALLOW_NO_SECRET=true, for a receiver nobody else can reach)",
    );
  }
  const portText = env.WEBHOOK_PORT ?? String(DEFAULT_WEBHOOK_PORT);
  if (!/^\d+$/.test(portText) || Number(portText) > 65535)
    throw new WebhookConfigError(`invalid configuration: WEBHOOK_PORT=${JSON.stringify(portText)}: a TCP port, 0-65535`);
  return { secret, port: Number(portText), host: env.WEBHOOK_HOST ?? '0.0.0.0' };
}

/**
 * `splits-worker webhook`: connects to the queue (the producer's connection, which also reaches the cache
 * database), listens, and stops on SIGTERM/SIGINT. Returns once it listens.
 */
export async function runWebhook(env: NodeJS.ProcessEnv = process.env): Promise<{ url: string; close: () => Promise<void> }> {
  const settings = webhookSettings(env);
  const config: Config = loadConfig(env);
  const logger = createLogger(config.logLevel, { secrets: [settings.secret, config.hfToken] });
  const queue = await SplitsQueue.connect(config.mongoUrl, { queueDatabase: config.mongoQueueDatabase, connectTimeoutMs: config.mongoConnectTimeoutMs });
  let server;
  try {
    server = await startWebhookServer({
      target: {
        enqueue: (dataset) => queue.enqueue(dataset),
        removeDataset: (dataset) => queue.removeDataset(dataset, config.mongoCacheDatabase),
        ready: () => queue.ping(),
      },
      secret: settings.secret,
      port: settings.port,
      host: settings.host,
      logger,
    });
  } catch (err) {
    await queue.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new WebhookConfigError(`WEBHOOK_PORT=${settings.port} is already in use on ${settings.host}: set WEBHOOK_PORT to a free port`);
    throw err;
  }
  logger.info({ port: server.port, host: settings.host, secret: settings.secret !== undefined }, 'webhook receiver started');
  const s = server;
  const close = async () => {
    await s.close();
    await queue.close();
  };
  const stop = () => void close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { url: s.url, close };
}
