/**
 * Distributed restore (issue 14): `sff restore --queue` planned on a private redis-server and
 * run by 1 and then 2 `sff worker` processes (concurrency 1 each) on the same folded volume,
 * timed from planning to the output in place: tasks/s, slabs/s and MPix/s end to end, and the
 * cost per section from the report (detection only for clean sections; detection and the three
 * nets for restored ones), from which the FAFB estimate in docs/cluster.md is computed.
 */
import { readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { VOLUME_REPORT } from '../src/offline/index.js';
import type { SectionRecord } from '../src/offline/records.js';
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
/** Blocks of 2048² a fold crosses in a FAFB section (the docs' estimate), for the block engine. */
const FAFB_FOLD_BLOCKS = 150;

interface Run {
  workers: number;
  seconds: number;
  tasks: number;
  records: SectionRecord[];
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
  const report = JSON.parse(readFileSync(join(out, VOLUME_REPORT), 'utf8')) as { sections: SectionRecord[] };
  return { workers, seconds, tasks: status.total, records: report.sections };
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
    // Per-section costs from both reports; a worker's first restored section includes loading the models.
    const all = runs.flatMap((r) => r.records);
    const restored = all.filter((r) => r.restored).map((r) => r.ms / 1000);
    const clean = all.filter((r) => !r.flagged).map((r) => r.ms / 1000);
    const restoreSecPerMpix = Math.min(...restored) / mpixSection; // the fastest: models already loaded
    const detectSecPerMpix = mean(clean) / mpixSection;
    const fafbMpixSection = (FAFB.width * FAFB.height) / 1e6;
    const foldSections = FAFB.sections * FAFB.folded;
    // Detection at mip 5 reads 1/1024 of the pixels (docs/cluster.md); the interim slab engine detects at mip 0.
    const detectHours = (FAFB.sections * fafbMpixSection * detectSecPerMpix) / 1024 / 3600;
    const wholeHours = (foldSections * fafbMpixSection * restoreSecPerMpix) / 3600;
    const blockHours = (foldSections * FAFB_FOLD_BLOCKS * 4.194304 * restoreSecPerMpix) / 3600;
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
      `Per section (both runs' reports): restored ${restored.length} × ${mean(restored).toFixed(2)} s mean, ` +
        `${Math.min(...restored).toFixed(2)} s fastest = ${restoreSecPerMpix.toFixed(2)} s/MPix; ` +
        `clean (detection only) ${mean(clean).toFixed(3)} s = ${detectSecPerMpix.toFixed(3)} s/MPix.`,
      '',
      `FAFB from these costs (1 CPU thread per task): detection at mip 5 ≈ ${detectHours.toFixed(0)} CPU-h; ` +
        `restoring whole fold sections (the slab unit now) ≈ ${wholeHours.toExponential(2)} CPU-h; ` +
        `restoring only ${FAFB_FOLD_BLOCKS} blocks of 2048² per fold section (the block unit) ≈ ${blockHours.toFixed(0)} CPU-h.`,
    ].join('\n');
  } finally {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
