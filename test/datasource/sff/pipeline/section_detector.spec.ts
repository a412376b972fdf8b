import { detectFolds } from '../../../../src/core/detection/index.js';
import type { GrayImage } from '../../../../src/core/image.js';
import type { ChunkData, ChunkGrid } from '../../../../src/datasource/sff/base.js';
import {
  detectionBytes,
  makeSectionDetector,
  type SectionDetection,
} from '../../../../src/datasource/sff/pipeline/section_detector.js';
import { SharedTaskCache } from '../../../../src/datasource/sff/pipeline/shared_tasks.js';
import { fold, gerhard, SIZE } from '../../../core/detection/fixtures.js';

const CHUNK = 64;
const grid: ChunkGrid = {
  chunkDataSize: Uint32Array.of(CHUNK, CHUNK, 1, 1),
  upperVoxelBound: Float32Array.of(SIZE, SIZE, 2, 1),
};

/** Sections 0 (folded) and 1 (clean) served as 64² chunks, counting every fetch. */
function volume(sections: GrayImage[]) {
  const fetches = new Map<string, number>();
  const fetchChunk = async (p: Float32Array, signal: AbortSignal): Promise<ChunkData> => {
    await new Promise((r) => setTimeout(r, 1));
    signal.throwIfAborted();
    const key = [...p].join(',');
    fetches.set(key, (fetches.get(key) ?? 0) + 1);
    const section = sections[p[2]];
    const data = new Uint8Array(CHUNK * CHUNK);
    for (let y = 0; y < CHUNK; y++) {
      const from = (p[1] * CHUNK + y) * SIZE + p[0] * CHUNK;
      data.set(section.data.subarray(from, from + CHUNK), y * CHUNK);
    }
    return { data, chunkDataSize: grid.chunkDataSize };
  };
  return { fetchChunk, fetches };
}

function setup() {
  const folded = fold(gerhard(3)).degraded;
  const clean = gerhard(4);
  const { fetchChunk, fetches } = volume([folded, clean]);
  const chunkCache = new SharedTaskCache<string, ChunkData>(1 << 24, (c) => c.data?.byteLength ?? 0);
  const reported: [number, SectionDetection][] = [];
  const detect = makeSectionDetector({
    volumeKey: 'v',
    grid,
    fetchChunk: (p, s) => chunkCache.get([...p].join(','), (ts) => fetchChunk(p, ts), s),
    cache: new SharedTaskCache<string, SectionDetection>(1 << 24, detectionBytes),
    onDetected: (z, d) => reported.push([z, d]),
  });
  return { folded, clean, detect, fetches, reported };
}

const never = new AbortController().signal;

describe('section detector', () => {
  it('detects on the whole section once, whichever chunks ask first, fetching each chunk once', async () => {
    const { folded, detect, fetches, reported } = setup();
    // Every chunk of the section asks at the same time, as the viewer's downloads do.
    const results = await Promise.all(Array.from({ length: 64 }, () => detect(0, never)));
    expect(new Set(results).size).toBe(1);
    const whole = detectFolds(folded);
    expect(results[0].flagged).toBe(true);
    expect(results[0].segments).toEqual(whole.segments);
    expect(results[0].mask).toEqual(whole.mask);
    expect(fetches.size).toBe((SIZE / CHUNK) ** 2);
    expect([...fetches.values()].every((n) => n === 1)).toBe(true);
    expect(reported.map(([z]) => z)).toEqual([0]);
    // Cached: asking again neither fetches nor reports.
    await detect(0, never);
    expect(reported).toHaveLength(1);
  });

  it('does not flag a clean section', async () => {
    const { detect } = setup();
    const result = await detect(1, never);
    expect(result.flagged).toBe(false);
    expect(result.maskFraction).toBe(0);
  });

  it('reports a section whose chunks fail as unchecked, once, instead of refetching it per chunk', async () => {
    let calls = 0;
    const reported: string[] = [];
    const detect = makeSectionDetector({
      volumeKey: 'v',
      grid,
      fetchChunk: async () => {
        calls++;
        throw new Error('HTTP 500 for chunk');
      },
      cache: new SharedTaskCache(1 << 20, detectionBytes),
      onDetected: (z, d) => reported.push(`${z}: ${d.failure}`),
    });
    const results = await Promise.all([detect(0, never), detect(0, never)]);
    expect(results[0]).toMatchObject({ flagged: false, failure: 'HTTP 500 for chunk' });
    const callsAfterFirst = calls;
    await detect(0, never);
    expect(calls).toBe(callsAfterFirst);
    expect(reported).toEqual(['0: HTTP 500 for chunk']);
  });

  it('stops assembling when every chunk waiting on the section is aborted', async () => {
    const { detect, fetches, reported } = setup();
    const controllers = [new AbortController(), new AbortController()];
    const waits = controllers.map((c) => detect(0, c.signal));
    for (const c of controllers) c.abort(new Error('panned away'));
    for (const w of waits) await expect(w).rejects.toThrow('panned away');
    await new Promise((r) => setTimeout(r, 20));
    expect(reported).toHaveLength(0);
    expect(fetches.size).toBe(0);
    // The section can still be detected later.
    await expect(detect(0, never)).resolves.toMatchObject({ flagged: true });
  });
});
