import type { FoldDetection } from '../../../../src/core/detection/index.js';
import { makeGray } from '../../../../src/core/image.js';
import { makeBackgroundRestorer, RESTORING } from '../../../../src/datasource/sff/pipeline/background_restorer.js';
import type { RestoredSection, RestoreSection } from '../../../../src/datasource/sff/pipeline/section_restorer.js';

const detection: FoldDetection = {
  flagged: true,
  score: 1,
  mask: makeGray(2, 1),
  maskFraction: 0.5,
  segments: [],
  folds: [],
};
const restoredImage = makeGray(2, 1, Uint8Array.of(7, 9));
const noSignal = new AbortController().signal;

/** A restoration that finishes when `finish` is called, recording the signal it ran under. */
function slowRestore(): { restore: RestoreSection; finish(): void; signals: AbortSignal[] } {
  let finish = (): void => {};
  const signals: AbortSignal[] = [];
  let shared: Promise<RestoredSection> | undefined;
  const restore: RestoreSection = (_z, _d, signal) => {
    signals.push(signal);
    shared ??= new Promise<RestoredSection>((resolve, reject) => {
      finish = () => resolve({ image: restoredImage });
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    return shared;
  };
  return { restore, finish: () => finish(), signals };
}

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe('background restorer', () => {
  it('serves raw while restoring, then refreshes the section once and serves the result', async () => {
    const slow = slowRestore();
    const refreshed: number[] = [];
    const restore = makeBackgroundRestorer({
      restore: slow.restore,
      wanted: () => true,
      refresh: (z) => refreshed.push(z),
    });
    expect(await restore(4, detection, noSignal)).toBe(RESTORING);
    expect(await restore(4, detection, noSignal)).toBe(RESTORING);
    expect(slow.signals).toHaveLength(1); // one job per section, shared by its chunks
    slow.finish();
    await tick();
    expect(refreshed).toEqual([4]);
    expect((await restore(4, detection, noSignal)).image).toBe(restoredImage);
    expect(refreshed).toEqual([4]); // a ready result needs no refresh
  });

  it('cancels the work once the section is no longer wanted, and starts again when it is', async () => {
    const slow = slowRestore();
    let wanted = true;
    const refreshed: number[] = [];
    const restore = makeBackgroundRestorer({
      restore: slow.restore,
      wanted: () => wanted,
      refresh: (z) => refreshed.push(z),
      checkIntervalMs: 2,
    });
    expect(await restore(4, detection, noSignal)).toBe(RESTORING);
    wanted = false;
    await tick(20);
    expect(slow.signals[0].aborted).toBe(true);
    expect(refreshed).toEqual([]);
    wanted = true;
    expect(await restore(4, detection, noSignal)).toBe(RESTORING);
    expect(slow.signals).toHaveLength(2);
    expect(slow.signals[1].aborted).toBe(false);
  });
});
