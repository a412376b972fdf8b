import { makeGray } from '../../../../src/core/image.js';
import type { ChunkData, ChunkGrid, RestoreEvent } from '../../../../src/datasource/sff/base.js';
import {
  blockBytes,
  blockJob,
  type BlockResult,
  BlockQueues,
  makeBlockRestorer,
  previewOf,
  type RestorationRuntime,
} from '../../../../src/datasource/sff/pipeline/block_restorer.js';
import type { SectionPlan } from '../../../../src/datasource/sff/pipeline/section_planner.js';
import { SharedTaskCache } from '../../../../src/datasource/sff/pipeline/shared_tasks.js';
import type { BlockRequest, RestoredBlock } from '../../../../src/restoration/block_restore.js';
import { straightFoldGeometry } from '../../../fixtures/geometry.js';

// The chunk scale: 1024² of 128² chunks, so 2×2 blocks of 512². Section z is filled with 10·z.
const grid: ChunkGrid = {
  chunkDataSize: Uint32Array.of(128, 128, 1),
  upperVoxelBound: Float32Array.of(1024, 1024, 10),
};
const fetchChunk = async (p: Float32Array): Promise<ChunkData> => {
  return { data: new Uint8Array(128 * 128).fill(10 * p[2]), chunkDataSize: grid.chunkDataSize };
};

/**
 * Planned on a 2048² detection scale: one horizontal fold at y 1100 there, reaching L + a/s = 44
 * px (22 px at the chunk scale, where it lies at y ≈ 549.75): only the lower blocks are reached.
 */
const geometry = straightFoldGeometry([2048, 2048], { from: [0, 1100], to: [2047, 1100], L: 4, a: 4, s: 0.1 });
const plan: SectionPlan = { geometry, prev: 2, next: 6, note: 'section 3 is flagged: using 2 as the previous section' };
const options = { volumeKey: 'v' };
const never = new AbortController().signal;

/** A runtime that reads the three sections (with a halo past the volume's edge) and sums them. */
function summingRuntime(changed = true) {
  const requests: BlockRequest[] = [];
  const reads: { section: string; width: number; height: number; value: number }[] = [];
  const runtime: RestorationRuntime = {
    describe: () => 'fake (1 thread)',
    restoreBlock: async (request): Promise<RestoredBlock> => {
      requests.push(request);
      const { block } = request;
      const halo = { x: block.x - 64, y: block.y - 64, width: block.width + 128, height: block.height + 128 };
      const [damaged, prev, next] = await Promise.all([
        request.read('damaged', block),
        request.read('prev', halo),
        request.read('next', halo),
      ]);
      for (const [section, image] of [
        ['damaged', damaged],
        ['prev', prev],
        ['next', next],
      ] as const) {
        reads.push({ section, width: image.width, height: image.height, value: image.data[0] });
        expect(image.data.every((v) => v === image.data[0])).toBe(true);
      }
      const image = makeGray(block.width, block.height);
      image.data.fill(damaged.data[0] + prev.data[0] + next.data[0]);
      return { image, changed };
    },
  };
  return { runtime, requests, reads };
}

function setup(runtime: () => Promise<RestorationRuntime>) {
  const events: RestoreEvent[] = [];
  const restore = makeBlockRestorer({
    ...options,
    runtime,
    cache: new SharedTaskCache<string, BlockResult>(1 << 26, blockBytes),
    queues: new BlockQueues(),
    onEvent: (e) => events.push(e),
  });
  return { restore, events };
}

describe('blockJob', () => {
  it('is undefined for a block no fold reaches, in the chunk scale’s own pixels', () => {
    expect(blockJob(options, 4, plan, grid, fetchChunk, 0, 0)).toBeUndefined();
    expect(blockJob(options, 4, plan, grid, fetchChunk, 700, 300)).toBeUndefined();
    const job = blockJob(options, 4, plan, grid, fetchChunk, 600, 900);
    expect(job).toMatchObject({ z: 4, plan, grid, rect: { x: 512, y: 512, width: 512, height: 512 } });
    expect(blockJob(options, 4, plan, grid, fetchChunk, 0, 512)?.rect).toEqual({
      x: 0,
      y: 512,
      width: 512,
      height: 512,
    });
  });

  it('is undefined for a section whose geometry is not flagged', () => {
    const clean = { ...plan, geometry: { ...geometry, flagged: false } };
    expect(blockJob(options, 4, clean, grid, fetchChunk, 600, 900)).toBeUndefined();
  });

  it('gives the chunks of one block one key, and other blocks, sections, settings and scales others', () => {
    const key = (o: Parameters<typeof blockJob>[0], z: number, g: ChunkGrid, x: number, y: number) =>
      blockJob(o, z, plan, g, fetchChunk, x, y)!.key;
    const a = key(options, 4, grid, 512, 512);
    expect(key(options, 4, grid, 1023, 1000)).toBe(a);
    const others = [
      key(options, 4, grid, 0, 512),
      key(options, 5, grid, 512, 512),
      key({ volumeKey: 'w' }, 4, grid, 512, 512),
      key({ ...options, variant: () => '3:folded' }, 4, grid, 512, 512),
      key(
        options,
        4,
        { chunkDataSize: Uint32Array.of(64, 64, 1), upperVoxelBound: Float32Array.of(512, 512, 10) },
        0,
        0,
      ),
    ];
    expect(new Set([a, ...others]).size).toBe(others.length + 1);
  });
});

describe('block restorer', () => {
  it('restores a block once for all its chunks, from the plan’s neighbours, at the chunk scale', async () => {
    const fake = summingRuntime();
    const { restore, events } = setup(async () => fake.runtime);
    const jobA = blockJob(options, 4, plan, grid, fetchChunk, 512, 512)!;
    const jobB = blockJob(options, 4, plan, grid, fetchChunk, 900, 1000)!;
    const [a, b] = await Promise.all([restore(jobA, never), restore(jobB, never)]);
    expect(a).toBe(b);
    expect(await restore(jobB, never)).toBe(a);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request.block).toEqual(jobA.rect);
    expect(request.geometry.frame).toEqual([1024, 1024]);
    expect(request.geometry.folds[0].line[0][1]).toBeCloseTo(549.75);
    // Damaged 4, previous 2, next 6; the halo passes the volume's bottom and right edges.
    expect(fake.reads).toEqual([
      { section: 'damaged', width: 512, height: 512, value: 40 },
      { section: 'prev', width: 640, height: 640, value: 20 },
      { section: 'next', width: 640, height: 640, value: 60 },
    ]);
    expect(a.failure).toBeUndefined();
    expect(a.rect).toEqual(jobA.rect);
    expect(a.image?.width).toBe(512);
    expect(a.image?.data.every((v) => v === 120)).toBe(true);
    expect(blockBytes(a)).toBeGreaterThanOrEqual(512 * 512);
    expect(events.map((e) => e.state)).toEqual(['running', 'done']);
    expect(events[0]).toEqual({ state: 'running', z: 4, backend: 'fake (1 thread)' });
    expect(events[1]).toMatchObject({ state: 'done', z: 4, backend: 'fake (1 thread)', note: plan.note });
    expect(events[1].state === 'done' && events[1].ms).toBeGreaterThanOrEqual(0);
  });

  it('restores other blocks of the section separately', async () => {
    const fake = summingRuntime();
    const { restore } = setup(async () => fake.runtime);
    await restore(blockJob(options, 4, plan, grid, fetchChunk, 0, 512)!, never);
    await restore(blockJob(options, 4, plan, grid, fetchChunk, 512, 512)!, never);
    expect(fake.requests.map((r) => r.block.x)).toEqual([0, 512]);
  });

  it('serves raw, without a failure, when the block did not change', async () => {
    const fake = summingRuntime(false);
    const { restore, events } = setup(async () => fake.runtime);
    const job = blockJob(options, 4, plan, grid, fetchChunk, 512, 512)!;
    expect(await restore(job, never)).toEqual({ rect: job.rect, image: null });
    expect(events.map((e) => e.state)).toEqual(['running', 'done']);
  });

  it('serves raw with the reason when the restoration fails, and reports it', async () => {
    const { restore, events } = setup(async () => ({
      describe: () => 'fake',
      restoreBlock: () => Promise.reject(new Error('fusion net failed')),
    }));
    const job = blockJob(options, 4, plan, grid, fetchChunk, 512, 512)!;
    expect(await restore(job, never)).toEqual({ rect: job.rect, image: null, failure: 'fusion net failed' });
    expect(events).toEqual([
      { state: 'running', z: 4, backend: 'fake' },
      { state: 'failed', z: 4, message: 'fusion net failed' },
    ]);
  });

  it('serves raw with the reason when the runtime cannot load', async () => {
    const { restore, events } = setup(() => Promise.reject(new Error('model interp failed to load: HTTP 404')));
    const job = blockJob(options, 4, plan, grid, fetchChunk, 512, 512)!;
    const result = await restore(job, never);
    expect(result).toEqual({ rect: job.rect, image: null, failure: 'model interp failed to load: HTTP 404' });
    expect(events).toEqual([{ state: 'failed', z: 4, message: 'model interp failed to load: HTTP 404' }]);
  });

  it('cancels the restoration when every chunk waiting on it is aborted, without a failure', async () => {
    let runSignal: AbortSignal | undefined;
    const { restore, events } = setup(async () => ({
      describe: () => 'fake',
      restoreBlock: (_request, signal) =>
        new Promise<RestoredBlock>((_resolve, reject) => {
          runSignal = signal;
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    }));
    const controller = new AbortController();
    const pending = restore(blockJob(options, 4, plan, grid, fetchChunk, 512, 512)!, controller.signal);
    while (runSignal === undefined) await new Promise((r) => setTimeout(r, 1));
    controller.abort(new Error('panned away'));
    await expect(pending).rejects.toThrow('panned away');
    expect(runSignal.aborted).toBe(true);
    expect(events.map((e) => e.state)).toEqual(['running']);
  });

  it('serves a preview, the classical unfolding, without loading the runtime', async () => {
    const { restore, events } = setup(() => new Promise<RestorationRuntime>(() => {}));
    // Neighbours 2 and 5: the lost strip is filled with their mean, 35; the damaged section is 40.
    const job = blockJob(options, 4, { ...plan, next: 5 }, grid, fetchChunk, 512, 512)!;
    const preview = await restore(previewOf(job), never);
    expect(previewOf(job).key).not.toBe(job.key);
    expect(preview.failure).toBeUndefined();
    const values = new Set(preview.image?.data);
    expect(values).toEqual(new Set([35, 40]));
    expect(events).toEqual([]);
  });

  it('runs a block’s nets only once the previews in flight are done', async () => {
    const fake = summingRuntime();
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // Block (0, 512)'s chunks arrive only when released.
    const slowFetch = async (p: Float32Array): Promise<ChunkData> => {
      if (p[0] * 128 < 512 && p[1] * 128 >= 512) await held;
      return fetchChunk(p);
    };
    const { restore } = setup(async () => fake.runtime);
    const slow = previewOf(blockJob(options, 4, plan, grid, slowFetch, 0, 512)!);
    const waiting = restore(slow, never);
    const fast = blockJob(options, 4, plan, grid, fetchChunk, 512, 512)!;
    const restored = restore(fast, never);
    // Its own preview is done; the other one holds the nets back.
    await restore(previewOf(fast), never);
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.requests).toHaveLength(0);
    release();
    await Promise.all([waiting, restored]);
    expect(fake.requests.map((r) => r.block.x)).toEqual([512]);
  });

  it('fetches a few blocks’ chunks at a time, a visible chunk’s first, before computing', async () => {
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const started: number[] = [];
    // As many previews as fetch at once hold their sections' chunks until released; every
    // section's first read is noted (the neighbours 2 and 6 are everyone's: left out).
    const slots = new BlockQueues().reads.concurrency;
    const holding = [0, 1, 3, 4, 5, 7, 8, 9].slice(0, slots);
    const [prefetchedZ, visibleZ] = [0, 1, 3, 4, 5, 7, 8, 9].slice(slots, slots + 2);
    expect(visibleZ).toBeDefined();
    const noting = async (p: Float32Array): Promise<ChunkData> => {
      if (!started.includes(p[2])) started.push(p[2]);
      if (holding.includes(p[2])) await held;
      return fetchChunk(p);
    };
    const { restore } = setup(() => new Promise<RestorationRuntime>(() => {}));
    const previewAt = (z: number, priority: number) =>
      restore({ ...previewOf(blockJob(options, z, plan, grid, noting, 512, 512)!), priority }, never);
    const running = holding.map((z) => previewAt(z, 0));
    const prefetched = previewAt(prefetchedZ, 0);
    const visible = previewAt(visibleZ, 1);
    await new Promise((r) => setTimeout(r, 20));
    const own = (): number[] => started.filter((z) => z !== 2 && z !== 6);
    expect(own()).toEqual(holding);
    release();
    await Promise.all([...running, prefetched, visible]);
    expect(own()).toEqual([...holding, visibleZ, prefetchedZ]);
  });

  it('holds a stand-in’s preview back, reads included, until the scale it stands in for is served', async () => {
    const read: number[] = [];
    const noting = async (p: Float32Array): Promise<ChunkData> => {
      read.push(p[2]);
      return fetchChunk(p);
    };
    const { restore } = setup(() => new Promise<RestorationRuntime>(() => {}));
    let finerWaits = true;
    const job = { ...previewOf(blockJob(options, 4, plan, grid, noting, 512, 512)!), standIn: () => finerWaits };
    const preview = restore(job, never);
    await new Promise((r) => setTimeout(r, 150));
    expect(read).toEqual([]);
    finerWaits = false;
    expect((await preview).image).not.toBeNull();
    expect(read.length).toBeGreaterThan(0);
  });
});
