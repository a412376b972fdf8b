/**
 * Offline restoration speed (issue 7): `sff restore --stack` on the 20 Gerhard sections (1024²)
 * with three simulated folds, in sections per minute, and `sff restore --precomputed` on the demo
 * volume (demo/data/gerhard, 20 × 1024², four folds), in megavoxels per second — beside a copy of
 * the same volume with nothing to restore, and a clean volume of the same layout, so the clean
 * sections' cost can be read against copy speed. The library calls are what the CLI runs.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareDemoData } from '../demo/prepare.js';
import { type GrayImage } from '../src/core/image.js';
import { psnr } from '../src/core/metrics/index.js';
import { makeRng } from '../src/core/rng.js';
import { sampleFoldParams, simulateFold } from '../src/core/simulation/index.js';
import { readGrayPng, writeGrayPng } from '../src/io/png.js';
import { openPngStack, readInfo, stackOfImages, writePrecomputed } from '../src/io/precomputed/index.js';
import {
  DEFAULT_MODELS_DIR,
  lazyRunner,
  type RestoreSettings,
  restoreStack,
  restoreVolume,
} from '../src/offline/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RAW = join(ROOT, 'data', 'gerhard2013', 'raw');
const DEMO = join(ROOT, 'demo', 'data', 'gerhard');
/** Non-adjacent, so each fold has two clean neighbours. */
const STACK_FOLDS = [4, 10, 16];
const SEED = 7;

interface Timed<T> {
  value: T;
  seconds: number;
}

async function timed<T>(f: () => Promise<T>): Promise<Timed<T>> {
  const start = performance.now();
  const value = await f();
  return { value, seconds: (performance.now() - start) / 1000 };
}

/** The Gerhard stack with STACK_FOLDS folded, written as PNGs; returns the clean sections. */
function writeFoldedStack(dir: string): GrayImage[] {
  const clean = openPngStack(RAW);
  const sections = Array.from({ length: clean.depth }, (_, z) => clean.section(z));
  sections.forEach((section, z) => {
    const out = STACK_FOLDS.includes(z)
      ? simulateFold(section, sampleFoldParams(makeRng(SEED + z), section.width, section.height, 'test')).degraded
      : section;
    writeGrayPng(join(dir, `${String(z).padStart(2, '0')}.png`), out);
  });
  return sections;
}

async function stackRows(work: string, settings: RestoreSettings): Promise<string[]> {
  const input = join(work, 'stack');
  mkdirSync(input);
  const clean = writeFoldedStack(input);
  const { value: records, seconds } = await timed(() => restoreStack(input, join(work, 'stack-out'), settings));
  const restored = records.filter((r) => r.restored);
  const cleanMs = records.filter((r) => !r.flagged).map((r) => r.ms);
  const gain = restored.map((r) => {
    const truth = clean[r.z];
    return psnr(readGrayPng(join(work, 'stack-out', r.file)), truth) - psnr(readGrayPng(join(input, r.file)), truth);
  });
  const meanGain = gain.reduce((a, b) => a + b, 0) / Math.max(1, gain.length);
  return [
    `| \`restore --stack\`, 20 × 1024², folds on ${STACK_FOLDS.join(', ')} | ${(records.length / (seconds / 60)).toFixed(1)} sections/min (${seconds.toFixed(1)} s) | ` +
      `restored ${restored.map((r) => r.z).join(', ')}; ${(restored.reduce((a, r) => a + r.ms, 0) / 1000 / Math.max(1, restored.length)).toFixed(1)} s per fold section, ` +
      `${(cleanMs.reduce((a, b) => a + b, 0) / cleanMs.length).toFixed(0)} ms per clean one (detection + copy); PSNR +${meanGain.toFixed(1)} dB over the damaged input |`,
  ];
}

async function volumeRows(work: string, settings: RestoreSettings): Promise<string[]> {
  await prepareDemoData({ root: ROOT });
  const [w, h, d] = readInfo(DEMO).scales[0].size;
  const mvox = (w * h * d) / 1e6;
  const rate = (seconds: number): string => `${(mvox / seconds).toFixed(2)} Mvox/s (${seconds.toFixed(1)} s)`;
  const full = await timed(() => restoreVolume(DEMO, join(work, 'demo-out'), settings));
  const copy = await timed(() => restoreVolume(DEMO, join(work, 'demo-copy'), { ...settings, detect: false }));
  // The same layout without folds: every section detected, none restored, every slab copied.
  const clean = openPngStack(RAW);
  const layout = readInfo(DEMO).scales[0];
  const cleanVolume = join(work, 'clean');
  await writePrecomputed(cleanVolume, stackOfImages(Array.from({ length: clean.depth }, (_, z) => clean.section(z))), {
    resolution: layout.resolution,
    chunkSize: layout.chunk_sizes[0],
    scales: readInfo(DEMO).scales.length,
  });
  const detected = await timed(() => restoreVolume(cleanVolume, join(work, 'clean-out'), settings));
  const restored = full.value.records.filter((r) => r.restored).map((r) => r.z);
  return [
    `| \`restore --precomputed\` demo volume (${w}×${h}×${d}, 64×64×1 chunks, 3 scales), folds ${restored.join(', ')} | ${rate(full.seconds)} | ${full.value.writtenSlabs} slabs rewritten, ${full.value.copiedSlabs} copied |`,
    `| same volume, nothing to restore (\`--no-detect\`): copy speed | ${rate(copy.seconds)} | every chunk file of every scale copied |`,
    `| clean volume, same layout: detection + copy | ${rate(detected.seconds)} | ${detected.value.records.filter((r) => r.flagged).length} sections flagged |`,
  ];
}

export async function run(): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), 'sff-offline-bench-'));
  const runner = lazyRunner(DEFAULT_MODELS_DIR);
  const settings: RestoreSettings = { detect: true, force: new Set(), runner: runner.get };
  try {
    const rows = [...(await stackRows(work, settings)), ...(await volumeRows(work, settings))];
    const machine = `${cpus().length} cores, load ${loadavg()[0].toFixed(1)} at the end; onnxruntime-web wasm in Node, default threads`;
    return [
      '## Offline restoration (`sff restore`)',
      '',
      `Wall times on this machine (${machine}).`,
      '',
      '| what | speed | detail |',
      '|---|---|---|',
      ...rows,
      '',
    ].join('\n');
  } finally {
    await runner.dispose();
    rmSync(work, { recursive: true, force: true });
  }
}

// Run on its own: `node --import tsx bench/offline.bench.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((table) => process.stdout.write(table));
}
