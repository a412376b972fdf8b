/**
 * A volume with deleted chunks: their pixels are zeros, not tissue. A section with missing chunks
 * must not stand in as a neighbour, a damaged section missing chunks where it would be restored
 * is served raw, with the reason, and a block that would read a missing chunk is served raw too.
 */
import { makeGray } from '../../../../src/core/image.js';
import type { ChunkData, ChunkGrid, RestoreEvent } from '../../../../src/datasource/sff/base.js';
import {
  blockBytes,
  blockJob,
  type BlockResult,
  BlockQueues,
  makeBlockRestorer,
} from '../../../../src/datasource/sff/pipeline/block_restorer.js';
import { assembleSectionWithGaps } from '../../../../src/datasource/sff/pipeline/section_assembly.js';
import {
  detectionBytes,
  makeSectionDetector,
  type SectionDetection,
} from '../../../../src/datasource/sff/pipeline/section_detector.js';
import {
  makeSectionPlanner,
  type PlannedSection,
  planBytes,
} from '../../../../src/datasource/sff/pipeline/section_planner.js';
import { SharedTaskCache } from '../../../../src/datasource/sff/pipeline/shared_tasks.js';

const CW = 32;
const CH = 32;
const W = 64; // two chunks across, one down
const H = 32;
const DEPTH = 10;
const grid: ChunkGrid = { chunkDataSize: Uint32Array.of(CW, CH, 1), upperVoxelBound: Float32Array.of(W, H, DEPTH) };

/** Section z is filled with 100 + z; `deleted` lists "gx,z" chunks the source does not have. */
function volume(deleted: string[]) {
  return async (p: Float32Array): Promise<ChunkData> => ({
    data: deleted.includes(`${p[0]},${p[2]}`) ? null : new Uint8Array(CW * CH).fill(100 + p[2]),
    chunkDataSize: grid.chunkDataSize,
  });
}

const never = new AbortController().signal;

function flaggedDetection(): SectionDetection {
  const mask = makeGray(W, H);
  mask.data.fill(1, 0, W * 4);
  const line: [number, number][] = [
    [0, 1.5],
    [W - 1, 1.5],
  ];
  return {
    flagged: true,
    score: 1,
    mask,
    maskFraction: 0.125,
    segments: [[0, 1.5, W - 1, 1.5]],
    folds: [{ line, halfWidths: [2], score: 1 }],
  };
}

function setup(deleted: string[], flagged: number[]) {
  const fetchChunk = volume(deleted);
  const reports = new Map<number, SectionDetection>();
  const detect = makeSectionDetector({
    volumeKey: 'v',
    grid,
    fetchChunk,
    cache: new SharedTaskCache<string, SectionDetection>(1 << 24, detectionBytes),
    onDetected: (z, d) => reports.set(z, d),
  });
  const events: RestoreEvent[] = [];
  const plan = makeSectionPlanner({
    volumeKey: 'v',
    grid,
    scale: 1,
    fetchChunk,
    detectSection: async (z, s) => {
      const d = await detect(z, s);
      return flagged.includes(z) ? { ...flaggedDetection(), missing: d.missing } : d;
    },
    cache: new SharedTaskCache<string, PlannedSection>(1 << 24, planBytes),
    onEvent: (e) => events.push(e),
  });
  return { detect, plan, reports, events, fetchChunk };
}

describe('missing chunks', () => {
  it('assembly says which chunks were missing', async () => {
    const { missing } = await assembleSectionWithGaps(grid, 5, volume(['1,5']), never);
    expect(missing).toEqual([{ x: 32, y: 0, width: 32, height: 32 }]);
  });

  it('a section with every chunk missing is reported as no data, with its boxes', async () => {
    const { detect, reports } = setup(['0,3', '1,3'], []);
    const d = await detect(3, never);
    expect(d.flagged).toBe(false);
    expect(d.failure).toMatch(/no data: all 2 chunks of the section are missing/);
    expect(d.missing).toHaveLength(2);
    expect(reports.get(3)?.missing).toHaveLength(2);
  });

  it('skips neighbours with missing chunks (a black section is no neighbour) and says so', async () => {
    // Section 4 is folded; 3 is gone entirely, 5 lost one chunk: 2 and 6 stand in.
    const { plan, events } = setup(['0,3', '1,3', '1,5'], [4]);
    const result = await plan(4, { ...flaggedDetection() }, never);
    expect(result.failure).toBeUndefined();
    expect(result.plan).toMatchObject({ prev: 2, next: 6 });
    expect(result.plan?.note).toMatch(/section 3 is missing chunks: using 2.*section 5 is missing chunks: using 6/);
    expect(events).toEqual([]);
  });

  it('serves a damaged section raw when it misses chunks in its fold region', async () => {
    const { plan, events } = setup(['0,4'], [4]);
    const result = await plan(4, { ...flaggedDetection(), missing: [{ x: 0, y: 0, width: 32, height: 32 }] }, never);
    expect(result.plan).toBeNull();
    expect(result.failure).toMatch(/section 4 has missing chunks in its fold region/);
    expect(events).toEqual([expect.objectContaining({ state: 'failed', z: 4 })]);
  });

  it('serves raw when every neighbour within reach misses chunks', async () => {
    const deleted = [1, 2, 3, 5, 6, 7].map((z) => `1,${z}`);
    const { plan, events } = setup(deleted, [4]);
    const result = await plan(4, flaggedDetection(), never);
    expect(result.plan).toBeNull();
    expect(result.failure).toMatch(/no clean neighbour/);
    expect(events).toEqual([{ state: 'failed', z: 4, message: result.failure }]);
  });

  it('serves a block raw, with the reason, when a section it reads lost a chunk there', async () => {
    // Planned while every chunk was there; then chunk 1 of neighbour 5 is gone (a flaky source).
    const { plan } = setup([], [4]);
    const { plan: p } = await plan(4, flaggedDetection(), never);
    expect(p).toMatchObject({ prev: 3, next: 5 });
    const fetchChunk = volume(['1,5']);
    const events: RestoreEvent[] = [];
    let ran = 0;
    const restore = makeBlockRestorer({
      volumeKey: 'v',
      runtime: async () => ({
        describe: () => 'fake',
        restoreBlock: async ({ block, read }) => {
          ran++;
          const image = await read('next', block);
          return { image, changed: true };
        },
      }),
      cache: new SharedTaskCache<string, BlockResult>(1 << 24, blockBytes),
      queues: new BlockQueues(),
      onEvent: (e) => events.push(e),
    });
    const job = blockJob({ volumeKey: 'v' }, 4, p!, grid, fetchChunk, 0, 0);
    expect(job).toBeDefined();
    const result = await restore(job!, never);
    expect(ran).toBe(1);
    expect(result.image).toBeNull();
    expect(result.failure).toMatch(/section 5: chunk 1,0 is missing/);
    expect(events.at(-1)).toEqual({ state: 'failed', z: 4, message: result.failure });
  });
});
