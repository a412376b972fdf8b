import type { FoldDetection } from '../../../../src/core/detection/index.js';
import { type GrayImage, makeGray } from '../../../../src/core/image.js';
import type { RestoreEvent, ChunkData, ChunkGrid } from '../../../../src/datasource/sff/base.js';
import type { SectionDetection } from '../../../../src/datasource/sff/pipeline/section_detector.js';
import {
  makeSectionRestorer,
  type RestorationRuntime,
  type RestoredSection,
  restoredBytes,
} from '../../../../src/datasource/sff/pipeline/section_restorer.js';
import { SharedTaskCache } from '../../../../src/datasource/sff/pipeline/shared_tasks.js';

const W = 4;
const H = 2;
const DEPTH = 8;
/** One chunk per section; section z is filled with the value z. */
const grid: ChunkGrid = { chunkDataSize: Uint32Array.of(W, H, 1), upperVoxelBound: Float32Array.of(W, H, DEPTH) };
const fetchChunk = async (p: Float32Array): Promise<ChunkData> => ({
  data: new Uint8Array(W * H).fill(p[2]),
  chunkDataSize: grid.chunkDataSize,
});

function detection(flagged: boolean): FoldDetection {
  return { flagged, score: flagged ? 1 : 0, mask: makeGray(W, H), maskFraction: 0, segments: [], folds: [] };
}

/** A runtime whose "restoration" is the mean of the two neighbours it was given. */
function meanRuntime(calls: { damaged: number; prev?: number; next?: number }[]): RestorationRuntime {
  return {
    describe: () => 'fake (1 thread)',
    restore: async ({ damaged, neighbours }) => {
      calls.push({ damaged: damaged.data[0], prev: neighbours.prevZ, next: neighbours.nextZ });
      const { prev, next } = neighbours as { prev: GrayImage; next: GrayImage };
      return makeGray(
        W,
        H,
        prev.data.map((v, i) => (v + next.data[i]) / 2),
      );
    },
  };
}

function setup(flaggedSections: number[], runtime: () => Promise<RestorationRuntime>) {
  const events: RestoreEvent[] = [];
  const detected: number[] = [];
  const restore = makeSectionRestorer({
    volumeKey: 'v',
    grid,
    fetchChunk,
    detectSection: async (z) => {
      detected.push(z);
      return detection(flaggedSections.includes(z)) as SectionDetection;
    },
    runtime,
    cache: new SharedTaskCache<string, RestoredSection>(1 << 20, restoredBytes),
    onEvent: (e) => events.push(e),
  });
  return { restore, events, detected };
}

const never = new AbortController().signal;

describe('section restorer', () => {
  it('restores once from the nearest clean neighbours, skipping flagged ones', async () => {
    const calls: { damaged: number; prev?: number; next?: number }[] = [];
    const { restore, events, detected } = setup([3, 4], async () => meanRuntime(calls));
    const [a, b] = await Promise.all([restore(4, detection(true), never), restore(4, detection(true), never)]);
    expect(a).toBe(b);
    expect(calls).toEqual([{ damaged: 4, prev: 2, next: 5 }]);
    expect([...a.image!.data]).toEqual(new Array(W * H).fill(3)); // (2 + 5) / 2, truncated into uint8
    expect(detected).toEqual(expect.arrayContaining([3, 5, 2, 6, 1, 7]));
    expect(events.map((e) => e.state)).toEqual(['running', 'done']);
    expect(events[0]).toMatchObject({ z: 4, backend: 'fake (1 thread)' });
  });

  it('asks only z ± 1 when both are clean', async () => {
    const { restore, detected } = setup([4], async () => meanRuntime([]));
    await restore(4, detection(true), never);
    expect(detected.sort()).toEqual([3, 5]);
  });

  it('serves raw with the reason when the models cannot load', async () => {
    const { restore, events } = setup([4], () => Promise.reject(new Error('model interp failed to load: HTTP 404')));
    await expect(restore(4, detection(true), never)).resolves.toEqual({
      image: null,
      failure: 'model interp failed to load: HTTP 404',
    });
    expect(events).toEqual([{ state: 'failed', z: 4, message: 'model interp failed to load: HTTP 404' }]);
  });

  it('serves raw when no clean neighbour is within reach', async () => {
    const { restore, events } = setup([0, 1, 2, 3, 4, 5, 6, 7], async () => meanRuntime([]));
    const result = await restore(4, detection(true), never);
    expect(result.image).toBeNull();
    expect(result.failure).toMatch(/no clean neighbour section within ±3 of section 4/);
    expect(events[0].state).toBe('failed');
  });

  it('cancels the restoration when every chunk waiting on it is aborted', async () => {
    let runSignal: AbortSignal | undefined;
    const runtime: RestorationRuntime = {
      describe: () => 'fake',
      restore: (_request, signal) =>
        new Promise((_resolve, reject) => {
          runSignal = signal;
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    };
    const { restore, events } = setup([4], async () => runtime);
    const controller = new AbortController();
    const pending = restore(4, detection(true), controller.signal);
    while (runSignal === undefined) await new Promise((r) => setTimeout(r, 1));
    controller.abort(new Error('panned away'));
    await expect(pending).rejects.toThrow('panned away');
    expect(runSignal.aborted).toBe(true);
    expect(events.map((e) => e.state)).toEqual(['running']);
  });
});
