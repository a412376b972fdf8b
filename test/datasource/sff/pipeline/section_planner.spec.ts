import { makeGray } from '../../../../src/core/image.js';
import type { ChunkData, ChunkGrid, RestoreEvent } from '../../../../src/datasource/sff/base.js';
import type { SectionDetection } from '../../../../src/datasource/sff/pipeline/section_detector.js';
import {
  makeSectionPlanner,
  type PlannedSection,
  planBytes,
} from '../../../../src/datasource/sff/pipeline/section_planner.js';
import { SharedTaskCache } from '../../../../src/datasource/sff/pipeline/shared_tasks.js';

const W = 64;
const H = 32;
const DEPTH = 8;
/** One chunk per section; section z is filled with 100 + z. */
const grid: ChunkGrid = { chunkDataSize: Uint32Array.of(W, H, 1), upperVoxelBound: Float32Array.of(W, H, DEPTH) };

/** A detection with one horizontal fold across the middle when flagged. */
function detection(flagged: boolean, withFold = true): SectionDetection {
  const mask = makeGray(W, H);
  if (flagged) mask.data.fill(1, 14 * W, 19 * W);
  return {
    flagged,
    score: flagged ? 1 : 0,
    mask,
    maskFraction: flagged ? 5 / H : 0,
    segments: flagged ? [[0, 16, W - 1, 16]] : [],
    folds:
      flagged && withFold
        ? [
            {
              line: [
                [0, 16],
                [W - 1, 16],
              ],
              halfWidths: [2],
              score: 1,
            },
          ]
        : [],
  };
}

function setup(
  flagged: Set<number>,
  variant?: (z: number) => string,
  beforeNeighbours?: (z: number, signal: AbortSignal) => Promise<void>,
) {
  const events: RestoreEvent[] = [];
  const detected: number[] = [];
  const fetched: number[] = [];
  const fetchChunk = async (p: Float32Array): Promise<ChunkData> => {
    fetched.push(p[2]);
    return { data: new Uint8Array(W * H).fill(100 + p[2]), chunkDataSize: grid.chunkDataSize };
  };
  const plan = makeSectionPlanner({
    volumeKey: 'v',
    variant,
    grid,
    scale: 1,
    fetchChunk,
    detectSection: async (z) => {
      detected.push(z);
      return detection(flagged.has(z));
    },
    cache: new SharedTaskCache<string, PlannedSection>(1 << 20, planBytes),
    onEvent: (e) => events.push(e),
    beforeNeighbours,
  });
  return { plan, events, detected, fetched };
}

const never = new AbortController().signal;

describe('section planner', () => {
  it('takes a geometry that comes with the detection (a fold catalogue) as it is: nothing assembled', async () => {
    const { plan, fetched } = setup(new Set([4]));
    const pull = { a: 3, s: 0.2 };
    const geometry = {
      frame: [4 * W, 4 * H] as [number, number],
      flagged: true,
      score: 0.7,
      folds: [
        {
          line: [
            [0, 40],
            [255, 90],
          ] as [number, number][],
          halfWidths: [5, 5],
          pull: [pull, pull] as [typeof pull, typeof pull],
          score: 0.7,
        },
      ],
    };
    const planned = await plan(4, { ...detection(true), geometry }, never);
    expect(planned.plan).toEqual({ geometry, prev: 3, next: 5 });
    expect(fetched).toEqual([]);
  });

  it('plans once from the nearest clean neighbours, skipping flagged ones', async () => {
    const { plan, events, detected, fetched } = setup(new Set([3, 4]));
    const [a, b] = await Promise.all([plan(4, detection(true), never), plan(4, detection(true), never)]);
    expect(a).toBe(b);
    expect(a.failure).toBeUndefined();
    expect(a.plan).toMatchObject({ prev: 2, next: 5 });
    expect(a.plan?.note).toMatch(/section 3 is flagged: using 2 as the previous section/);
    expect(a.plan?.note).not.toMatch(/next section/);
    expect(detected).toEqual(expect.arrayContaining([3, 5, 2, 6, 1, 7]));
    // The damaged section, the guess's neighbour 3 and the chosen 2 and 5 are assembled, nothing else.
    expect([...new Set(fetched)].sort()).toEqual([2, 3, 4, 5]);
    expect(events).toEqual([]); // only failures are the planner's to report
  });

  it('detects the neighbours for the checked plan only once the guess’s pixels are shown', async () => {
    let shown = (): void => {};
    const held = new Promise<void>((resolve) => (shown = resolve));
    const asked: number[] = [];
    const { plan, detected } = setup(new Set([4]), undefined, (z) => {
      asked.push(z);
      return held;
    });
    const checked = plan(4, detection(true), never);
    await plan.guess(4, detection(true), never);
    await new Promise((r) => setTimeout(r, 20));
    expect(asked).toEqual([4]);
    expect(detected).toEqual([]);
    shown();
    expect((await checked).plan).toMatchObject({ prev: 3, next: 5 });
    expect(detected).toEqual(expect.arrayContaining([3, 5]));
  });

  it('guesses a plan from z ± 1 without detecting them, and the checked plan is the guess when they are clean', async () => {
    const { plan, detected, fetched } = setup(new Set([4]));
    const guessed = await plan.guess(4, detection(true), never);
    expect(guessed.plan).toMatchObject({ prev: 3, next: 5 });
    expect(detected).toEqual([]);
    const assembled = fetched.length;
    const checked = await plan(4, detection(true), never);
    expect(checked).toBe(guessed);
    expect(detected).toEqual(expect.arrayContaining([3, 5]));
    expect(fetched).toHaveLength(assembled); // no second estimate
  });

  it('replaces a guess whose neighbour is flagged by a plan of its own', async () => {
    const { plan } = setup(new Set([4, 5]));
    const guessed = await plan.guess(4, detection(true), never);
    const checked = await plan(4, detection(true), never);
    expect(guessed.plan).toMatchObject({ prev: 3, next: 5 });
    expect(checked.plan).toMatchObject({ prev: 3, next: 6 });
    expect(checked.plan?.note).toMatch(/section 5 is flagged/);
  });

  it('estimates the geometry of the fold in detection-scale pixels', async () => {
    const { plan } = setup(new Set([4]));
    const { plan: p } = await plan(4, detection(true), never);
    expect(p).not.toBeNull();
    expect(p!.geometry.frame).toEqual([W, H]);
    expect(p!.geometry.flagged).toBe(true);
    expect(p!.geometry.folds).toHaveLength(1);
    const [fold] = p!.geometry.folds;
    expect(fold.line).toEqual([
      [0, 16],
      [W - 1, 16],
    ]);
    // The band is at least as wide as the mask (rows 14..18 around y = 16) and grown beyond it.
    for (const L of fold.halfWidths) expect(L).toBeGreaterThan(2);
    for (const { a, s } of fold.pull) {
      expect(a).toBeGreaterThan(0);
      expect(s).toBeGreaterThan(0);
    }
    expect(planBytes({ plan: p! })).toBeGreaterThan(planBytes({ plan: null, failure: 'x' }));
  });

  it('asks only z ± 1 when both are clean, and notes nothing', async () => {
    const { plan, detected } = setup(new Set([4]));
    const { plan: p } = await plan(4, detection(true), never);
    expect(detected.sort()).toEqual([3, 5]);
    expect(p).toMatchObject({ prev: 3, next: 5 });
    expect(p?.note).toBeUndefined();
  });

  it('uses the one clean side twice at the volume edge', async () => {
    const { plan } = setup(new Set([0]));
    const { plan: p } = await plan(0, detection(true), never);
    expect(p).toMatchObject({ prev: 1, next: 1 });
    expect(p?.note).toMatch(/no clean section before 0: using 1 on both sides/);
  });

  it('serves raw when no clean neighbour is within reach, and reports it once', async () => {
    const { plan, events } = setup(new Set([0, 1, 2, 3, 4, 5, 6, 7]));
    const result = await plan(4, detection(true), never);
    expect(result.plan).toBeNull();
    expect(result.failure).toMatch(/no clean neighbour section within ±3 of section 4/);
    expect(events).toEqual([{ state: 'failed', z: 4, message: result.failure }]);
    // Another chunk of the same section gets the cached failure, without a second report.
    expect(await plan(4, detection(true), never)).toBe(result);
    expect(events).toHaveLength(1);
  });

  it('serves raw when the detection has no fold line to restore along', async () => {
    const { plan, events } = setup(new Set([4]));
    const result = await plan(4, detection(true, false), never);
    expect(result).toEqual({ plan: null, failure: 'section 4: no fold line to restore along' });
    expect(events).toEqual([{ state: 'failed', z: 4, message: 'section 4: no fold line to restore along' }]);
  });

  it('caches per variant: the same settings reuse the plan, other settings plan again', async () => {
    const flagged = new Set([4]);
    let marks = 'none';
    const { plan, detected } = setup(flagged, () => marks);
    const first = await plan(4, detection(true), never);
    expect(first.plan).toMatchObject({ prev: 3, next: 5 });
    // The user marks section 3 folded: a new variant, new neighbours.
    flagged.add(3);
    const before = detected.length;
    expect(await plan(4, detection(true), never)).toBe(first); // same variant: cached, not asked again
    expect(detected).toHaveLength(before);
    marks = '3:folded';
    const second = await plan(4, detection(true), never);
    expect(second).not.toBe(first);
    expect(second.plan).toMatchObject({ prev: 2, next: 5 });
    marks = 'none';
    expect(await plan(4, detection(true), never)).toBe(first); // the old variant is still cached
  });

  it('keeps sections apart in the cache', async () => {
    const { plan } = setup(new Set([2, 5]));
    const [two, five] = await Promise.all([plan(2, detection(true), never), plan(5, detection(true), never)]);
    expect(two.plan).toMatchObject({ prev: 1, next: 3 });
    expect(five.plan).toMatchObject({ prev: 4, next: 6 });
  });

  it('cancels the plan when every chunk waiting on it is aborted, without reporting a failure', async () => {
    const events: RestoreEvent[] = [];
    let detectSignal: AbortSignal | undefined;
    const plan = makeSectionPlanner({
      volumeKey: 'v',
      grid,
      scale: 1,
      fetchChunk: () => Promise.reject(new Error('must not assemble')),
      detectSection: (_z, signal) =>
        new Promise((_resolve, reject) => {
          detectSignal = signal;
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
      cache: new SharedTaskCache<string, PlannedSection>(1 << 20, planBytes),
      onEvent: (e) => events.push(e),
    });
    const controller = new AbortController();
    const pending = plan(4, detection(true), controller.signal);
    while (detectSignal === undefined) await new Promise((r) => setTimeout(r, 1));
    controller.abort(new Error('panned away'));
    await expect(pending).rejects.toThrow('panned away');
    expect(detectSignal.aborted).toBe(true);
    expect(events).toEqual([]);
  });
});
