import { jest } from '@jest/globals';
import { SharedTaskCache } from '../../../../src/datasource/sff/pipeline/shared_tasks.js';

/** A task that resolves when told to, and records whether it was aborted. */
function controllable<V>(): {
  run: (signal: AbortSignal) => Promise<V>;
  resolve(v: V): void;
  aborted(): boolean;
  calls(): number;
} {
  let resolve!: (v: V) => void;
  let signal: AbortSignal | undefined;
  let calls = 0;
  return {
    run: (s) => {
      calls++;
      signal = s;
      return new Promise<V>((res, rej) => {
        resolve = res;
        s.addEventListener('abort', () => rej(s.reason));
      });
    },
    resolve: (v) => resolve(v),
    aborted: () => signal?.aborted ?? false,
    calls: () => calls,
  };
}

const never = new AbortController().signal;

describe('SharedTaskCache', () => {
  it('runs a task once for all callers and keeps the result', async () => {
    const cache = new SharedTaskCache<string, number>(100, () => 1);
    const task = controllable<number>();
    const a = cache.get('k', task.run, never);
    const b = cache.get('k', task.run, never);
    task.resolve(7);
    await expect(Promise.all([a, b])).resolves.toEqual([7, 7]);
    await expect(cache.get('k', task.run, never)).resolves.toBe(7);
    expect(task.calls()).toBe(1);
  });

  it('aborts the task only when every waiting caller has aborted', async () => {
    const cache = new SharedTaskCache<string, number>(100, () => 1);
    const task = controllable<number>();
    const first = new AbortController();
    const second = new AbortController();
    const a = cache.get('k', task.run, first.signal);
    const b = cache.get('k', task.run, second.signal);
    first.abort(new Error('panned away'));
    await expect(a).rejects.toThrow('panned away');
    expect(task.aborted()).toBe(false);
    second.abort(new Error('gone too'));
    await expect(b).rejects.toThrow('gone too');
    expect(task.aborted()).toBe(true);
    expect(cache.size).toBe(0);
    // A later caller starts afresh.
    const again = controllable<number>();
    const c = cache.get('k', again.run, never);
    again.resolve(3);
    await expect(c).resolves.toBe(3);
  });

  it('with a grace period, keeps work that finishes after its last caller left, and aborts it otherwise', async () => {
    jest.useFakeTimers();
    try {
      const cache = new SharedTaskCache<string, number>(100, () => 1, 200);
      const arrived = controllable<number>();
      const left = new AbortController();
      const a = cache.get('arrived', arrived.run, left.signal);
      left.abort(new Error('prefetch dropped'));
      await expect(a).rejects.toThrow('prefetch dropped');
      arrived.resolve(9);
      await jest.advanceTimersByTimeAsync(200);
      expect(arrived.aborted()).toBe(false);
      await expect(cache.get('arrived', arrived.run, never)).resolves.toBe(9);
      expect(arrived.calls()).toBe(1);

      const slow = controllable<number>();
      const gone = new AbortController();
      const b = cache.get('slow', slow.run, gone.signal);
      gone.abort(new Error('panned away'));
      await expect(b).rejects.toThrow('panned away');
      // A caller back within the grace takes the running work over.
      await jest.advanceTimersByTimeAsync(100);
      const back = new AbortController();
      const c = cache.get('slow', slow.run, back.signal);
      await jest.advanceTimersByTimeAsync(200);
      expect(slow.aborted()).toBe(false);
      back.abort(new Error('gone for good'));
      await expect(c).rejects.toThrow('gone for good');
      await jest.advanceTimersByTimeAsync(199);
      expect(slow.aborted()).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect(slow.aborted()).toBe(true);
      expect(cache.size).toBe(1);
      expect(slow.calls()).toBe(1);

      // Left again before the first grace ran out: a whole grace from the second leaving.
      const twice = controllable<number>();
      const first = new AbortController();
      const d = cache.get('twice', twice.run, first.signal);
      first.abort(new Error('step ended'));
      await expect(d).rejects.toThrow('step ended');
      await jest.advanceTimersByTimeAsync(100);
      const again = new AbortController();
      const e = cache.get('twice', twice.run, again.signal);
      await jest.advanceTimersByTimeAsync(50);
      again.abort(new Error('step ended again'));
      await expect(e).rejects.toThrow('step ended again');
      await jest.advanceTimersByTimeAsync(199);
      expect(twice.aborted()).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect(twice.aborted()).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('forgets failures so that the next call retries', async () => {
    const cache = new SharedTaskCache<string, number>(100, () => 1);
    await expect(cache.get('k', () => Promise.reject(new Error('404')), never)).rejects.toThrow('404');
    await expect(cache.get('k', async () => 5, never)).resolves.toBe(5);
  });

  it('evicts the least recently used results beyond its budget', async () => {
    const cache = new SharedTaskCache<string, number>(2, () => 1);
    let runs = 0;
    const run = async (): Promise<number> => ++runs;
    await cache.get('a', run, never);
    await cache.get('b', run, never);
    await cache.get('a', run, never); // a is now the most recent
    await cache.get('c', run, never); // evicts b
    expect(cache.size).toBe(2);
    expect(runs).toBe(3);
    await cache.get('a', run, never);
    expect(runs).toBe(3);
    await cache.get('b', run, never);
    expect(runs).toBe(4);
  });

  it('rejects at once for a caller that is already aborted, without starting work', async () => {
    const cache = new SharedTaskCache<string, number>(2, () => 1);
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    const task = controllable<number>();
    await expect(cache.get('k', task.run, controller.signal)).rejects.toThrow('too late');
    expect(task.calls()).toBe(0);
  });
});
