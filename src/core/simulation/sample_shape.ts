/**
 * Seeded draws of fold shapes per family (docs/fold-model.md, "Shape families"): what the detector
 * and the unfolding are measured on. Band and pull follow the test distribution (L 5–20, F ≤ 80)
 * unless the family says otherwise.
 */
import type { Rng } from '../rng.js';
import { arc, arcLength, crossingEnds, extendEnds, type Pt, resample, spline } from './curve_paths.js';
import type { CurveFold, FoldShape } from './fold_shape.js';

export const SHAPE_FAMILIES = ['straight', 'arc', 'spline', 'multi', 'branch', 'varying', 'thin', 'ending'] as const;
export type ShapeFamily = (typeof SHAPE_FAMILIES)[number];

export interface ShapeSampleOptions {
  /** Textured bands (bandGain ~ U(0.05, 0.35)) instead of black ones. */
  textured?: boolean;
}

interface Profile {
  L: number;
  pull: number;
  s: number;
  bandGain: number;
}

function profile(rng: Rng, textured: boolean, minL = 5, maxL = 20): Profile {
  const L = rng.int(minL, maxL);
  return {
    L,
    pull: rng.int(L + 1, 80) - L,
    s: rng.uniform(1e-5, 0.1),
    bandGain: textured ? rng.uniform(0.05, 0.35) : 0,
  };
}

function constant(line: Pt[], p: Profile): CurveFold {
  return { line, L: line.map(() => p.L), pull: line.map(() => p.pull), s: p.s, bandGain: p.bandGain };
}

/**
 * A curve across the image: straight, a circular arc or a smooth spline, extended past the frame.
 * Its middle lies ≥ 15 % of the side inside the frame: a band hugging a border looks like padding
 * in one section (bench/detection.bench.ts counts those apart for the straight model).
 */
function crossing(rng: Rng, w: number, h: number, kind: 'straight' | 'arc' | 'spline'): Pt[] {
  const side = Math.min(w, h);
  for (;;) {
    const [a, b] = crossingEnds(rng, w, h, 0.5 * side);
    const chord = Math.hypot(b[0] - a[0], b[1] - a[1]);
    let line: Pt[];
    if (kind === 'straight') line = resample([a, b]);
    else if (kind === 'arc') line = arc(a, b, (rng.next() < 0.5 ? -1 : 1) * rng.uniform(0.06, 0.25) * chord);
    else {
      const nx = -(b[1] - a[1]) / chord,
        ny = (b[0] - a[0]) / chord;
      const via = [1 / 3, 2 / 3].map((t): Pt => {
        const o = rng.uniform(-0.15, 0.15) * chord;
        return [a[0] + t * (b[0] - a[0]) + o * nx, a[1] + t * (b[1] - a[1]) + o * ny];
      });
      line = spline([a, ...via, b]);
    }
    const [mx, my] = line[line.length >> 1];
    if (Math.min(mx, my, w - 1 - mx, h - 1 - my) >= 0.15 * side) return extendEnds(line, side);
  }
}

function anyCrossing(rng: Rng, w: number, h: number): Pt[] {
  return crossing(rng, w, h, (['straight', 'arc', 'spline'] as const)[rng.int(0, 2)]);
}

/** Y: a curve across and a branch leaving it at 25–60° toward the frame (band at most as wide). */
function branched(rng: Rng, w: number, h: number, textured: boolean): CurveFold[] {
  const side = Math.min(w, h);
  const main = crossing(rng, w, h, rng.next() < 0.5 ? 'arc' : 'spline');
  // The junction lies well inside the image: the middle part of the curve.
  const inside = main.filter(([x, y]) => x > 0.2 * w && x < 0.8 * w && y > 0.2 * h && y < 0.8 * h);
  const j = inside.length ? main.indexOf(inside[rng.int(0, inside.length - 1)]) : main.length >> 1;
  const [jx, jy] = main[j];
  const tx = main[j + 1][0] - main[j - 1][0],
    ty = main[j + 1][1] - main[j - 1][1];
  const heading = Math.atan2(ty, tx) + (rng.next() < 0.5 ? -1 : 1) * rng.uniform(25, 60) * (Math.PI / 180);
  const dir = rng.next() < 0.5 ? 0 : Math.PI;
  const ux = Math.cos(heading + dir),
    uy = Math.sin(heading + dir);
  const far: Pt = [jx + 2 * side * ux, jy + 2 * side * uy];
  const mid: Pt = [
    jx + side * ux + rng.uniform(-0.1, 0.1) * side * uy,
    jy + side * uy - rng.uniform(-0.1, 0.1) * side * ux,
  ];
  const stem = profile(rng, textured);
  const limb = profile(rng, textured, 4, stem.L);
  return [constant(main, stem), constant(spline([[jx, jy], mid, far]), { ...limb, bandGain: stem.bandGain })];
}

/** Band width varying smoothly along the fold between 3 and 20 px. */
function varying(rng: Rng, w: number, h: number, textured: boolean): CurveFold {
  const line = anyCrossing(rng, w, h);
  const cum = arcLength(line);
  const p = profile(rng, textured);
  const period = rng.uniform(0.4, 1.2) * Math.min(w, h),
    phase = rng.uniform(0, 2 * Math.PI);
  const mid = rng.uniform(7, 14),
    amp = rng.uniform(0.4, 0.8) * (mid - 3);
  const L = cum.map((t) => mid + amp * Math.sin((2 * Math.PI * t) / period + phase));
  return { line, L, pull: L.map((l) => Math.max(1, p.L + p.pull - l)), s: p.s, bandGain: p.bandGain };
}

/**
 * A fold across only part of the section: from the frame into the tissue, or with both ends inside;
 * band and pull taper to 0 over the last 20–40 % toward each free end.
 */
function ending(rng: Rng, w: number, h: number, textured: boolean): CurveFold {
  const side = Math.min(w, h);
  const full = anyCrossing(rng, w, h);
  const cum = arcLength(full);
  const total = cum[cum.length - 1];
  // The crossing curve spans [side, total − side] inside; keep a piece of it 50–80 % of that long.
  const inner = total - 2 * side;
  const bothFree = rng.next() < 0.5;
  const keep = rng.uniform(0.5, 0.8) * inner;
  const start = bothFree ? side + rng.uniform(0, inner - keep) : 0;
  const end = bothFree ? start + keep : side + keep;
  const line = full.filter((_, i) => cum[i] >= start && cum[i] <= end);
  const at = arcLength(line);
  const length = at[at.length - 1];
  const taper = rng.uniform(0.2, 0.4) * (bothFree ? keep / 2 : keep);
  const p = profile(rng, textured);
  const factor = at.map((t) => Math.min(1, (length - t) / taper, bothFree ? t / taper : 1));
  return {
    line,
    L: factor.map((f) => p.L * f),
    pull: factor.map((f) => p.pull * f),
    s: p.s,
    bandGain: p.bandGain,
  };
}

/** Seeded draw of one shape of the family for a width × height section. */
export function sampleFoldShape(
  rng: Rng,
  width: number,
  height: number,
  family: ShapeFamily,
  options: ShapeSampleOptions = {},
): FoldShape {
  const textured = options.textured ?? false;
  switch (family) {
    case 'straight':
    case 'arc':
    case 'spline':
      return { folds: [constant(crossing(rng, width, height, family), profile(rng, textured))] };
    case 'multi':
      return {
        folds: Array.from({ length: rng.int(2, 3) }, () =>
          constant(anyCrossing(rng, width, height), profile(rng, textured, 5, 14)),
        ),
      };
    case 'branch':
      return { folds: branched(rng, width, height, textured) };
    case 'varying':
      return { folds: [varying(rng, width, height, textured)] };
    case 'thin': {
      const p = profile(rng, textured);
      const L = rng.uniform(1, 3);
      return { folds: [constant(anyCrossing(rng, width, height), { ...p, L, pull: rng.uniform(1, 20) })] };
    }
    case 'ending':
      return { folds: [ending(rng, width, height, textured)] };
  }
}
