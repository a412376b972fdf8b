/**
 * Large volumes (issue 11) on a 16384² × 9 volume with three simulated folds, built by
 * bench/make_volume.ts into demo/data/big16384/ on the first run (cached: a rerun resumes or
 * reuses it; the demo server serves it at /data/big16384/). Needs `npm run build:cli` and
 * `npm run build`. SFF_BIG_BENCH_SIZE=8192 runs the same at 8192² for a quicker look.
 *
 * CLI: `sff restore --precomputed` beside a plain `cp -r` of the same volume in the same run,
 * wall time and peak RSS from `/usr/bin/time -v`, and the restore's throughput in megapixels of
 * fold-influenced area (from the true fold parameters) per second.
 * Viewer: from panning onto each fold at full zoom (two panels of ~1024², raw | sff://), the time
 * until the raw pixels are drawn and until restored pixels replace the black band; the renderer
 * process's peak RSS (page + chunk worker). A failure is a row, never a crash of the bench.
 * SFF_BIG_BENCH_ONLY=cli or =viewer runs one half; SFF_BIG_BENCH_FOLDS=catalogue or =detected one way
 * of getting the folds in the viewer.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { demoState } from '../demo/state.js';
import type { FoldParams } from '../src/core/simulation/index.js';
import { foldLine } from '../src/core/simulation/index.js';
import { openPngStack } from '../src/io/precomputed/index.js';
import { openViewer, root, sideBySide, startHarness, stateUrl } from '../test/browser/harness.js';
import { type BigVolumeResult, makeBigVolume, type TrueFold } from './big_volume/make_volume.js';
import { type PanTarget, type PanTimes, panAndTime } from './big_volume/pan_probe.js';
import { rendererPeakBytes } from './big_volume/renderer_memory.js';
import { type TimedRun, timedRun } from './big_volume/timed_command.js';

const SIZE = Number(process.env.SFF_BIG_BENCH_SIZE ?? 16384);
const SECTIONS = 9;
const NAME = `big${SIZE}`;
const VOLUME = join(root, 'demo', 'data', NAME);
const WORK = join(root, 'bench', 'cache');
const CLI_LIMITS = {
  seconds: Number(process.env.SFF_BIG_BENCH_CLI_LIMITS ?? 1800),
  rssBytes: 2 ** 30 * Number(process.env.SFF_BIG_BENCH_RSS_LIMIT_GB ?? 10),
};
/** `cli` or `viewer`: run only that part (a rerun of one half after a fix). */
const ONLY = process.env.SFF_BIG_BENCH_ONLY;
const VIEW_LIMIT_MS = 1000 * Number(process.env.SFF_BIG_BENCH_VIEW_LIMIT_S ?? 180);
/** `catalogue` or `detected`: pan with that way of getting the folds only. */
const FOLDS = process.env.SFF_BIG_BENCH_FOLDS;
/** Half the side of the viewport region timed: 1024² voxels at one voxel per screen pixel. */
const HALF = 512;
/** Two ~1024² panels side by side. */
const VIEWPORT = { width: 2 * 1024 + 40, height: 1024 + 60 };

const gb = (bytes: number): string =>
  bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GB` : `${(bytes / 2 ** 20).toFixed(0)} MB`;
const sec = (s: number): string => `${s.toFixed(1)} s`;

async function ensureVolume(): Promise<BigVolumeResult> {
  return makeBigVolume({
    out: VOLUME,
    size: SIZE,
    sections: SECTIONS,
    stack: openPngStack(join(root, 'data', 'gerhard2013', 'raw')),
    onProgress: (done, total) => process.stderr.write(`big_volume: section ${done}/${total} of ${NAME}\n`),
  });
}

function cliRow(what: string, run: TimedRun, influencedMPix?: number): string {
  if (!run.ok) return `| ${what} | failed: ${run.failure} | ${sec(run.seconds)} | ${gb(run.peakRssBytes)} | – |`;
  const throughput = influencedMPix === undefined ? '–' : `${(influencedMPix / run.seconds).toFixed(2)}`;
  return `| ${what} | ok | ${sec(run.seconds)} | ${gb(run.peakRssBytes)} | ${throughput} |`;
}

async function cli(volume: BigVolumeResult): Promise<string> {
  const influenced = volume.folds.folds.reduce((n, f) => n + f.influencedPixels, 0) / 1e6;
  const copyDir = join(WORK, `${NAME}-copy`);
  // In a folder of its own, so the restore's resumable partial output goes with it.
  const restoreRoot = join(WORK, `${NAME}-restore`);
  const restoredDir = join(restoreRoot, 'out');
  const rows: string[] = [];
  try {
    rmSync(copyDir, { recursive: true, force: true });
    rmSync(restoreRoot, { recursive: true, force: true });
    // cp -r makes the copy, not the folder it goes in (absent on a fresh checkout).
    mkdirSync(WORK, { recursive: true });
    rows.push(cliRow('`cp -r` (plain copy)', await timedRun('cp', ['-r', volume.degraded, copyDir], CLI_LIMITS)));
    rmSync(copyDir, { recursive: true, force: true });
    const sff = join(root, 'bin', 'sff.js');
    const restore = existsSync(join(root, 'dist', 'cli', 'main.js'))
      ? await timedRun(
          process.execPath,
          [sff, 'restore', '--precomputed', volume.degraded, '--out', restoredDir],
          CLI_LIMITS,
        )
      : { ok: false, seconds: 0, peakRssBytes: 0, failure: 'dist/ is missing: run npm run build:cli' };
    rows.push(cliRow('`sff restore --precomputed`', restore, influenced));
  } finally {
    rmSync(copyDir, { recursive: true, force: true });
    rmSync(restoreRoot, { recursive: true, force: true });
  }
  return [
    `Fold-influenced area (band, lost strip and pull, from folds.json): ${influenced.toFixed(1)} MPix in ${volume.folds.folds.length} sections.`,
    '',
    '| command | result | wall | peak RSS | MPix influenced / s |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Where the view lands on a straight fold (its middle) and where it starts (clean tissue). */
function panPlan(fold: TrueFold): { target: PanTarget; start: [number, number, number] } {
  const p = fold.params as FoldParams;
  const { nx, ny } = foldLine(p);
  const clamp = (v: number): number => Math.min(SIZE - HALF, Math.max(HALF, v));
  const [x, y] = [clamp((p.x0 + p.x1) / 2), clamp((p.y0 + p.y1) / 2)];
  const band: [number, number][] = [];
  const [ux, uy] = [ny, -nx];
  for (let t = -0.8 * HALF; t <= 0.8 * HALF; t += HALF / 10) {
    // The nearest pixel to the line point: |d| ≤ 0.71 < L, inside the black band.
    const [bx, by] = [Math.round(x + t * ux), Math.round(y + t * uy)];
    if (Math.abs(bx - x) < HALF && Math.abs(by - y) < HALF) band.push([bx, by]);
  }
  // Onto the line from the nearest side that lies beyond the pull's reach, else from section z − 1.
  const away = fold.reach + 2 * HALF;
  const inside = (v: number): boolean => v >= HALF && v <= SIZE - HALF;
  const sides = [1, -1].map((k): [number, number] => [x + k * away * nx, y + k * away * ny]);
  const clean = sides.find(([sx, sy]) => inside(sx) && inside(sy));
  const start: [number, number, number] = clean ? [...clean, fold.z] : [x, y, fold.z - 1];
  return { target: { baseWidth: SIZE, x, y, z: fold.z, half: HALF, band, timeoutMs: VIEW_LIMIT_MS }, start };
}

const ms = (t: number | null): string => (t === null ? `not within ${VIEW_LIMIT_MS / 1000} s` : sec(t / 1000));
const after = (t: number | null, from: number | null): string =>
  t !== null && from !== null ? sec((t - from) / 1000) : '–';

/** The fold catalogue of `sff detect --precomputed` (built once, beside the volume): the `#folds=` rows. */
async function ensureCatalogue(volume: BigVolumeResult): Promise<{ url: string; made: string }> {
  const dir = join(VOLUME, 'catalogue');
  const url = `/data/${NAME}/catalogue/folds.json`;
  if (existsSync(join(dir, 'folds.json'))) return { url, made: 'cached from an earlier run' };
  const run = await timedRun(
    process.execPath,
    [join(root, 'bin', 'sff.js'), 'detect', '--precomputed', volume.degraded, '--out', dir],
    CLI_LIMITS,
  );
  if (!run.ok) throw new Error(`sff detect --precomputed failed: ${run.failure}`);
  return { url, made: `made by \`sff detect --precomputed\` in ${sec(run.seconds)}, peak RSS ${gb(run.peakRssBytes)}` };
}

/** The two ways the layer gets its folds: detecting them itself, or from a catalogue. */
const VARIANTS = [
  { name: 'detected in the viewer', hash: (): string => '' },
  { name: '`#folds=` catalogue', hash: (base: string, url: string): string => `#folds=${base}${url}` },
];

async function viewer(volume: BigVolumeResult): Promise<string> {
  if (!existsSync(join(root, 'build', 'index.html'))) return 'failed: build/ is missing: run `npm run build`';
  const rows: string[] = [];
  let peak = 0;
  let catalogueNote = '';
  let harness: Awaited<ReturnType<typeof startHarness>> | undefined;
  try {
    const catalogue = await ensureCatalogue(volume);
    catalogueNote = `Catalogue ${catalogue.made}.`;
    harness = await startHarness();
    const base = harness.server.url;
    const source = `precomputed://${base}/data/${NAME}/degraded`;
    for (const variant of VARIANTS.filter((v) => FOLDS === undefined || v.name.includes(FOLDS))) {
      for (const fold of volume.folds.folds) {
        const { target, start } = panPlan(fold);
        const state = {
          ...demoState(base),
          position: [start[0], start[1], start[2] + 0.5],
          crossSectionScale: 1,
          layers: [
            { type: 'image', source, name: 'raw' },
            { type: 'image', source: `sff://${source}${variant.hash(base, catalogue.url)}`, name: 'restored' },
          ],
          layout: sideBySide('raw', 'restored'),
          showScaleBar: false,
        };
        const { page, pageErrors } = await openViewer(harness.browser, stateUrl(base, state), VIEWPORT);
        let times: PanTimes;
        try {
          // The start view first, so the timing starts from a drawn, settled viewer.
          await panAndTime(page, { ...target, x: start[0], y: start[1], z: start[2], band: [] }, false);
          times = await panAndTime(page, target);
          peak = Math.max(peak, rendererPeakBytes());
        } finally {
          await page.close();
        }
        const errors = pageErrors.length > 0 ? ` (page errors: ${pageErrors[0].slice(0, 80)})` : '';
        rows.push(
          `| ${variant.name} | ${fold.z} | ${ms(times.raw)} | ${ms(times.sff)} | ${ms(times.restored)} | ${ms(times.nets)} | ` +
            `${after(times.restored, times.raw)}${errors} |`,
        );
      }
    }
  } catch (err) {
    rows.push(`| – | – | failed: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]} | | | | |`);
  } finally {
    await harness?.close();
  }
  return [
    `Panning at full zoom from clean tissue onto the middle of each fold; times until the ${2 * HALF}² region's base-scale`,
    'chunks are drawn in each panel, until the sff:// pixels on the fold line are restored (the preview: unfolded, strip',
    "filled with the mean of z ± 1; then the nets' result replaces it), and until the first block came back from the nets",
    '(target: restored ≤ 1.5 s after raw).',
    '',
    '| folds | section | raw layer drawn | sff:// layer drawn | sff:// restored | first nets block | restored after raw |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Renderer process peak RSS (page + chunk worker, VmHWM): ${peak > 0 ? gb(peak) : 'not measured'}. ${catalogueNote}`,
  ].join('\n');
}

export async function run(): Promise<string> {
  const started = performance.now();
  const volume = await ensureVolume();
  const built =
    volume.skipped === SECTIONS
      ? 'cached from an earlier run'
      : `built in ${sec((performance.now() - started) / 1000)}${volume.skipped > 0 ? ` (${volume.skipped} sections reused)` : ''}`;
  const cliTable = ONLY === 'viewer' ? 'not run (SFF_BIG_BENCH_ONLY=viewer)' : await cli(volume);
  process.stderr.write(`big_volume: CLI\n${cliTable}\n`); // kept even if the viewer part hangs
  const viewerTable = ONLY === 'cli' ? 'not run (SFF_BIG_BENCH_ONLY=cli)' : await viewer(volume);
  return [
    `## Large volume: ${SIZE}² × ${SECTIONS} (issue 11)`,
    '',
    `\`node --import tsx bench/make_volume.ts --size ${SIZE} --sections ${SECTIONS} --out demo/data/${NAME}\` (${built}): uint8, 512² chunks as .gz,`,
    `straight folds on sections ${volume.folds.folds.map((f) => f.z).join(', ')} (parameters in demo/data/${NAME}/folds.json).`,
    `Reproduce: \`npm run build:cli && npm run build && npm run bench -- big_volume\`. Load average at start ${loadavg()[0].toFixed(1)} on ${cpus().length} cores.`,
    '',
    '### CLI',
    '',
    cliTable,
    '',
    '### Viewer (headless Chromium)',
    '',
    viewerTable,
  ].join('\n');
}
