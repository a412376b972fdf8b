/**
 * Distributed restore (issue 14): `sff restore --queue` planned on a private redis-server and
 * run by 1 and then 2 `sff worker` processes (concurrency 1 each) on the same folded volume,
 * timed from planning to the output in place: tasks/s, slabs/s and MPix/s end to end, and each
 * kind of task's own time from BullMQ (processedOn → finishedOn): detection per section, copy
 * and restore per slab. A restore slab's extra time over a copy, per fold section, is the cost
 * of its fold's blocks, from which the FAFB estimate in docs/cluster.md is computed.
 */
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { connectRedis } from '../src/distributed/index.js';
import { queueName } from '../src/distributed/job_store.js';
import type { TaskData } from '../src/distributed/tasks.js';
import { ensureCliBuilt, sff, tempDir } from '../test/core/evaluation/cli_support.js';
import { RedisServer } from '../test/helpers/redis_server.js';
import { foldedStack, writeVolume } from '../test/offline/fixtures.js';
import { startSff } from '../test/reliability/stack_process.js';

const SIZE = 512;
const DEPTH = 16;
const CHUNK_DEPTH = 4;
const FOLDS = [3, 9, 13];
/** FAFB: sections, section size (px), share of sections with folds (docs/cluster.md). */
const FAFB = { sections: 7000, width: 250_000, height: 120_000, folded: 0.032 };
/**
 * Blocks (≈ 512² at the base scale, chunk-aligned) a fold reaches in a FAFB section: a fold across
 * the 250k px width touches about two rows of them; the coarser scales add a third.
 */
const FAFB_FOLD_BLOCKS = (2 * FAFB.width * 4) / 3 / 512;

interface Run {
  workers: number;
  seconds: number;
  tasks: number;
  /** Seconds each task of a kind took, by kind (detect, copy, restore, finish). */
  taskSeconds: Map<string, number[]>;
}

async function taskTimes(url: string, job: string): Promise<Map<string, number[]>> {
  const redis = await connectRedis(url, false);
  const queue = new Queue<TaskData>(queueName(job), { connection: redis });
  try {
    const out = new Map<string, number[]>();
    for (const task of await queue.getCompleted(0, -1)) {
      const s = ((task.finishedOn ?? 0) - (task.processedOn ?? 0)) / 1000;
      out.set(task.name, [...(out.get(task.name) ?? []), s]);
    }
    return out;
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

async function runWith(workers: number, source: string, dir: string, url: string): Promise<Run> {
  const out = join(dir, `out-${workers}`);
  const started = performance.now();
  const plan = sff('restore', '--precomputed', source, '--out', out, '--queue', url);
  if (plan.status !== 0) throw new Error(plan.stderr);
  const job = plan.stdout.trim().split('\n').pop()!;
  const runs = Array.from({ length: workers }, () => startSff(['worker', '--queue', url, '--job', job]));
  const ends = await Promise.all(runs.map((r) => r.done));
  const seconds = (performance.now() - started) / 1000;
  if (ends.some((e) => e.status !== 0)) throw new Error(ends.map((e) => e.stderr).join('\n'));
  const status = JSON.parse(sff('status', '--queue', url, job, '--json').stdout) as {
    total: number;
    complete: boolean;
  };
  if (!status.complete) throw new Error(`job ${job} did not complete`);
  return { workers, seconds, tasks: status.total, taskSeconds: await taskTimes(url, job) };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export async function run(): Promise<string> {
  ensureCliBuilt('worker', ['src/distributed', 'src/offline', 'src/io/precomputed', 'src/restoration']);
  const dir = tempDir('bench-distributed');
  const server = await RedisServer.start();
  try {
    const source = join(dir, 'source');
    await writeVolume(source, foldedStack(0, DEPTH, FOLDS, SIZE).sections, [256, 256, CHUNK_DEPTH]);
    const runs = [await runWith(1, source, dir, server.url), await runWith(2, source, dir, server.url)];
    const mpixSection = (SIZE * SIZE) / 1e6;
    const slabCount = Math.ceil(DEPTH / CHUNK_DEPTH);
    const rows = runs.map((r) => {
      const mpix = DEPTH * mpixSection;
      return `| ${r.workers} | ${r.seconds.toFixed(1)} | ${(r.tasks / r.seconds).toFixed(2)} | ${(slabCount / r.seconds).toFixed(3)} | ${(mpix / r.seconds).toFixed(3)} |`;
    });
    // Task times from both runs; a worker's first restore task includes loading the models.
    const times = (kind: string): number[] => runs.flatMap((r) => r.taskSeconds.get(kind) ?? []);
    const [detect, copy, restore] = ['detect', 'copy', 'restore'].map(times);
    const foldsPerRestoreSlab = (FOLDS.length / restore.length) * runs.length;
    // The fastest restore slab had its models loaded already; its extra time over a copy is its folds' blocks.
    const perFoldSection = (Math.min(...restore) - mean(copy)) / foldsPerRestoreSlab;
    const perBlock = perFoldSection / (4 / 3); // one 512² block at the base scale, a 256² one at scale 1
    const fafbMpixSection = (FAFB.width * FAFB.height) / 1e6;
    const foldSections = FAFB.sections * FAFB.folded;
    const detectSecPerMpix = mean(detect) / mpixSection;
    // Detection at mip 5 reads 1/1024 of the pixels (docs/cluster.md).
    const detectHours = (FAFB.sections * fafbMpixSection * detectSecPerMpix) / 1024 / 3600;
    const blockHours = (foldSections * FAFB_FOLD_BLOCKS * perBlock) / 3600;
    const copyMpixPerSecond = (CHUNK_DEPTH * mpixSection) / mean(copy);
    const copyHours = (FAFB.sections * fafbMpixSection) / copyMpixPerSecond / 3600;
    return [
      '## Distributed restore (sff restore --queue, sff worker)',
      '',
      `${DEPTH} sections of ${SIZE}² (Gerhard 2013, simulated folds on z ${FOLDS.join(', ')}), chunks 256² × ${CHUNK_DEPTH}: ` +
        `${slabCount} slabs (the task unit), ${runs[0].tasks} tasks (a detection per section, a slab task per slab, finish); ` +
        `real models on onnxruntime-web (wasm); private redis-server; each worker concurrency 1, fresh processes ` +
        `(model loading included); ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at the end (shared machine).`,
      '',
      '| workers | wall s (plan → output in place) | tasks/s | slabs/s | MPix/s |',
      '|---|---|---|---|---|',
      ...rows,
      '',
      `Task times (both runs, BullMQ processedOn → finishedOn): detect ${detect.length} × ${mean(detect).toFixed(3)} s ` +
        `(${detectSecPerMpix.toFixed(3)} s/MPix at the detection scale's source), copy slab ${copy.length} × ${mean(copy).toFixed(2)} s ` +
        `(${copyMpixPerSecond.toFixed(1)} MPix/s), restore slab ${restore.length} × ${mean(restore).toFixed(2)} s mean, ` +
        `${Math.min(...restore).toFixed(2)} s fastest (models loaded). Per fold section over a copy: ${perFoldSection.toFixed(2)} s; ` +
        `per 512² block (the base block and its coarser one count 4/3): **${perBlock.toFixed(2)} s**.`,
      '',
      `FAFB from these costs (1 CPU thread per task): detection at mip 5 ≈ ${detectHours.toFixed(0)} CPU-h; ` +
        `restoring ≈ ${FAFB_FOLD_BLOCKS.toFixed(0)} blocks per fold section × ${foldSections.toFixed(0)} fold sections ≈ ` +
        `**${blockHours.toFixed(0)} CPU-h**; copying the rest at this copy rate ≈ ${copyHours.toFixed(0)} CPU-h (I/O-bound: scales with the storage, not the CPUs).`,
    ].join('\n');
  } finally {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
