import { runAtOnce, runInSlices, type Sliced } from '../../src/core/slices.js';

/** Counts to `steps`, busy for `stepMs` per step, noting which steps other tasks ran after. */
function* busyCount(steps: number, stepMs: number, log: string[]): Sliced<number> {
  for (let i = 0; i < steps; i++) {
    const until = performance.now() + stepMs;
    while (performance.now() < until);
    log.push(`step ${i}`);
    yield;
  }
  return steps;
}

describe('runAtOnce', () => {
  it('returns the work’s result without giving other tasks a turn', async () => {
    const log: string[] = [];
    setTimeout(() => log.push('other'), 0);
    expect(runAtOnce(busyCount(3, 1, log))).toBe(3);
    expect(log).toEqual(['step 0', 'step 1', 'step 2']);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log.at(-1)).toBe('other');
  });
});

describe('runInSlices', () => {
  it('gives waiting tasks a turn once a slice has taken its time, and returns the same result', async () => {
    const log: string[] = [];
    setTimeout(() => log.push('other'), 0);
    await expect(runInSlices(busyCount(6, 5, log), undefined, 8)).resolves.toBe(6);
    const other = log.indexOf('other');
    expect(other).toBeGreaterThan(0);
    expect(other).toBeLessThan(log.length - 1);
  });

  it('does not pause while slices are short', async () => {
    const log: string[] = [];
    setTimeout(() => log.push('other'), 0);
    await runInSlices(busyCount(4, 0, log), undefined, 1000);
    expect(log).not.toContain('other');
  });

  it('stops at the next pause once aborted', async () => {
    const controller = new AbortController();
    const log: string[] = [];
    setTimeout(() => controller.abort(new Error('panned away')), 0);
    await expect(runInSlices(busyCount(50, 5, log), controller.signal, 4)).rejects.toThrow('panned away');
    expect(log.length).toBeLessThan(50);
  });
});
