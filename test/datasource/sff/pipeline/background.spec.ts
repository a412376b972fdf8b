import { makeBackground } from '../../../../src/datasource/sff/pipeline/background.js';

interface Key {
  z: number;
  tag?: string;
}

const PENDING = { value: 'pending' };

/**
 * Work per id, shared and cached like the real (SharedTaskCache) work: it finishes or fails when
 * told to; a failed or cancelled run is forgotten. Records the signal of every run started.
 */
function slowWork() {
  const runs: { key: Key; signal: AbortSignal }[] = [];
  const finishers = new Map<number, { resolve(v: { value: string }): void; reject(e: unknown): void }>();
  const results = new Map<number, Promise<{ value: string }>>();
  const run = (key: Key, signal: AbortSignal): Promise<{ value: string }> => {
    const cached = results.get(key.z);
    if (cached) return cached;
    runs.push({ key, signal });
    const result = new Promise<{ value: string }>((resolve, reject) => {
      finishers.set(key.z, { resolve, reject });
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    results.set(key.z, result);
    result.catch(() => results.delete(key.z));
    return result;
  };
  return {
    run,
    runs,
    finish: (z: number, value: string) => finishers.get(z)!.resolve({ value }),
    fail: (z: number) => finishers.get(z)!.reject(new Error(`work ${z} broke`)),
  };
}

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe('background work', () => {
  it('with waitMs, serves work that finishes in time without pending or a refresh', async () => {
    const work = slowWork();
    const refreshed: Key[] = [];
    const background = makeBackground<Key, { value: string }>({
      run: work.run,
      id: (k) => k.z,
      wanted: () => true,
      refresh: (k) => refreshed.push(k),
      pending: PENDING,
      waitMs: 200,
    });
    const served = background({ z: 1 });
    await tick(20);
    work.finish(1, 'quick');
    expect(await served).toEqual({ value: 'quick' });
    // Work slower than the wait: pending after waitMs, then a refresh.
    const start = Date.now();
    expect(await background({ z: 2 })).toBe(PENDING);
    expect(Date.now() - start).toBeGreaterThanOrEqual(190);
    work.finish(2, 'slow');
    await tick();
    expect(refreshed.map((k) => k.z)).toEqual([2]);
  });

  it('answers pending while the work runs, then refreshes once and serves the result', async () => {
    const work = slowWork();
    const refreshed: Key[] = [];
    const background = makeBackground<Key, { value: string }>({
      run: work.run,
      id: (k) => k.z,
      wanted: () => true,
      refresh: (k) => refreshed.push(k),
      pending: PENDING,
    });
    expect(await background({ z: 4 })).toBe(PENDING);
    expect(await background({ z: 4, tag: 'another chunk' })).toBe(PENDING);
    expect(work.runs).toHaveLength(1); // one job per id, shared by its chunks
    work.finish(4, 'done 4');
    await tick();
    expect(refreshed.map((k) => k.z)).toEqual([4]);
    expect(await background({ z: 4 })).toEqual({ value: 'done 4' });
    expect(refreshed).toHaveLength(1); // a ready result needs no refresh
  });

  it('keeps jobs of different ids apart', async () => {
    const work = slowWork();
    const refreshed: number[] = [];
    const background = makeBackground<Key, { value: string }>({
      run: work.run,
      id: (k) => k.z,
      wanted: () => true,
      refresh: (k) => refreshed.push(k.z),
      pending: PENDING,
    });
    expect(await background({ z: 1 })).toBe(PENDING);
    expect(await background({ z: 2 })).toBe(PENDING);
    expect(work.runs.map((r) => r.key.z)).toEqual([1, 2]);
    work.finish(2, 'two');
    await tick();
    expect(refreshed).toEqual([2]);
    expect(await background({ z: 2 })).toEqual({ value: 'two' });
    expect(await background({ z: 1 })).toBe(PENDING);
    work.finish(1, 'one');
    await tick();
    expect(refreshed).toEqual([2, 1]);
  });

  it('does not refresh when no chunk was served pending', async () => {
    const refreshed: number[] = [];
    const background = makeBackground<Key, { value: string }>({
      run: async (k) => ({ value: `instant ${k.z}` }),
      id: (k) => k.z,
      wanted: () => true,
      refresh: (k) => refreshed.push(k.z),
      pending: PENDING,
    });
    expect(await background({ z: 3 })).toEqual({ value: 'instant 3' });
    await tick();
    expect(refreshed).toEqual([]);
  });

  it('serves pending when the work fails, without a refresh, and tries again on the next call', async () => {
    const work = slowWork();
    const refreshed: number[] = [];
    const background = makeBackground<Key, { value: string }>({
      run: work.run,
      id: (k) => k.z,
      wanted: () => true,
      refresh: (k) => refreshed.push(k.z),
      pending: PENDING,
    });
    expect(await background({ z: 5 })).toBe(PENDING);
    work.fail(5);
    await tick();
    expect(refreshed).toEqual([]);
    expect(await background({ z: 5 })).toBe(PENDING);
    expect(work.runs).toHaveLength(2);
    work.finish(5, 'second try');
    await tick();
    expect(refreshed).toEqual([5]);
  });

  it('cancels the work once it is no longer wanted, and starts again when it is', async () => {
    const work = slowWork();
    let wanted = true;
    const refreshed: number[] = [];
    const background = makeBackground<Key, { value: string }>({
      run: work.run,
      id: (k) => k.z,
      wanted: () => wanted,
      refresh: (k) => refreshed.push(k.z),
      pending: PENDING,
      checkIntervalMs: 2,
    });
    expect(await background({ z: 4 })).toBe(PENDING);
    wanted = false;
    await tick(20);
    expect(work.runs[0].signal.aborted).toBe(true);
    expect(refreshed).toEqual([]);
    wanted = true;
    expect(await background({ z: 4 })).toBe(PENDING);
    expect(work.runs).toHaveLength(2);
    expect(work.runs[1].signal.aborted).toBe(false);
    work.finish(4, 'again');
    await tick();
    expect(refreshed).toEqual([4]);
  });
});
