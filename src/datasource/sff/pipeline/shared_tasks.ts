/**
 * A cache of shared, abortable tasks: many callers may wait on the same key (the same chunk, the
 * same section's detection); the work is started once and aborted only when every caller still
 * waiting has given up. Finished results stay in a least-recently-used store bounded by weight
 * (bytes), so panning back does not refetch. Failed tasks are forgotten, so a later call retries.
 * Pure: no DOM, no Neuroglancer.
 */

interface Entry<V> {
  promise: Promise<V>;
  controller: AbortController;
  /** Callers still waiting (only meaningful until settled). */
  waiters: number;
  settled: boolean;
  weight: number;
  /** The pending abort of work nobody waits for, cancelled when a caller comes back. */
  grace?: ReturnType<typeof setTimeout>;
}

export class SharedTaskCache<K, V> {
  // Map order is recency order: a hit is moved to the end, eviction takes from the front.
  private readonly entries = new Map<K, Entry<V>>();
  private settledWeight = 0;

  /**
   * @param budget total weight of finished results kept; the least recently used go first.
   * @param weigh weight of one result (e.g. its byte length).
   * @param abortGraceMs how long work nobody waits for any more keeps running before it is
   *   aborted: a caller arriving meanwhile takes it over, and work that finishes is kept.
   */
  constructor(
    private readonly budget: number,
    private readonly weigh: (value: V) => number,
    private readonly abortGraceMs = 0,
  ) {}

  /** Result of `key`, starting `run` if nobody has. `signal` only withdraws this caller. */
  get(key: K, run: (signal: AbortSignal) => Promise<V>, signal: AbortSignal): Promise<V> {
    if (signal.aborted) return Promise.reject(signal.reason);
    let entry = this.entries.get(key);
    if (entry?.settled) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.promise;
    }
    entry ??= this.start(key, run);
    return this.wait(key, entry, signal);
  }

  /** Number of entries held, running or finished (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  private start(key: K, run: (signal: AbortSignal) => Promise<V>): Entry<V> {
    const controller = new AbortController();
    const entry: Entry<V> = { promise: run(controller.signal), controller, waiters: 0, settled: false, weight: 0 };
    this.entries.set(key, entry);
    entry.promise.then(
      (value) => {
        entry.settled = true;
        if (this.entries.get(key) !== entry) return;
        entry.weight = this.weigh(value);
        this.settledWeight += entry.weight;
        this.evict();
      },
      () => {
        entry.settled = true;
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry;
  }

  private wait(key: K, entry: Entry<V>, signal: AbortSignal): Promise<V> {
    entry.waiters++;
    clearTimeout(entry.grace);
    return new Promise<V>((resolve, reject) => {
      const onAbort = (): void => {
        entry.waiters--;
        if (entry.waiters === 0 && !entry.settled) {
          if (this.abortGraceMs === 0) this.abandon(key, entry, signal.reason);
          else entry.grace = setTimeout(() => this.abandon(key, entry, signal.reason), this.abortGraceMs);
        }
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          entry.waiters--;
          resolve(value);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          entry.waiters--;
          reject(err);
        },
      );
    });
  }

  /** Nobody wants the work any more (and nobody came back for it): stop it and forget it. */
  private abandon(key: K, entry: Entry<V>, reason: unknown): void {
    if (entry.waiters !== 0 || entry.settled) return;
    if (this.entries.get(key) === entry) this.entries.delete(key);
    entry.controller.abort(reason);
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.settledWeight <= this.budget) return;
      if (!entry.settled) continue;
      this.entries.delete(key);
      this.settledWeight -= entry.weight;
    }
  }
}
