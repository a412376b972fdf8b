/**
 * Dev-only diagnosis of the fold geometry (never the validation sections Gerhard 14–19): per
 * simulated case of one shape family, the section unfolded from the geometry with the lost strip
 * filled by the mean of z ± 1 (the viewer's preview: no nets), from
 *   - the geometry estimated as shipped (detector → estimateGeometry),
 *   - the true lines with the widths measured and the pulls searched (isolates the pull search),
 *   - the true geometry (lines, widths, pulls: isolates the composition of several folds).
 * PSNR over the whole section less a 64 px border.
 *
 *   node --import tsx bench/dev_geometry.ts --shape multi --cases 4 --sections 2-11 --seed 7 [--rounds 3] [--lines] [--no-refine] [--min-half-width 1]
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { drawCases } from '../src/core/evaluation/cases.js';
import { estimateGeometry } from '../src/core/geometry/estimate.js';
import { foldEnds } from '../src/core/geometry/fold_ends.js';
import type { FoldCurve, SectionGeometry } from '../src/core/geometry/fold_geometry.js';
import { simulatedCurve } from '../src/core/geometry/simulated.js';
import type { GrayImage } from '../src/core/image.js';
import { psnr } from '../src/core/metrics/index.js';
import { type FoldShape, type ShapeFamily, simulateShape } from '../src/core/simulation/index.js';
import { readGrayPng } from '../src/io/png.js';
import { loadDetector } from '../src/offline/detector.js';
import { restoreBlock } from '../src/restoration/block_restore.js';
import { meanSection, readFromSections } from '../src/restoration/section_read.js';

const { values } = parseArgs({
  options: {
    stack: { type: 'string', default: 'data/gerhard2013/raw' },
    shape: { type: 'string', default: 'multi' },
    cases: { type: 'string', default: '6' },
    sections: { type: 'string', default: '2-11' },
    seed: { type: 'string', default: '7' },
    border: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '3' },
    lines: { type: 'boolean', default: false },
    'no-refine': { type: 'boolean', default: false },
    'min-half-width': { type: 'string' },
  },
});
const [lo, hi] = values.sections.split('-').map(Number);
if (hi >= 14 || lo < 1) throw new Error('dev sections only: 1–13 (14–19 are the validation sections)');
const files = readdirSync(values.stack)
  .filter((f) => f.endsWith('.png'))
  .sort();
const stack = files.map((f) => readGrayPng(join(values.stack, f)));
const { width, height } = stack[0];
const border = Number(values.border);
const cases = drawCases(stack.length, width, height, {
  cases: Number(values.cases),
  seed: Number(values.seed),
  sections: [lo, hi],
  border,
  shape: values.shape as ShapeFamily,
});
const detector = await loadDetector('learned-else-hand-tuned', 'models');

/** The simulated shape as a geometry (simulatedCurve), with its ends as the estimate finds them. */
function trueGeometry(shape: FoldShape): SectionGeometry {
  const folds = shape.folds.map((f) => simulatedCurve(f));
  folds.forEach((f, i) => {
    f.ends = foldEnds(f.line, [width, height], Math.max(...f.halfWidths), [
      ...folds.slice(0, i),
      ...folds.slice(i + 1),
    ]);
  });
  return { frame: [width, height], flagged: true, score: 1, folds };
}

/** a/s of the pull, how it varies along the fold, and the band's half-widths along it. */
function pullText(f: FoldCurve): string {
  const widths = `L ${Math.min(...f.halfWidths).toFixed(1)}–${Math.max(...f.halfWidths).toFixed(1)}`;
  return `${f.pull[0].a.toFixed(1)}/${f.pull[0].s.toFixed(3)} ${f.pullAlong ?? 'even'} ${widths} ends ${f.ends}`;
}

async function preview(
  geometry: SectionGeometry,
  sections: Record<'damaged' | 'prev' | 'next', GrayImage>,
): Promise<GrayImage> {
  const block = { x: 0, y: 0, width, height };
  return (await restoreBlock({ geometry, block, read: readFromSections(sections), preview: true }, undefined)).image;
}

const region = { border };
const jointRounds = Number(values.rounds);
const refineCurves = !values['no-refine'];
const rows: Record<string, number[]> = { degraded: [], estimated: [], 'true lines, searched pulls': [], truth: [] };
for (const [k, c] of cases.entries()) {
  const clean = stack[c.section];
  const prev = stack[c.section - 1],
    next = stack[c.section + 1];
  if (!('shape' in c)) throw new Error('shape cases only');
  const damaged = simulateShape(clean, c.shape).degraded;
  const sections = { damaged, prev, next };
  const reference = meanSection(prev, next);
  const minHalfWidth = values['min-half-width'] === undefined ? undefined : Number(values['min-half-width']);
  const detection = await detector.detect(damaged, { neighbours: [prev, next], minHalfWidth });
  const t0 = performance.now();
  const estimated = estimateGeometry(detection, damaged, reference, { jointRounds, refineCurves });
  const ms = performance.now() - t0;
  const truth = trueGeometry(c.shape);
  const trueLines = estimateGeometry(
    {
      ...detection,
      flagged: true,
      folds: truth.folds.map((f) => ({ line: f.line, halfWidths: f.halfWidths, score: 1 })),
    },
    damaged,
    reference,
    { bandPadding: 0, jointRounds, refineCurves: false },
  );
  if (values.lines) {
    const inside = (l: [number, number][]) => l.filter(([x, y]) => x >= 0 && y >= 0 && x < width && y < height);
    const fmt = (l: [number, number][]) => {
      const i = inside(l);
      return `${i.length}v ${i[0]?.map(Math.round)}→${i[i.length - 1]?.map(Math.round)}`;
    };
    console.log('  true', truth.folds.map((f) => `${fmt(f.line)} L${f.halfWidths[0].toFixed(1)}`).join(' | '));
    console.log(
      '  est ',
      estimated.folds.map((f) => `${fmt(f.line)} L${f.halfWidths[0].toFixed(1)} ends ${f.ends}`).join(' | '),
    );
  }
  const score = (img: GrayImage): number => psnr(img, clean, 255, region);
  rows.degraded.push(score(damaged));
  rows.estimated.push(score(await preview(estimated, sections)));
  rows['true lines, searched pulls'].push(score(await preview(trueLines, sections)));
  rows.truth.push(score(await preview(truth, sections)));
  const last = (name: string): string => rows[name][k].toFixed(2);
  console.log(
    `case ${k} z${c.section}: folds true ${truth.folds.length} found ${estimated.folds.length}; ` +
      Object.keys(rows)
        .map((r) => `${r} ${last(r)}`)
        .join(', ') +
      `; estimate ${ms.toFixed(0)} ms; pulls ${estimated.folds.map(pullText).join(' ')}` +
      ` true ${truth.folds.map(pullText).join(' ')}`,
  );
}
for (const [name, v] of Object.entries(rows)) {
  console.log(`${values.shape} ${name}: mean ${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(2)} dB`);
}
await detector.dispose();
