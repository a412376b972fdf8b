/**
 * The Redis behind a distributed restore, named by one URL (`redis://[user:password@]host:port[/db]`).
 * Workers keep reconnecting for as long as they live (a restarted Redis is picked up again);
 * the short-lived commands (plan, status) give up after a few tries with one line instead of
 * hanging on a wrong address.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { SffError } from '../core/errors.js';

export function queueError(message: string): SffError<'QueueError'> {
  return new SffError('QueueError', message);
}

/** ioredis options for `url`; anything but redis://host[:port][/db] is refused in one line. */
export function redisOptions(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw queueError(`--queue must be a redis://host:port[/db] URL, got "${url}"`);
  }
  const db = parsed.pathname.replace(/^\//, '');
  if (parsed.protocol !== 'redis:' || parsed.hostname === '' || !/^\d*$/.test(db))
    throw queueError(`--queue must be a redis://host:port[/db] URL, got "${url}"`);
  return {
    host: parsed.hostname,
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    db: db === '' ? 0 : Number(db),
    username: parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
    password: parsed.password === '' ? undefined : decodeURIComponent(parsed.password),
  };
}

const RETRY_MS = 500;
/** Tries of a short-lived command before it reports Redis unreachable (about 5 s). */
const SHORT_LIVED_TRIES = 10;

/**
 * A connection BullMQ can share (blocking commands need `maxRetriesPerRequest: null`).
 * `persistent`: reconnect forever (workers); else fail after about 5 s (plan, status).
 */
export async function connectRedis(url: string, persistent: boolean): Promise<Redis> {
  const redis = new Redis({
    ...redisOptions(url),
    maxRetriesPerRequest: persistent ? null : 2,
    lazyConnect: true,
    retryStrategy: (times) => (persistent || times < SHORT_LIVED_TRIES ? RETRY_MS : null),
  });
  let lastError = '';
  redis.on('error', (err: Error) => (lastError = err.message)); // reported below, or retried
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw queueError(`cannot reach Redis at ${url}: ${lastError || (err as Error).message}`);
  }
  return redis;
}
