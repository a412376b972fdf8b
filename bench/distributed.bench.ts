/**
 * Distributed restore (issue 14): `sff restore --queue` planned on a private redis-server and
 * run by 1 and then 2 `sff worker` processes (concurrency 1 each) on the same folded volume,
 * timed from planning to the output in place: blocks/s and MPix/s end to end, and each kind of
 * task's own time from BullMQ (processedOn → finishedOn): detection per section, planning per
 * slab, a restore task per fold-influenced block, copy tasks per clean block. The restore task's
 * time is the per-block cost from which the FAFB estimate in docs/cluster.md is computed.
 */
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { taskVoxels } from '../src/distributed/block_plan.js';
import { connectRedis } from '../src/distributed/index.js';
import { queueName } from '../src/distributed/job_store.js';
import type { TaskData } from '../src/distributed/tasks.js';
import { openVolume, type PrecomputedInfo } from '../src/io/precomputed/index.js';
import { ensureCliBuilt, sff, tempDir } from '../test/core/evaluation/cli_support.js';
import { RedisServer } from '../test/helpers/redis_server.js';
import { foldedStack, writeVolume } from '../test/offline/fixtures.js';
import { startSff } from '../test/reliability/stack_process.js';

/** 600² crops (of the 1024² Gerhard sections) in chunks of 128²: 2 × 2 blocks at the base scale, 1 at the next. */
const SIZE = 600;
const CHUNK = 128;
const DEPTH = 16;
const CHUNK_DEPTH = 4;
const FOLDS = [3, 9, 13];
/** FAFB: sections, section size (px), share of sections with folds (docs/cluster.md). */
const FAFB = { sections: 7000, width: 250_000, height: 120_000, folded: 0.032 };
/**
 * Blocks (≈ 512², chunk-aligned) a fold reaches in a FAFB section at every scale: a fold across the
 * 250k px width touches about two rows of base blocks; each coarser scale (z kept) has half as many.
 */
const FAFB_FOLD_BLOCKS = 2 * (FAFB.width / 512) * 2;

interface TaskTime {
  kind: string;
  /** When it started (ms since the epoch) and how long it ran (s). */
  startedAt: number;
  seconds: number;
  blocks: number;
  voxels: number;
  /** Pixels of its blocks per section. */
  area: number;
}

interface Run {
  workers: number;
  seconds: number;
  tasks: TaskTime[];
}

async function taskTimes(url: string, job: string, info: PrecomputedInfo): Promise<TaskTime[]> {
  const redis = await connectRedis(url, false);
  const queue = new Queue<TaskData>(queueName(job), { connection: redis });
  try {
    return (await queue.getCompleted(0, -1)).map(({ name, data, processedOn, finishedOn }) => {
      const voxels = 'blocks' in data ? taskVoxels(info, data, data) : 0;
      return {
        kind: name,
        startedAt: processedOn ?? 0,
        seconds: ((finishedOn ?? 0) - (processedOn ?? 0)) / 1000,
        blocks: 'blocks' in data ? data.blocks.length : 0,
        voxels,
        area: 'blocks' in data ? voxels / (data.z1 - data.z0) : 0,
      };
    });
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

async function runWith(workers: number, source: string, dir: string, url: string): Promise<Run> {
  const { info } = await openVolume(source);
  const out = join(dir, `out-${workers}`);
  const started = performance.now();
  const plan = sff('restore', '--precomputed', source, '--out', out, '--queue', url);
  if (plan.status !== 0) throw new Error(plan.stderr);
  const job = plan.stdout.trim().split('\n').pop()!;
  const runs = Array.from({ length: workers }, () => startSff(['worker', '--queue', url, '--job', job]));
  const ends = await Promise.all(runs.map((r) => r.done));
  const seconds = (performance.now() - started) / 1000;
  if (ends.some((e) => e.status !== 0)) throw new Error(ends.map((e) => e.stderr).join('\n'));
  const status = JSON.parse(sff('status', '--queue', url, job, '--json').stdout) as { complete: boolean };
  if (!status.complete) throw new Error(`job ${job} did not complete`);
  return { workers, seconds, tasks: await taskTimes(url, job, info) };
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]): number => sum(xs) / Math.max(1, xs.length);

/** A run's restore tasks but each worker's first, which loads the models. */
function loadedRestores(r: Run): TaskTime[] {
  return r.tasks
    .filter((t) => t.kind === 'restore')
    .sort((a, b) => a.startedAt - b.startedAt)
    .slice(r.workers);
}

export async function run(): Promise<string> {
  ensureCliBuilt('worker', ['src/distributed', 'src/offline', 'src/io/precomputed', 'src/restoration']);
  const dir = tempDir('bench-distributed');
  const server = await RedisServer.start();
  try {
    const source = join(dir, 'source');
    await writeVolume(source, foldedStack(0, DEPTH, FOLDS, SIZE).sections, [CHUNK, CHUNK, CHUNK_DEPTH]);
    const runs = [await runWith(1, source, dir, server.url), await runWith(2, source, dir, server.url)];
    const of = (r: Run, kind: string): TaskTime[] => r.tasks.filter((t) => t.kind === kind);
    const rows = runs.map((r) => {
      const writes = [...of(r, 'restore'), ...of(r, 'copy')];
      const blocks = sum(writes.map((t) => t.blocks));
      const mpix = sum(writes.map((t) => t.voxels)) / 1e6;
      return (
        `| ${r.workers} | ${r.seconds.toFixed(1)} | ${of(r, 'restore').length} + ${blocks - of(r, 'restore').length} | ` +
        `${(blocks / r.seconds).toFixed(2)} | ${(of(r, 'restore').length / r.seconds).toFixed(3)} | ${(mpix / r.seconds).toFixed(3)} |`
      );
    });
    // Task times from both runs; a worker's first restore task includes loading the models.
    const all = (kind: string): TaskTime[] => runs.flatMap((r) => of(r, kind));
    const [detect, plan, restore, copy] = ['detect', 'plan', 'restore', 'copy'].map(all);
    // The per-block cost: whole 512² blocks (the edge ones are smaller), models loaded.
    const whole = runs.flatMap(loadedRestores).filter((t) => t.area === 512 * 512);
    const perBlock = mean(whole.map((t) => t.seconds));
    const restoreMpix = sum(restore.map((t) => t.voxels)) / 1e6;
    const copyBlockSeconds = sum(copy.map((t) => t.seconds)) / sum(copy.map((t) => t.blocks));
    const copyMpixPerSecond = sum(copy.map((t) => t.voxels)) / 1e6 / sum(copy.map((t) => t.seconds));
    const mpixSection = (SIZE * SIZE) / 1e6;
    const fafbMpixSection = (FAFB.width * FAFB.height) / 1e6;
    const foldSections = FAFB.sections * FAFB.folded;
    const detectSecPerMpix = mean(detect.map((t) => t.seconds)) / mpixSection;
    // Detection at mip 5 reads 1/1024 of the pixels (docs/cluster.md).
    const detectHours = (FAFB.sections * fafbMpixSection * detectSecPerMpix) / 1024 / 3600;
    const blockHours = (foldSections * FAFB_FOLD_BLOCKS * perBlock) / 3600;
    // Every scale (z kept): 4/3 of the base scale's pixels.
    const copyHours = (FAFB.sections * fafbMpixSection * (4 / 3)) / copyMpixPerSecond / 3600;
    return [
      '## Distributed restore (sff restore --queue, sff worker)',
      '',
      `${DEPTH} sections of ${SIZE}² (Gerhard 2013, simulated folds on z ${FOLDS.join(', ')}), 2 scales, chunks ${CHUNK}² × ${CHUNK_DEPTH}, ` +
        `blocks of 512² (2 × 2 at the base scale, 1 at the next); tasks: a detection per section, a planning task per slab, ` +
        `a restore task per fold-influenced block and scale, copy tasks for the clean blocks, finish; real models on ` +
        `onnxruntime-web (wasm); private redis-server; each worker concurrency 1, fresh processes (model loading included); ` +
        `${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at the end (shared machine).`,
      '',
      '| workers | wall s (plan → output in place) | blocks restored + copied | blocks/s | restored blocks/s | MPix/s (all scales) |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
      `Task times (both runs, BullMQ processedOn → finishedOn): detect ${detect.length} × ${mean(detect.map((t) => t.seconds)).toFixed(3)} s ` +
        `(${detectSecPerMpix.toFixed(3)} s/MPix at the detection scale's source); plan ${plan.length} × ${mean(plan.map((t) => t.seconds)).toFixed(2)} s; ` +
        `restore ${restore.length} blocks (${restoreMpix.toFixed(1)} MPix) × ${mean(restore.map((t) => t.seconds)).toFixed(2)} s mean (each worker's first loads the models); ` +
        `**${perBlock.toFixed(2)} s per whole 512² block** (${whole.length} of them, models loaded); ` +
        `copy ${copy.length} tasks, ` +
        `${(copyBlockSeconds * 1000).toFixed(0)} ms per clean block (${copyMpixPerSecond.toFixed(1)} MPix/s).`,
      '',
      `FAFB from these costs (1 CPU thread per task): detection at mip 5 ≈ ${detectHours.toFixed(0)} CPU-h; ` +
        `restoring ≈ ${FAFB_FOLD_BLOCKS.toFixed(0)} blocks per fold section (all scales) × ${foldSections.toFixed(0)} fold sections × ` +
        `${perBlock.toFixed(2)} s ≈ **${blockHours.toFixed(0)} CPU-h**; copying the rest at this copy rate ≈ ${copyHours.toFixed(0)} ` +
        `thread-h (I/O-bound: scales with the storage, not the CPUs).`,
    ].join('\n');
  } finally {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
