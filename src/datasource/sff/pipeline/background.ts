/**
 * Work that never makes a chunk wait long: a section's plan or a block's restoration that is not
 * ready answers `pending` at once, or after `waitMs` (the chunk is served raw) while the work runs in the background; when
 * it is done, the source refreshes the chunks that were served raw. The work is cancelled once
 * nothing that needs it is wanted any more (the user panned away). Pure: the chunk bookkeeping
 * is handed in.
 */

export interface BackgroundOptions<K, V> {
  /** The (shared, cached) work for one key. */
  run(key: K, signal: AbortSignal): Promise<V>;
  /** Identity of a key's work (e.g. the section z, or the block's cache key). */
  id(key: K): string | number;
  /** Whether a chunk needing this work is still visible or prefetched. */
  wanted(key: K): boolean;
  /** The work for `key` finished (with `result`) after some chunk got `pending`: serve those chunks again. */
  refresh(key: K, result: V): void;
  /** What a chunk gets while the work runs. */
  pending: V;
  /** How often running work checks that it is still wanted. */
  checkIntervalMs?: number;
  /**
   * How long a chunk may wait for the work before it is served `pending` (default 0: not at all).
   * Cheap work (a block's preview) is worth waiting for: the chunk is drawn once, restored,
   * instead of raw and then again after a refresh.
   */
  waitMs?: number;
}

const PENDING = Symbol('pending');

interface Job<V> {
  controller: AbortController;
  result: Promise<V>;
  /** Some chunk got `pending`: refresh when the result is in. */
  servedRaw: boolean;
}

/** Answers at once: the result if ready, else `pending` (and the work goes on). */
export function makeBackground<K, V>(options: BackgroundOptions<K, V>): (key: K) => Promise<V> {
  const running = new Map<string | number, Job<V>>();
  const checkMs = options.checkIntervalMs ?? 1000;

  const start = (key: K, id: string | number): Job<V> => {
    const controller = new AbortController();
    const job: Job<V> = { controller, result: options.run(key, controller.signal), servedRaw: false };
    running.set(id, job);
    const timer = setInterval(() => {
      if (!options.wanted(key)) controller.abort(new DOMException(`${id} is no longer shown`, 'AbortError'));
    }, checkMs);
    const settle = (): void => {
      clearInterval(timer);
      if (running.get(id) === job) running.delete(id);
    };
    job.result.then((result) => {
      settle();
      if (job.servedRaw) options.refresh(key, result);
    }, settle);
    return job;
  };

  return async (key) => {
    const id = options.id(key);
    let job = running.get(id);
    // An aborted job is on its way out (its work rejects soon): start afresh.
    if (job === undefined || job.controller.signal.aborted) job = start(key, id);
    // A finished job is an already-settled promise: it wins against the next macrotask.
    // Cancelled work (nothing needing it is shown) serves raw, like work still running.
    const result = job.result.catch(() => options.pending);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ready = await Promise.race([
      result,
      new Promise<typeof PENDING>((resolve) => (timer = setTimeout(resolve, options.waitMs ?? 0, PENDING))),
    ]);
    clearTimeout(timer);
    if (ready !== PENDING) return ready;
    job.servedRaw = true;
    return options.pending;
  };
}
