/**
 * The restoration ladder per fold shape family (issue "every fold shape"): whole validation
 * sections of Gerhard 2013 (15–18, neighbours 14–19, 64 px border excluded), folds drawn by the
 * shape simulator (`sff eval --shape`). Targets: `full` ≥ degraded + 6 dB in every family, and
 * curved or multiple folds within 1.5 dB of straight ones.
 * SFF_SHAPE_LADDER_CASES sets the cases per family (default 20), SFF_SHAPE_LADDER_FAMILIES a
 * comma-separated subset of the families (default all; straight is always run, for the margin),
 * SFF_DETECTOR the detector of `full` (default learned-else-hand-tuned, as `sff eval`); `thin` is
 * detected at its scale (`sff eval --min-half-width 1`), as in the detection table.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evalRegistry } from '../src/cli/commands/eval.js';
import { type EvalReport, evaluate, resolveMethods } from '../src/core/evaluation/index.js';
import { SHAPE_FAMILIES, type ShapeFamily } from '../src/core/simulation/index.js';
import { openPngStack } from '../src/io/precomputed/stack.js';
import { DEFAULT_MODELS_DIR, DETECTOR_NAMES, type DetectorName, loadDetector } from '../src/offline/index.js';
import { FAMILY_OPTIONS } from './detection_shapes.bench.js';

const STACK = join(fileURLToPath(new URL('..', import.meta.url)), 'data', 'gerhard2013', 'raw');
const SEED = 2020;
const METHODS = ['degraded', 'sub', 'interp', 'classic-unfold', 'full'];
const ROWS = [...METHODS, 'oracle'];

function casesPerFamily(): number {
  const value = Number(process.env.SFF_SHAPE_LADDER_CASES ?? '20');
  if (!Number.isInteger(value) || value < 1) throw new Error('SFF_SHAPE_LADDER_CASES must be a positive integer');
  return value;
}

function families(): ShapeFamily[] {
  const only = process.env.SFF_SHAPE_LADDER_FAMILIES?.split(',');
  return SHAPE_FAMILIES.filter((f) => f === 'straight' || only === undefined || only.includes(f));
}

function detectorName(): DetectorName {
  const name = process.env.SFF_DETECTOR ?? DETECTOR_NAMES[0];
  if (!(DETECTOR_NAMES as readonly string[]).includes(name))
    throw new Error(`SFF_DETECTOR must be one of ${DETECTOR_NAMES.join(', ')}`);
  return name as DetectorName;
}

/** One row per family: PSNR of each rung, and the two targets' margins. */
function tableRow(family: ShapeFamily, report: EvalReport, straightFull: number): string {
  const psnr = (name: string): number => report.methods[name].psnr.mean;
  const gain = psnr('full') - psnr('degraded');
  const toStraight = psnr('full') - straightFull;
  const cells = ROWS.map((name) => psnr(name).toFixed(2));
  const ok = gain >= 6 && (family === 'straight' || toStraight >= -1.5) ? 'yes' : 'no';
  return `| ${family} | ${cells.join(' | ')} | ${gain.toFixed(2)} | ${toStraight.toFixed(2)} | ${ok} |`;
}

export async function run(): Promise<string> {
  const stack = openPngStack(STACK);
  const sections = Array.from({ length: stack.depth }, (_, z) => stack.section(z));
  const detector = await loadDetector(detectorName(), DEFAULT_MODELS_DIR);
  if (detector.fallback !== undefined) throw new Error(`learned detector not loaded: ${detector.fallback}`);
  const cases = casesPerFamily();
  const reports = new Map<ShapeFamily, EvalReport>();
  for (const shape of families()) {
    const started = performance.now();
    // Thin folds are detected at their scale, as in the detection table (detection_shapes.bench.ts).
    const methods = await resolveMethods(
      evalRegistry(DEFAULT_MODELS_DIR, detector.detect, FAMILY_OPTIONS[shape]),
      METHODS,
    );
    reports.set(
      shape,
      await evaluate(sections, methods, { cases, seed: SEED, border: 64, sections: [15, 18], oracle: true, shape }),
    );
    process.stderr.write(`shape ladder: ${shape} ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  await detector.dispose();
  const straightFull = reports.get('straight')!.methods.full.psnr.mean;
  const head = ['family', ...ROWS, 'full − degraded', 'full − straight full', 'targets'];
  return [
    '## Restoration ladder per fold shape (whole sections)',
    '',
    `${cases} cases per family on whole sections 15–18 of Gerhard 2013 (64 px border excluded), seed ${SEED},`,
    `detector of \`full\`: ${detector.name},`,
    'folds from the shape simulator (`sff eval --shape <family>`); PSNR (dB), mean over the cases.',
    'Targets: full ≥ degraded + 6 dB in every family; every family within 1.5 dB of straight.',
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---|').join('')}`,
    ...[...reports.keys()].map((family) => tableRow(family, reports.get(family)!, straightFull)),
  ].join('\n');
}
