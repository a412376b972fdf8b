import type { FoldDetection } from '../../../../src/core/detection/index.js';
import { makeGray } from '../../../../src/core/image.js';
import type { BlockJob, BlockResult } from '../../../../src/datasource/sff/pipeline/block_restorer.js';
import type { PlannedSection, SectionPlan } from '../../../../src/datasource/sff/pipeline/section_planner.js';
import {
  detectingProcessor,
  identityProcessor,
  loadSectionProcessor,
  restoringProcessor,
  type SectionRequest,
} from '../../../../src/datasource/sff/pipeline/section_processor.js';

const reject = (what: string) => () => Promise.reject(new Error(what));

/** A 4×2 chunk (or 4×1×2) at grid (1, 0, 3) of an 8×2×7 volume. */
function request(data: Uint8Array, depth = 1, overrides: Partial<SectionRequest> = {}): SectionRequest {
  const size = Uint32Array.of(4, 2 / depth, depth);
  return {
    chunk: { data, chunkDataSize: size },
    chunkGridPosition: Float32Array.of(1, 0, 3),
    grid: { chunkDataSize: size, upperVoxelBound: Float32Array.of(8, 2, 7) },
    fetchChunk: reject('must not fetch neighbours'),
    detectSection: reject('must not detect'),
    planSection: reject('must not plan'),
    blockOf: () => {
      throw new Error('must not look for a block');
    },
    restoreBlock: reject('must not restore'),
    ...overrides,
  };
}

function fakeDetection(flagged: boolean): FoldDetection {
  return { flagged, score: flagged ? 0.9 : 0, mask: makeGray(8, 2), maskFraction: 0, segments: [], folds: [] };
}

/** A vertical fold along x = `x` of the 8×2 section, band half-width 0.5 (that column only). */
const column = (x: number) => ({
  line: [
    [x, -5],
    [x, 5],
  ] as [number, number][],
  halfWidths: [0.5, 0.5],
  score: 1,
});
const NO_PULL = { a: 0, s: 0.5 };

const fakePlan = (z: number): SectionPlan => ({
  geometry: { frame: [8, 2], flagged: true, score: 1, folds: [{ ...column(7), pull: [NO_PULL, NO_PULL] }] },
  prev: z - 1,
  next: z + 1,
});

/** A block over the whole 8×2 section whose pixel (x, y) is 10 + 10·(8y + x) + z. */
function blockOf8x2(z: number): BlockResult {
  const rect = { x: 0, y: 0, width: 8, height: 2 };
  return {
    rect,
    image: makeGray(
      8,
      2,
      Uint8Array.from({ length: 16 }, (_, i) => 10 + 10 * i + z),
    ),
  };
}

const fakeJob = (z: number, plan: SectionPlan): BlockJob => ({
  z,
  plan,
  grid: { chunkDataSize: Uint32Array.of(4, 2, 1), upperVoxelBound: Float32Array.of(8, 2, 7) },
  fetchChunk: reject('fake job'),
  rect: { x: 0, y: 0, width: 8, height: 2 },
  strip: true,
  key: `block ${z}`,
});

/** Restoration plumbing that records what it was asked. */
function restoring(
  flagged: (z: number) => boolean,
  planned: (z: number) => PlannedSection = (z) => ({ plan: fakePlan(z) }),
) {
  const calls = {
    detect: [] as number[],
    plan: [] as number[],
    blockOf: [] as [number, number, number][],
    restore: [] as number[],
  };
  const overrides: Partial<SectionRequest> = {
    detectSection: async (z) => {
      calls.detect.push(z);
      return fakeDetection(flagged(z));
    },
    planSection: async (z, detection) => {
      calls.plan.push(z);
      expect(detection.flagged).toBe(true);
      return planned(z);
    },
    blockOf: (z, plan, x, y) => {
      calls.blockOf.push([z, x, y]);
      expect(plan).toEqual(fakePlan(z));
      return fakeJob(z, plan);
    },
    restoreBlock: async (job) => {
      calls.restore.push(job.z);
      return blockOf8x2(job.z);
    },
  };
  return { calls, overrides };
}

const never = () => new AbortController().signal;

describe('section processors', () => {
  it('identity serves the raw chunk unchanged', async () => {
    const data = Uint8Array.from([0, 1, 2, 3, 250, 251, 252, 253]);
    const served = await identityProcessor.process(request(data), never());
    expect(served).toBe(data);
    expect([...(served as Uint8Array)]).toEqual([0, 1, 2, 3, 250, 251, 252, 253]);
  });

  it('detect runs detection on every section of the chunk, clipped to the volume, and serves raw pixels', async () => {
    const data = Uint8Array.from([9, 8, 7, 6, 5, 4, 3, 2]);
    const asked: number[] = [];
    // Chunks two sections deep: grid z 3 holds sections 6 and 7, but the volume ends at 7.
    const served = await detectingProcessor.process(
      request(data, 2, {
        detectSection: async (z) => {
          asked.push(z);
          return fakeDetection(z === 6);
        },
      }),
      never(),
    );
    expect(asked).toEqual([6]);
    expect(served).toBe(data);
  });

  it('detect passes its signal on and fails when detection fails', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const failing = detectingProcessor.process(
      request(new Uint8Array(8), 1, {
        detectSection: async (_z, signal) => {
          seen = signal;
          throw new Error('detector broke');
        },
      }),
      controller.signal,
    );
    await expect(failing).rejects.toThrow('detector broke');
    expect(seen).toBe(controller.signal);
  });

  it('restore serves a flagged section from the block holding the chunk, at the chunk origin', async () => {
    const data = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const { calls, overrides } = restoring(() => true);
    const served = await restoringProcessor.process(request(data, 1, overrides), never());
    // Chunk (1, 0) covers x 4..7 of the block: values 10 + 10·i + 3 for i = 4..7 and 12..15.
    expect([...(served as Uint8Array)]).toEqual([53, 63, 73, 83, 133, 143, 153, 163]);
    expect([...data]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]); // the raw (cached) chunk is not touched
    expect(calls).toEqual({ detect: [3], plan: [3], blockOf: [[3, 4, 0]], restore: [3] });
  });

  it('restore serves clean sections raw without planning', async () => {
    const data = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const { calls, overrides } = restoring(() => false);
    expect(await restoringProcessor.process(request(data, 1, overrides), never())).toBe(data);
    expect(calls.plan).toEqual([]);
  });

  it('restore serves raw when the plan failed, without looking for a block', async () => {
    const data = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const { calls, overrides } = restoring(
      () => true,
      () => ({ plan: null, failure: 'no clean neighbour' }),
    );
    expect(await restoringProcessor.process(request(data, 1, overrides), never())).toBe(data);
    expect(calls.plan).toEqual([3]);
    expect(calls.blockOf).toEqual([]);
  });

  it('restore serves raw where no fold reaches the chunk, without restoring', async () => {
    const data = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const { calls, overrides } = restoring(() => true);
    const served = await restoringProcessor.process(
      request(data, 1, {
        ...overrides,
        blockOf: (z, _plan, x, y) => {
          calls.blockOf.push([z, x, y]);
          return undefined;
        },
      }),
      never(),
    );
    expect(served).toBe(data);
    expect(calls.blockOf).toEqual([[3, 4, 0]]);
    expect(calls.restore).toEqual([]);
  });

  it('restore serves raw when the block failed', async () => {
    const data = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const { overrides } = restoring(() => true);
    const served = await restoringProcessor.process(
      request(data, 1, {
        ...overrides,
        restoreBlock: async (job) => ({ rect: job.rect, image: null, failure: 'model missing' }),
      }),
      never(),
    );
    expect(served).toBe(data);
  });

  it('restore replaces only the layers of flagged sections in a deeper chunk', async () => {
    // Grid z 3 of 2-deep chunks: sections 6 and 7 (the volume has 8 here), only 7 flagged.
    const data = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const { calls, overrides } = restoring((z) => z === 7);
    const req = request(data, 2, overrides);
    req.grid = { chunkDataSize: req.grid.chunkDataSize, upperVoxelBound: Float32Array.of(8, 2, 8) };
    const served = await restoringProcessor.process(req, never());
    // Layer 1 (section 7) is row y 0 of the block, x 4..7: 10 + 10·i + 7 for i = 4..7.
    expect([...(served as Uint8Array)]).toEqual([1, 2, 3, 4, 57, 67, 77, 87]);
    expect(calls.detect).toEqual([6, 7]);
    expect(calls.plan).toEqual([7]);
    expect(calls.restore).toEqual([7]);
  });

  it("overlays the fold band of flagged sections when asked: the plan's where there is one, else the detector's", async () => {
    const data = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    // The detector's fold runs along x = 4 (the chunk's first column: it is the section's right half).
    const detected = async (): Promise<FoldDetection> => ({ ...fakeDetection(true), folds: [column(4)] });
    const detectOnly = { ...request(data, 1, { detectSection: detected }), showMask: true };
    expect([...((await detectingProcessor.process(detectOnly, never())) as Uint8Array)]).toEqual([
      128, 2, 3, 4, 130, 6, 7, 8,
    ]);
    // Restoring: the plan's geometry (x = 7) is what is restored along, so that is the band shown.
    const { overrides } = restoring(() => true);
    const restored = { ...request(data, 1, { ...overrides, detectSection: detected }), showMask: true };
    const served = await restoringProcessor.process(restored, never());
    expect([...(served as Uint8Array)]).toEqual([53, 63, 73, 169, 133, 143, 153, 209]);
    const clean = { ...request(data, 1, { detectSection: async () => fakeDetection(false) }), showMask: true };
    expect(await detectingProcessor.process(clean, never())).toBe(data);
  });

  it('loads processors by name', async () => {
    await expect(loadSectionProcessor('identity')).resolves.toBe(identityProcessor);
    await expect(loadSectionProcessor('detect')).resolves.toBe(detectingProcessor);
    await expect(loadSectionProcessor('restore')).resolves.toBe(restoringProcessor);
  });

  it('rejects an unknown processor name with a clear message', async () => {
    await expect(loadSectionProcessor('sharpen' as never)).rejects.toThrow('unknown section processor "sharpen"');
  });
});
