/**
 * A volume with deleted chunks: their pixels are zeros, not tissue. A section with missing chunks
 * must not stand in as a neighbour, and a damaged section missing chunks where it would be
 * restored is served raw, with the reason.
 */
import { makeGray } from '../../../../src/core/image.js';
import type { ChunkData, ChunkGrid, RestoreEvent } from '../../../../src/datasource/sff/base.js';
import { assembleSectionWithGaps } from '../../../../src/datasource/sff/pipeline/section_assembly.js';
import {
  detectionBytes,
  makeSectionDetector,
  type SectionDetection,
} from '../../../../src/datasource/sff/pipeline/section_detector.js';
import {
  makeSectionRestorer,
  type RestoredSection,
  restoredBytes,
} from '../../../../src/datasource/sff/pipeline/section_restorer.js';
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
  return { flagged: true, score: 1, mask, maskFraction: 0.1, segments: [], folds: [] };
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
  const calls: { prev?: number; next?: number }[] = [];
  const restore = makeSectionRestorer({
    volumeKey: 'v',
    grid,
    fetchChunk,
    detectSection: async (z, s) => {
      const d = await detect(z, s);
      return flagged.includes(z) ? { ...flaggedDetection(), missing: d.missing } : d;
    },
    runtime: async () => ({
      describe: () => 'fake',
      restore: async ({ damaged, neighbours }) => {
        calls.push({ prev: neighbours.prevZ, next: neighbours.nextZ });
        return damaged;
      },
    }),
    cache: new SharedTaskCache<string, RestoredSection>(1 << 24, restoredBytes),
    onEvent: (e) => events.push(e),
  });
  return { detect, restore, reports, events, calls };
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
    const { restore, events, calls } = setup(['0,3', '1,3', '1,5'], [4]);
    const result = await restore(4, { ...flaggedDetection() }, never);
    expect(result.image).not.toBeNull();
    expect(calls).toEqual([{ prev: 2, next: 6 }]);
    const done = events.find((e) => e.state === 'done');
    expect(done).toMatchObject({ z: 4 });
    expect(done?.state === 'done' && done.note).toMatch(
      /section 3 is missing chunks: using 2.*section 5 is missing chunks: using 6/,
    );
  });

  it('serves a damaged section raw when it misses chunks in its fold region', async () => {
    const { restore, events, calls } = setup(['0,4'], [4]);
    const result = await restore(4, { ...flaggedDetection(), missing: [{ x: 0, y: 0, width: 32, height: 32 }] }, never);
    expect(result.image).toBeNull();
    expect(result.failure).toMatch(/section 4 has missing chunks in its fold region/);
    expect(calls).toEqual([]);
    expect(events).toEqual([expect.objectContaining({ state: 'failed', z: 4 })]);
  });

  it('serves raw when every neighbour within reach misses chunks', async () => {
    const deleted = [1, 2, 3, 5, 6, 7].map((z) => `1,${z}`);
    const { restore } = setup(deleted, [4]);
    const result = await restore(4, flaggedDetection(), never);
    expect(result.image).toBeNull();
    expect(result.failure).toMatch(/no clean neighbour/);
  });
});
