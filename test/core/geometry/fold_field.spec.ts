import {
  borderSourceRect,
  foldField,
  foldReach,
  influences,
  sourceRect,
} from '../../../src/core/geometry/fold_field.js';
import { geometryInFrame, type SectionGeometry } from '../../../src/core/geometry/fold_geometry.js';
import { simulatedCurve } from '../../../src/core/geometry/simulated.js';
import { makeGray } from '../../../src/core/image.js';
import { foldFlow } from '../../../src/core/simulation/flow.js';
import type { FoldParams } from '../../../src/core/simulation/fold_params.js';
import { type CurveFold, simulateShape } from '../../../src/core/simulation/index.js';
import { straightFoldGeometry } from '../../fixtures/geometry.js';

const params: FoldParams = { x0: 10, y0: 30.5, x1: 190, y1: 120, L: 6, F: 30, s: 0.04, bandGain: 0 };

/** The same straight fold as a geometry: a two-point line (extended as rays) and one pull. */
const straight = straightFoldGeometry([200, 160], {
  from: [params.x0, params.y0],
  to: [params.x1, params.y1],
  L: params.L,
  a: params.F - params.L,
  s: params.s,
});

describe('foldField', () => {
  test('a straight fold gives the simulator’s own flow and lost strip', () => {
    const field = foldField(straight, { x: 0, y: 0, width: 200, height: 160 });
    const truth = foldFlow(params, 200, 160);
    let worst = 0;
    for (let i = 0; i < truth.valid.length; i++) {
      expect(field.lost[i]).toBe(1 - truth.valid[i]);
      worst = Math.max(worst, Math.abs(field.fx[i] - truth.fx[i]), Math.abs(field.fy[i] - truth.fy[i]));
    }
    expect(worst).toBeLessThan(1e-4);
    expect(field.maxShift).toBeCloseTo(params.F - params.L, 0);
  });

  test('damaged rims are lost beside the strip, and the pulled tissue beyond them moves as without rims', () => {
    const rim = 5;
    const plain = foldField(straight, { x: 0, y: 0, width: 200, height: 160 });
    const withRims = foldField(
      { ...straight, folds: [{ ...straight.folds[0], rim }] },
      { x: 0, y: 0, width: 200, height: 160 },
    );
    let newlyLost = 0;
    for (let i = 0; i < plain.lost.length; i++) {
      if (plain.lost[i]) expect(withRims.lost[i]).toBe(1);
      else if (withRims.lost[i]) newlyLost++;
      else {
        expect(withRims.fx[i]).toBe(plain.fx[i]);
        expect(withRims.fy[i]).toBe(plain.fy[i]);
      }
    }
    // Two rims of 5(1 − s) unfolded pixels along a ~200 px line.
    expect(newlyLost).toBeGreaterThan(2 * 150 * rim * (1 - params.s) * 0.8);
  });

  test('any window of the section computes the same values as the whole (no seams)', () => {
    const whole = foldField(straight, { x: 0, y: 0, width: 200, height: 160 });
    const part = foldField(straight, { x: 37, y: 51, width: 64, height: 40 });
    for (let y = 0; y < 40; y++) {
      for (let x = 0; x < 64; x++) {
        const i = (y + 51) * 200 + x + 37;
        expect(part.fx[y * 64 + x]).toBe(whole.fx[i]);
        expect(part.lost[y * 64 + x]).toBe(whole.lost[i]);
      }
    }
  });

  test('a curve moves tissue along its own normal, towards the curve', () => {
    // A quarter circle of radius 100 around (0, 0), as a dense polyline.
    const line = Array.from({ length: 33 }, (_, k): [number, number] => {
      const t = (k / 32) * (Math.PI / 2);
      return [100 * Math.cos(t), 100 * Math.sin(t)];
    });
    const arc: SectionGeometry = {
      frame: [200, 200],
      flagged: true,
      score: 1,
      folds: [
        {
          line,
          halfWidths: line.map(() => 4),
          pull: [
            { a: 10, s: 0.05 },
            { a: 10, s: 0.05 },
          ],
          score: 1,
        },
      ],
    };
    // A pixel 30 px outside the arc at 45°: its source lies on the same ray, nearer the arc.
    const r = 130 / Math.SQRT2;
    const field = foldField(arc, { x: Math.round(r), y: Math.round(r), width: 1, height: 1 });
    const [fx, fy] = [field.fx[0], field.fy[0]];
    expect(fx).toBeLessThan(0);
    expect(Math.abs(fx - fy)).toBeLessThan(0.3);
    const D = Math.hypot(Math.round(r), Math.round(r)) - 100;
    const u = (D - 4 - 10) / (1 - 0.05);
    expect(Math.hypot(fx, fy)).toBeCloseTo(D - 4 - u, 1);
  });

  test('influence: blocks farther than the reach are untouched, nearer ones are', () => {
    const reach = foldReach(straight.folds[0]);
    expect(reach).toBeCloseTo(6 + 24 / 0.04);
    const tight: SectionGeometry = {
      ...straight,
      folds: [
        {
          ...straight.folds[0],
          pull: [
            { a: 5, s: 0.1 },
            { a: 5, s: 0.1 },
          ],
        },
      ],
    };
    // Reach 6 + 50 = 56 px: a block 80 px from the line is clean, unless the margin covers the gap.
    const far = { x: 100, y: 0, width: 10, height: 10 };
    expect(influences(tight, far, 0)).toBe(false);
    expect(influences(tight, far, 40)).toBe(true);
    expect(foldField(tight, far).changed).toBe(false);
    expect(influences(tight, { x: 90, y: 60, width: 10, height: 10 }, 0)).toBe(true);
    expect(influences({ ...tight, flagged: false }, { x: 90, y: 60, width: 10, height: 10 }, 0)).toBe(false);
  });

  test("a branch after the fold it leaves: the simulator's composed flow, its end's pull going on round it", () => {
    // The main fold first; then a branch from the main fold's centre line up and out of the frame
    // (its pull moves the main band, and past its end it pulls radially, as the simulator's).
    const main: CurveFold = {
      line: [
        [-400, 90],
        [600, 100],
      ],
      L: [5, 5],
      pull: [12, 12],
      s: 0.05,
      bandGain: 0,
    };
    const branch: CurveFold = {
      line: [
        [100, 95],
        [160, -400],
      ],
      L: [4, 4],
      pull: [9, 9],
      s: 0.03,
      bandGain: 0,
    };
    const truth = simulateShape(makeGray(200, 160), { folds: [main, branch] }).flow;
    const geometry: SectionGeometry = {
      frame: [200, 160],
      flagged: true,
      score: 1,
      folds: [simulatedCurve(main, ['edge', 'edge']), simulatedCurve(branch, ['junction', 'edge'])],
    };
    const field = foldField(geometry, { x: 0, y: 0, width: 200, height: 160 });
    const errors: number[] = [];
    let disagree = 0;
    for (let i = 0; i < truth.valid.length; i++) {
      if (field.lost[i] !== 1 - truth.valid[i]) disagree++;
      else if (truth.valid[i]) errors.push(Math.hypot(field.fx[i] - truth.fx[i], field.fy[i] - truth.fy[i]));
    }
    // The simulator chains its flows on the pixel grid (bilinear between pixels): the two agree to
    // a small fraction of a pixel, and on lost pixels but for a few on the strips' edges.
    expect(disagree).toBeLessThan(0.01 * truth.valid.length);
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(0.01);
    // Below the junction, across the main band: pulled up towards the branch's end as well.
    const below = 130 * 200 + 100;
    expect(truth.valid[below]).toBe(1);
    expect(Math.abs(field.fy[below] - truth.fy[below])).toBeLessThan(0.05);
    const mainAlone = foldField({ ...geometry, folds: [geometry.folds[0]] }, { x: 0, y: 0, width: 200, height: 160 });
    expect(Math.abs(field.fy[below] - mainAlone.fy[below])).toBeGreaterThan(1);
  });

  test.each([
    ['film', (L: number) => 24 - L],
    ['width', (L: number) => 1.5 * L],
  ])('a band that narrows along the fold, its pull varying the %s way: the simulator’s flow', (along, pullOf) => {
    const L = [12, 7, 3];
    const fold: CurveFold = {
      line: [
        [-300, 40],
        [100, 80],
        [500, 120],
      ],
      L,
      pull: L.map(pullOf),
      s: 0.04,
      bandGain: 0,
    };
    const truth = simulateShape(makeGray(200, 160), { folds: [fold] }).flow;
    const curve = simulatedCurve(fold, ['edge', 'edge']);
    expect(curve.pullAlong).toBe(along);
    const geometry: SectionGeometry = { frame: [200, 160], flagged: true, score: 1, folds: [curve] };
    const field = foldField(geometry, { x: 0, y: 0, width: 200, height: 160 });
    const even = foldField(
      { ...geometry, folds: [{ ...curve, pullAlong: 'even' }] },
      { x: 0, y: 0, width: 200, height: 160 },
    );
    let disagree = 0,
      disagreeEven = 0,
      worst = 0;
    for (let i = 0; i < truth.valid.length; i++) {
      if (field.lost[i] !== 1 - truth.valid[i]) disagree++;
      if (even.lost[i] !== 1 - truth.valid[i]) disagreeEven++;
      if (truth.valid[i] && !field.lost[i])
        worst = Math.max(worst, Math.hypot(field.fx[i] - truth.fx[i], field.fy[i] - truth.fy[i]));
    }
    expect(worst).toBeLessThan(0.05);
    // The simulator reads L and the pull at the nearest vertex's stretch as the field does.
    expect(disagree).toBeLessThan(0.002 * truth.valid.length);
    expect(disagreeEven).toBeGreaterThan(10 * (disagree + 10));
    // The reach and the largest shift count the pull where it is largest.
    expect(foldReach(curve)).toBeCloseTo(Math.max(...L.map((l) => l + pullOf(l) / fold.s)), 6);
  });

  test('a fold ending in the tissue changes nothing past its fade; an edge end runs on', () => {
    // Half of the straight fold, ending at its midpoint (100, 75.25) inside the frame.
    const [a, b] = straight.folds[0].line;
    const mid: [number, number] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    const half = (ends?: ['edge' | 'free', 'edge' | 'free']): SectionGeometry => ({
      ...straight,
      folds: [{ ...straight.folds[0], line: [a, mid], ...(ends ? { ends } : {}) }],
    });
    const rect = { x: 0, y: 0, width: 200, height: 160 };
    const free = foldField(half(['edge', 'free']), rect);
    const ray = foldField(half(), rect);
    // On the line beyond the end (150, 97.6): band for the ray, untouched for the free end.
    const i = 98 * 200 + 150;
    expect(ray.band[i]).toBe(1);
    expect(free.band[i] + free.lost[i] + Math.abs(free.fx[i]) + Math.abs(free.fy[i])).toBe(0);
    // Before the end both are the straight fold.
    const j = 50 * 200 + 50;
    expect(free.lost[j]).toBe(ray.lost[j]);
    expect(free.fx[j]).toBe(ray.fx[j]);
    // The free end's influence stops short of blocks the ray reaches.
    const beyond = { x: 170, y: 110, width: 20, height: 20 };
    expect(influences(half(), beyond, 0)).toBe(true);
    expect(
      influences(
        {
          ...half(['edge', 'free']),
          folds: [
            {
              ...half(['edge', 'free']).folds[0],
              pull: [
                { a: 5, s: 0.1 },
                { a: 5, s: 0.1 },
              ],
            },
          ],
        },
        beyond,
        0,
      ),
    ).toBe(false);
  });

  test('geometryInFrame: the field of a coarser scale is the fine one, scaled', () => {
    const fine = foldField(straight, { x: 0, y: 0, width: 200, height: 160 });
    const coarse = foldField(geometryInFrame(straight, 100, 80), { x: 0, y: 0, width: 100, height: 80 });
    // Coarse pixel (x, y) covers fine pixels 2x..2x+1: its centre is at fine (2x + 0.5, 2y + 0.5).
    let worst = 0;
    for (let y = 5; y < 75; y += 7) {
      for (let x = 5; x < 95; x += 7) {
        const c = coarse.fx[y * 100 + x];
        const f = (fine.fx[2 * y * 200 + 2 * x] + fine.fx[(2 * y + 1) * 200 + 2 * x + 1]) / 2;
        if (coarse.lost[y * 100 + x] || fine.lost[2 * y * 200 + 2 * x]) continue;
        worst = Math.max(worst, Math.abs(2 * c - f));
      }
    }
    expect(worst).toBeLessThan(0.1);
  });

  test('sourceRect holds every pixel the warp samples; borderSourceRect bounds it from the border alone', () => {
    // Two crossing folds, undone in order, and a 30 px pull: sources move up to ~50 px.
    const second = straightFoldGeometry([200, 160], { from: [120, 0], to: [60, 159], L: 4, a: 20, s: 0.1 });
    const two: SectionGeometry = { ...straight, folds: [straight.folds[0], second.folds[0]] };
    for (const geometry of [straight, two]) {
      for (const [x, y] of [
        [0, 0],
        [64, 32],
        [100, 60],
        [150, 100],
      ]) {
        const rect = { x, y, width: 48, height: 56 };
        const field = foldField(geometry, rect);
        const src = sourceRect(field);
        for (let j = 0; j < rect.height; j++) {
          for (let i = 0; i < rect.width; i++) {
            const k = j * rect.width + i;
            if (field.lost[k]) continue;
            const [sx, sy] = [Math.floor(x + i + field.fx[k]), Math.floor(y + j + field.fy[k])];
            expect(sx >= src.x && sx + 1 < src.x + src.width && sy >= src.y && sy + 1 < src.y + src.height).toBe(true);
          }
        }
        const bound = borderSourceRect(geometry, rect);
        expect(bound.x).toBeLessThanOrEqual(src.x);
        expect(bound.y).toBeLessThanOrEqual(src.y);
        expect(bound.x + bound.width).toBeGreaterThanOrEqual(src.x + src.width);
        expect(bound.y + bound.height).toBeGreaterThanOrEqual(src.y + src.height);
      }
    }
    // Sources lie towards the fold: a block the fold crosses reads about itself, not itself grown
    // by the largest pull (24 px) on every side.
    const crossed = sourceRect(foldField(straight, { x: 80, y: 40, width: 60, height: 60 }));
    expect(crossed.width * crossed.height).toBeLessThan((60 + 24) * (60 + 24));
  });
});
