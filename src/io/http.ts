/**
 * Every http request of sff goes through `httpGet`: the caller's AbortSignal, a timeout per try
 * (default 30 s, `setHttpTimeout` / the CLI's `--timeout`), a few tries with exponential backoff on
 * 5xx answers and timeouts, and failures as `SffError('FetchError', 'GET <url>: …')`. Uses only
 * the fetch API, so the browser pages and Node share it.
 */
import { SffError } from '../core/errors.js';

export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;

export interface HttpOptions {
  signal?: AbortSignal;
  /** Per try, headers and body included; default `setHttpTimeout`'s value (30 s). */
  timeoutMs?: number;
  /** Tries in all (≥ 1); default 3. */
  tries?: number;
  /** Wait before the second try, doubled before each further one; default 250 ms. */
  backoffMs?: number;
  headers?: Record<string, string>;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  bytes: Uint8Array<ArrayBuffer>;
}

let defaultTimeoutMs = DEFAULT_HTTP_TIMEOUT_MS;

/** The timeout of requests that do not name one (the CLI's `--timeout`). */
export function setHttpTimeout(ms: number): void {
  if (!(Number.isFinite(ms) && ms > 0)) throw new SffError('OptionError', `timeout must be > 0 ms, got ${ms}`);
  defaultTimeoutMs = ms;
}

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))} s`;

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * GET `url` and its whole body. Resolves with any status below 500 (404 and 416 are answers the
 * callers use) and with the last 5xx once the tries are spent; rejects with the caller's abort
 * reason when `signal` fires, and with a FetchError on a network failure or the last timeout.
 */
export async function httpGet(url: string, options: HttpOptions = {}): Promise<HttpAnswer> {
  const { signal, headers } = options;
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const tries = Math.max(1, options.tries ?? 3);
  const backoffMs = options.backoffMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(timeoutMs);
    const both = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    let answer: HttpAnswer;
    try {
      const response = await fetch(url, { signal: both, headers });
      answer = {
        status: response.status,
        headers: response.headers,
        bytes: new Uint8Array(await response.arrayBuffer()),
      };
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (!timeout.aborted) {
        const cause = (err as Error).cause as Error | undefined;
        const why = cause?.message ?? (err as Error).message;
        throw new SffError('FetchError', `GET ${url}: cannot fetch (${why})`, { cause: err });
      }
      if (attempt >= tries)
        throw new SffError('FetchError', `GET ${url}: timed out after ${seconds(timeoutMs)} (${tries} tries)`);
      await sleep(backoffMs * 2 ** (attempt - 1), signal);
      continue;
    }
    if (answer.status < 500 || attempt >= tries) return answer;
    await sleep(backoffMs * 2 ** (attempt - 1), signal);
  }
}

/** `httpGet` that insists on a 2xx answer: anything else is a FetchError naming the URL. */
export async function httpGetOk(url: string, options: HttpOptions = {}): Promise<HttpAnswer> {
  const answer = await httpGet(url, options);
  if (answer.status < 200 || answer.status > 299) throw new SffError('FetchError', `GET ${url}: HTTP ${answer.status}`);
  return answer;
}
