/** Waiting on work that cannot itself be cancelled (model loads, ORT runs) with a signal. */
import { InferenceAbortedError, throwIfAborted } from './errors.js';

/**
 * Resolves like `promise`, but rejects with InferenceAbortedError as soon as `signal` fires.
 * The underlying work keeps running; its result is dropped.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  throwIfAborted(signal, what);
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new InferenceAbortedError(what, signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

/**
 * Lets queued macrotasks run (a SIGINT handler, an abort from another message). ORT's WASM runs
 * resolve through microtasks only, so a chain of runs would otherwise never let them in.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
