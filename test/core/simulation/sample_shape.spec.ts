import { makeRng } from '../../../src/core/rng.js';
import { curveField, SHAPE_FAMILIES, sampleFoldShape, validateFoldShape } from '../../../src/core/simulation/index.js';

const W = 300,
  H = 240;

/** Band pixels of one fold on the W × H grid. */
function bandPixels(fold: Parameters<typeof curveField>[0]): number {
  const f = curveField(fold, W, H);
  let n = 0;
  for (let i = 0; i < f.dist.length; i++) n += f.dist[i] < f.L[i] ? 1 : 0;
  return n;
}

describe('sampleFoldShape', () => {
  it.each(SHAPE_FAMILIES.map((f) => [f]))('draws valid %s shapes whose bands lie in the image', (family) => {
    const rng = makeRng(11);
    for (let k = 0; k < 4; k++) {
      const shape = sampleFoldShape(rng, W, H, family, { textured: k % 2 === 1 });
      expect(validateFoldShape(JSON.parse(JSON.stringify(shape)))).toEqual(shape);
      for (const fold of shape.folds) expect(bandPixels(fold)).toBeGreaterThan(100);
      const folds = shape.folds.length;
      if (family === 'multi') expect(folds).toBeGreaterThanOrEqual(2);
      else if (family === 'branch') expect(folds).toBe(2);
      else expect(folds).toBe(1);
    }
  });

  it('draws thin folds 1–3 px, varying widths, and free ends that taper to 0 inside the image', () => {
    const rng = makeRng(5);
    for (let k = 0; k < 5; k++) {
      const thin = sampleFoldShape(rng, W, H, 'thin').folds[0];
      expect(Math.min(...thin.L)).toBeGreaterThanOrEqual(1);
      expect(Math.max(...thin.L)).toBeLessThanOrEqual(3);
      const varying = sampleFoldShape(rng, W, H, 'varying').folds[0];
      expect(Math.max(...varying.L) - Math.min(...varying.L)).toBeGreaterThan(1);
      const ending = sampleFoldShape(rng, W, H, 'ending').folds[0];
      const [x, y] = ending.line[ending.line.length - 1];
      expect(x > 0 && y > 0 && x < W - 1 && y < H - 1).toBe(true);
      expect(ending.L[ending.L.length - 1]).toBeCloseTo(0, 6);
      expect(ending.pull[ending.pull.length - 1]).toBeCloseTo(0, 6);
    }
  });
});
