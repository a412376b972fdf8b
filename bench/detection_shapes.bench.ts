/**
 * Fold detection per shape family (issue 12 §2): recall (section flagged) and mean mask IoU against
 * the true band on simulated folds of every family, both stacks; false flags on the clean
 * sections; the real DOLW7_1 against its manual mask. Thin folds are detected at their scale
 * (`minHalfWidth 1`), so the clean sections are checked at that scale too.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { detectFolds, type DetectOptions } from '../src/core/detection/index.js';
import { maskIoU } from '../src/core/metrics/index.js';
import { SHAPE_FAMILIES, type ShapeFamily } from '../src/core/simulation/index.js';
import { readGrayPng } from '../src/io/png.js';
import { REAL_OPTIONS } from './detection.bench.js';
import { loadStack, shapeCases, type StackName, VALIDATION } from './shape_cases.js';

const REAL = process.env.SFF_REAL_FOLD_DIR ?? '';
const CASES = Number(process.env.SFF_SHAPE_CASES ?? 60);
/** The scale the detector is told for each family: thin bands are 1–3 px. */
export const FAMILY_OPTIONS: Partial<Record<ShapeFamily, DetectOptions>> = { thin: { minHalfWidth: 1 } };

interface Row {
  cases: number;
  recall: number;
  iou: number;
  foundIou: number;
}

function measure(stack: StackName, family: ShapeFamily, sections: number[], count: number): Row {
  const cases = shapeCases(stack, family, sections, count);
  let found = 0,
    iou = 0,
    foundIou = 0;
  for (const c of cases) {
    const det = detectFolds(c.degraded, FAMILY_OPTIONS[family]);
    const overlap = maskIoU(det.mask, c.mask);
    iou += overlap;
    if (det.flagged) {
      found++;
      foundIou += overlap;
    }
  }
  const n = cases.length;
  return { cases: n, recall: found / n, iou: iou / n, foundIou: foundIou / Math.max(1, found) };
}

function mark(value: number, target: number): string {
  return `${value.toFixed(3)}${value >= target ? '' : ' ✗'}`;
}

function familyRows(): string[] {
  const gerhard = loadStack('gerhard').map((_, z) => z);
  const sets: [StackName, string, number[]][] = [
    ['gerhard', 'Gerhard 0–13', gerhard.filter((z) => !VALIDATION.has(z))],
    ['isbi', 'ISBI 0–29', loadStack('isbi').map((_, z) => z)],
    ['gerhard', 'Gerhard 14–19 (validation)', gerhard.filter((z) => VALIDATION.has(z))],
  ];
  const rows = [
    '| family | sections | cases | recall (≥ 0.98) | mean IoU (≥ 0.8) | mean IoU of flagged |',
    '|---|---|---|---|---|---|',
  ];
  for (const family of SHAPE_FAMILIES) {
    for (const [stack, label, sections] of sets) {
      if (!sections.length) continue;
      const r = measure(stack, family, sections, CASES);
      rows.push(
        `| ${family} | ${label} | ${r.cases} | ${mark(r.recall, 0.98)} | ${mark(r.iou, 0.8)} | ${r.foundIou.toFixed(3)} |`,
      );
    }
  }
  return rows;
}

function cleanRows(): string[] {
  const rows = ['| clean sections | scale | sections | flagged (0) | max score |', '|---|---|---|---|---|'];
  for (const [label, options] of [
    ['default (minHalfWidth 5)', {}],
    ['thin (minHalfWidth 1)', FAMILY_OPTIONS.thin ?? {}],
  ] as const) {
    for (const stack of ['gerhard', 'isbi'] as StackName[]) {
      const dets = loadStack(stack).map((s) => detectFolds(s, options));
      const flagged = dets.filter((d) => d.flagged).length;
      rows.push(
        `| ${stack} | ${label} | ${dets.length} | ${flagged}${flagged ? ' ✗' : ''} | ${Math.max(0, ...dets.map((d) => d.score)).toFixed(2)} |`,
      );
    }
  }
  return rows;
}

function realRow(): string[] {
  if (!existsSync(join(REAL, 'DOLW7_1.png'))) return ['(DOLW7: set SFF_REAL_FOLD_DIR to the sample folder)'];
  const det = detectFolds(readGrayPng(join(REAL, 'DOLW7_1.png')), REAL_OPTIONS);
  const iou = maskIoU(det.mask, readGrayPng(join(REAL, 'DOLW7_m.png')));
  return [
    `DOLW7_1 (minHalfWidth 15): flagged ${det.flagged}, ${det.folds.length} fold(s), IoU vs DOLW7_m **${iou.toFixed(3)}** (target ≥ 0.8).`,
  ];
}

export async function run(): Promise<string> {
  const parts = [familyRows().join('\n'), cleanRows().join('\n'), realRow().join('\n')];
  return `## Fold detection per shape family\n\n${CASES} cases per family and section set (textured bands on every other case; docs/fold-model.md, "Shape families").\n\n${parts.join('\n\n')}\n`;
}

// Run on its own: `node --import tsx bench/detection_shapes.bench.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((table) => process.stdout.write(table));
}
