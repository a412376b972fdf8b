import type { Region } from '../metrics/region.js';
import { makeRng } from '../rng.js';
import {
  type FoldParams,
  type FoldShape,
  sampleFoldParams,
  sampleFoldShape,
  type ShapeFamily,
} from '../simulation/index.js';
import { EvaluationError } from './errors.js';

/**
 * One simulated damage: which section, which part of it, and the fold (in crop coordinates) —
 * one straight fold of the paper's model, or a shape of one family (docs/fold-model.md).
 */
export type EvalCase = { section: number; region: Region } & ({ params: FoldParams } | { shape: FoldShape });

export interface CaseOptions {
  cases: number;
  seed: number;
  /** Square crop size; 0 or absent scores whole sections. */
  crop?: number;
  /** Target sections, an inclusive range or a set; each also needs both neighbours in the stack. */
  sections?: [number, number] | ReadonlySet<number>;
  /** Pixels left out of the score on every side of the crop (the paper scores everything: 0). */
  border?: number;
  /** Draw folds of this shape family instead of the paper's straight test distribution. */
  shape?: ShapeFamily;
}

/** The shape's polylines moved by (d, d): drawn on the scored part, placed in the crop. */
function shifted(shape: FoldShape, d: number): FoldShape {
  return { folds: shape.folds.map((f) => ({ ...f, line: f.line.map(([x, y]): [number, number] => [x + d, y + d]) })) };
}

/** Sections that can be targets: both neighbours exist and the index lies in the requested range. */
export function targetSections(depth: number, range?: [number, number] | ReadonlySet<number>): number[] {
  if (depth < 3) throw new EvaluationError(`need at least 3 consecutive sections, got ${depth}`);
  const targets: number[] = [];
  let asked: string;
  if (range === undefined || Array.isArray(range)) {
    const [lo, hi] = (range as [number, number] | undefined) ?? [1, depth - 2];
    for (let z = Math.max(1, lo); z <= Math.min(depth - 2, hi); z++) targets.push(z);
    asked = `${lo}-${hi}`;
  } else {
    const set = range as ReadonlySet<number>;
    targets.push(...[...set].filter((z) => z >= 1 && z <= depth - 2).sort((a, b) => a - b));
    asked = [...set].sort((a, b) => a - b).join(',');
  }
  if (targets.length === 0) {
    throw new EvaluationError(`no section in ${asked} has both neighbours in a stack of ${depth} (0-${depth - 1})`);
  }
  return targets;
}

/** Seeded, reproducible draw of evaluation cases with the paper's test fold distribution. */
export function drawCases(depth: number, width: number, height: number, options: CaseOptions): EvalCase[] {
  const targets = targetSections(depth, options.sections);
  const crop = options.crop ?? 0;
  if (!Number.isInteger(options.cases) || options.cases < 1) {
    throw new EvaluationError(`the number of cases must be a positive integer, got ${options.cases}`);
  }
  if (!Number.isInteger(crop) || crop < 0 || crop > Math.min(width, height)) {
    throw new EvaluationError(`crop ${crop} does not fit sections of ${width}×${height}`);
  }
  const cw = crop || width,
    ch = crop || height;
  const border = options.border ?? 0;
  if (!Number.isInteger(border) || border < 0 || 2 * border + 7 > Math.min(cw, ch)) {
    throw new EvaluationError(`border ${border} leaves less than 7×7 pixels of a ${cw}×${ch} crop to score`);
  }
  const rng = makeRng(options.seed);
  return Array.from({ length: options.cases }, () => {
    const section = targets[rng.int(0, targets.length - 1)];
    const region = { x: rng.int(0, width - cw), y: rng.int(0, height - ch), width: cw, height: ch };
    // Draw the fold on the scored part so its band always lies there (≥ 100 px), then extend it
    // over the whole crop; a fold hidden in the border would score as a perfect restoration.
    if (options.shape !== undefined) {
      const shape = sampleFoldShape(rng, cw - 2 * border, ch - 2 * border, options.shape);
      return { section, region, shape: shifted(shape, border) };
    }
    const inner = sampleFoldParams(rng, cw - 2 * border, ch - 2 * border, 'test');
    const params = {
      ...inner,
      x0: inner.x0 + border,
      y0: inner.y0 + border,
      x1: inner.x1 + border,
      y1: inner.y1 + border,
    };
    return { section, region, params };
  });
}
