/**
 * Waiting on state other parts of the worker change (which chunks are served, which previews
 * run): nothing signals the change, so it is looked at every few milliseconds. Pure.
 */

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface PollOptions {
  /** Between looks. */
  everyMs: number;
  /** Gives up waiting after this long (default: never). */
  limitMs?: number;
  /** The first look only after this long (default: at once). */
  firstLookAfterMs?: number;
}

/** Resolves once `condition` is false, or `limitMs` have passed; rejects when `signal` aborts. */
export async function waitWhile(condition: () => boolean, signal: AbortSignal, options: PollOptions): Promise<void> {
  const deadline = performance.now() + (options.limitMs ?? Infinity);
  if (options.firstLookAfterMs !== undefined) await delay(options.firstLookAfterMs);
  signal.throwIfAborted();
  while (condition() && performance.now() < deadline) {
    await delay(options.everyMs);
    signal.throwIfAborted();
  }
}
