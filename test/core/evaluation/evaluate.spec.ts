import { join } from 'node:path';
import { baselineRegistry, degradedMethod } from '../../../src/core/baselines/index.js';
import { isSffError } from '../../../src/core/errors.js';
import {
  drawCases,
  evaluate,
  formatReport,
  meanStd,
  resolveMethods,
  targetSections,
} from '../../../src/core/evaluation/index.js';
import { makeGray, type GrayImage } from '../../../src/core/image.js';
import { cropGray } from '../../../src/core/metrics/index.js';
import type { RestorationMethod } from '../../../src/core/restoration_method.js';
import { makeRng } from '../../../src/core/rng.js';
import { bandPixelCount } from '../../../src/core/simulation/index.js';
import { readGrayPng } from '../../../src/io/png.js';
import { thrown } from '../../errors.js';

function noise(w: number, h: number, seed: number): GrayImage {
  const rng = makeRng(seed);
  return makeGray(
    w,
    h,
    Uint8Array.from({ length: w * h }, () => rng.int(40, 220)),
  );
}

describe('case drawing', () => {
  it('targets only sections with both neighbours, within the range', () => {
    expect(targetSections(5)).toEqual([1, 2, 3]);
    expect(targetSections(20, [15, 25])).toEqual([15, 16, 17, 18]);
    expect(targetSections(20, new Set([19, 7, 3, 0]))).toEqual([3, 7]);
    expect(() => targetSections(2)).toThrow(/at least 3/);
    expect(
      isSffError(
        thrown(() => targetSections(5, [4, 9])),
        'EvaluationError',
      ),
    ).toBe(true);
  });

  it('is reproducible and keeps crops and bands inside the scored region', () => {
    const opts = { cases: 40, seed: 5, crop: 48, border: 6, sections: [2, 3] as [number, number] };
    const cases = drawCases(6, 100, 80, opts);
    expect(drawCases(6, 100, 80, opts)).toEqual(cases);
    for (const c of cases) {
      if (!('params' in c)) throw new Error('a straight case was expected');
      expect([2, 3]).toContain(c.section);
      expect(c.region.x + c.region.width).toBeLessThanOrEqual(100);
      expect(c.region.y + c.region.height).toBeLessThanOrEqual(80);
      // Shifted back into the inner 36² region, the band still covers ≥ 100 px there.
      const inner = { ...c.params, x0: c.params.x0 - 6, y0: c.params.y0 - 6, x1: c.params.x1 - 6, y1: c.params.y1 - 6 };
      expect(bandPixelCount(inner, 36, 36)).toBeGreaterThanOrEqual(100);
    }
  });

  it('draws shapes of one family on the scored part, shifted into the crop', () => {
    const opts = { cases: 12, seed: 8, crop: 96, border: 10, shape: 'multi' as const };
    const cases = drawCases(6, 200, 200, opts);
    expect(drawCases(6, 200, 200, opts)).toEqual(cases);
    for (const c of cases) {
      if (!('shape' in c)) throw new Error('a shape case was expected');
      expect(c.shape.folds.length).toBeGreaterThanOrEqual(2);
      // Each multi fold crosses the 76² scored part; its middle vertex lies inside it.
      for (const fold of c.shape.folds) {
        const [mx, my] = fold.line[fold.line.length >> 1];
        expect(Math.min(mx, my)).toBeGreaterThanOrEqual(10);
        expect(Math.max(mx, my)).toBeLessThanOrEqual(86);
      }
    }
  });

  it('rejects crops and borders that do not fit', () => {
    expect(() => drawCases(5, 64, 64, { cases: 1, seed: 0, crop: 65 })).toThrow(/does not fit/);
    expect(() => drawCases(5, 64, 64, { cases: 1, seed: 0, border: 30 })).toThrow(/border/);
    expect(() => drawCases(5, 64, 64, { cases: 0, seed: 0 })).toThrow(/positive integer/);
  });
});

describe('evaluate', () => {
  const stack = [0, 1, 2, 3].map((z) => noise(64, 64, z));

  it('scores every method and never shows them the clean section', async () => {
    const seen: GrayImage[] = [];
    const spy: RestorationMethod = {
      name: 'spy',
      async restore(input) {
        seen.push(input.damaged, input.prev!, input.next!);
        return input.damaged;
      },
    };
    const methods = [...(await resolveMethods(baselineRegistry(), ['degraded', 'sub', 'interp'])), spy];
    const report = await evaluate(stack, methods, { cases: 6, seed: 2, crop: 32, border: 2 });
    expect(Object.keys(report.methods)).toEqual(['degraded', 'sub', 'interp', 'spy']);
    expect(report).toMatchObject({ n: 6, crop: 32, border: 2, seed: 2, sections: [1, 2] });
    expect(report.methods.spy.psnr).toEqual(report.methods.degraded.psnr);
    expect(report.methods.spy.ssim).toEqual(report.methods.degraded.ssim);
    // Independent noise neighbours: the mean of two is closer than one (lower variance).
    expect(report.methods.interp.psnr.mean).toBeGreaterThan(report.methods.sub.psnr.mean);
    expect(seen.every((img) => img.width === 32 && img.height === 32)).toBe(true);
    const num = String.raw`-?\d+\.\d+ ± \d+\.\d+`;
    expect(formatReport(report)).toMatch(
      new RegExp(String.raw`\| interp \| ${num} \| ${num} \| ${num} \| ${num} \| \d+\.\d \|`),
    );
    expect(formatReport(report)).not.toMatch(/VOI/);
  });

  it('reports progress and stops when aborted', async () => {
    const progress: number[] = [];
    await evaluate(stack, [], { cases: 3, seed: 1, crop: 16 }, { onProgress: (d) => progress.push(d) });
    expect(progress).toEqual([1, 2, 3]);
    await expect(evaluate(stack, [], { cases: 3, seed: 1 }, { signal: AbortSignal.abort() })).rejects.toThrow();
  });

  it('adds the oracle row on request: true parameters, far above the damaged input', async () => {
    const raw = join(import.meta.dirname, '..', '..', '..', 'data', 'gerhard2013', 'raw');
    const region = { x: 200, y: 500, width: 96, height: 96 };
    const gerhard = ['10', '11', '12'].map((z) => cropGray(readGrayPng(join(raw, `${z}.png`)), region));
    const report = await evaluate(gerhard, [degradedMethod], { cases: 4, seed: 3, oracle: true });
    expect(Object.keys(report.methods)).toEqual(['degraded', 'oracle']);
    expect(report.methods.oracle.psnr.mean).toBeGreaterThan(report.methods.degraded.psnr.mean + 3);
    const impostor = { ...degradedMethod, name: 'oracle' };
    await expect(evaluate(gerhard, [impostor], { cases: 1, seed: 0, oracle: true })).rejects.toThrow(/share a name/);
  });

  it('scores shape cases with their own flow: the oracle inverts curved folds too', async () => {
    const raw = join(import.meta.dirname, '..', '..', '..', 'data', 'gerhard2013', 'raw');
    const region = { x: 200, y: 400, width: 160, height: 160 };
    const gerhard = ['10', '11', '12'].map((z) => cropGray(readGrayPng(join(raw, `${z}.png`)), region));
    const methods = await resolveMethods(baselineRegistry(), ['degraded', 'interp']);
    for (const shape of ['arc', 'branch'] as const) {
      const report = await evaluate(gerhard, methods, { cases: 3, seed: 6, oracle: true, shape });
      expect(report.shape).toBe(shape);
      expect(report.methods.oracle.psnr.mean).toBeGreaterThan(report.methods.degraded.psnr.mean + 3);
      expect(report.methods.oracle.strip.psnr.mean).toBeCloseTo(report.methods.interp.strip.psnr.mean, 9);
      expect(formatReport(report)).toContain(`${shape} folds`);
    }
  });

  it('scores the lost strip: the oracle fills it with the mean of z ± 1, as interp does everywhere', async () => {
    const raw = join(import.meta.dirname, '..', '..', '..', 'data', 'gerhard2013', 'raw');
    const region = { x: 300, y: 300, width: 96, height: 96 };
    const gerhard = ['10', '11', '12'].map((z) => cropGray(readGrayPng(join(raw, `${z}.png`)), region));
    const methods = await resolveMethods(baselineRegistry(), ['degraded', 'sub', 'interp']);
    const report = await evaluate(gerhard, methods, { cases: 5, seed: 4, oracle: true });
    const { oracle, interp, sub, degraded } = report.methods;
    expect(oracle.strip.psnr.mean).toBeCloseTo(interp.strip.psnr.mean, 9);
    // outside the strip the oracle is far better than interp, inside it the same
    expect(oracle.psnr.mean).toBeGreaterThan(interp.psnr.mean + 1);
    // one real section is as sharp as tissue, the mean of two is not
    expect(sub.strip.sharpness.mean).toBeGreaterThan(0.8);
    expect(interp.strip.sharpness.mean).toBeLessThan(sub.strip.sharpness.mean - 0.1);
    // the black band covers part of the strip (its edges are sharp: sharpness alone is not quality)
    expect(degraded.strip.psnr.mean).toBeLessThan(interp.strip.psnr.mean);
  });

  it('segments every restoration and the clean section with the membrane model', async () => {
    // cells: bright squares on a dark 1-px grid; labels say exactly that
    const W = 48;
    const cells = (shift: number) =>
      makeGray(
        W,
        W,
        Uint8Array.from({ length: W * W }, (_, i) =>
          ((i % W) + shift) % 8 === 0 || Math.floor(i / W) % 8 === 0 ? 20 : 220,
        ),
      );
    const images = [0, 0, 0].map(cells);
    const labels = images.map((img) =>
      makeGray(
        W,
        W,
        img.data.map((v) => (v < 100 ? 0 : 255)),
      ),
    );
    const membranes = async (img: GrayImage) => Float32Array.from(img.data, (v) => (v < 100 ? 1 : 0));
    const methods = await resolveMethods(baselineRegistry(), ['degraded', 'sub']);
    const report = await evaluate(images, methods, {
      cases: 3,
      seed: 1,
      segmentation: { labels, membranes },
    });
    expect(report.segmentationFloor).toEqual({ voi: { mean: 0, std: 0 }, arand: { mean: 0, std: 0 } });
    // the neighbours are identical to the truth here: sub restores perfectly, the fold does not
    expect(report.methods.sub.segmentation?.voi.mean).toBe(0);
    expect(report.methods.degraded.segmentation!.voi.mean).toBeGreaterThan(0.1);
    expect(report.methods.degraded.segmentation!.arand.mean).toBeGreaterThan(0.01);
    expect(formatReport(report)).toMatch(/VOI \(bits\) \| adapted Rand/);
    await expect(
      evaluate(images, methods, { cases: 1, seed: 1, segmentation: { labels: labels.slice(1), membranes } }),
    ).rejects.toThrow(/2 label sections for a stack of 3/);
  });

  it('refuses mixed sizes and unknown methods', async () => {
    await expect(evaluate([...stack, noise(32, 64, 9)], [], { cases: 1, seed: 0 })).rejects.toThrow(
      /section 4 is 32×64/,
    );
    await expect(resolveMethods(baselineRegistry(), ['sub', 'sepconv'])).rejects.toThrow(/unknown method sepconv/);
  });
});

describe('meanStd', () => {
  it('uses the population standard deviation', () => {
    expect(meanStd([1, 3])).toEqual({ mean: 2, std: 1 });
  });
});
