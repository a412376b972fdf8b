import { readFileSync } from 'node:fs';
import { adaptedRandError, psnr, ssim, variationOfInformation } from '../../../src/core/metrics/index.js';
import { readGrayPng } from '../../../src/io/png.js';

/** Numbers computed by scikit-image on the same files: test/fixtures/metrics/make_fixture.py. */
const DIR = 'test/fixtures/metrics';
interface Expected {
  grey: Array<{ a: string; b: string; border: number; psnr: number; ssim: number }>;
  labels: Array<{
    seg: string;
    gt: string;
    voi: { split: number; merge: number };
    voi_ignore0: { split: number; merge: number };
    adapted_rand: { error: number; precision: number; recall: number };
  }>;
}
const expected = JSON.parse(readFileSync(`${DIR}/expected.json`, 'utf8')) as Expected;
const load = (name: string) => readGrayPng(`${DIR}/${name}`);

describe('PSNR and SSIM against scikit-image', () => {
  it.each(expected.grey.map((c) => [c.a, c.b, c.border, c] as const))('%s vs %s, border %d', (a, b, border, c) => {
    const region = border > 0 ? { border } : undefined;
    expect(Math.abs(psnr(load(a), load(b), 255, region) - c.psnr)).toBeLessThan(1e-3);
    expect(Math.abs(ssim(load(a), load(b), region) - c.ssim)).toBeLessThan(1e-4);
  });
});

describe('VOI and adapted Rand against scikit-image', () => {
  it.each(expected.labels.map((c) => [c.seg, c] as const))('%s', (seg, c) => {
    const s = load(seg),
      g = load(c.gt);
    const voi = variationOfInformation(s, g);
    expect(voi.split).toBeCloseTo(c.voi.split, 9);
    expect(voi.merge).toBeCloseTo(c.voi.merge, 9);
    expect(voi.total).toBeCloseTo(c.voi.split + c.voi.merge, 9);
    const voi0 = variationOfInformation(s, g, { ignoreLabels: [0] });
    expect(voi0.split).toBeCloseTo(c.voi_ignore0.split, 9);
    expect(voi0.merge).toBeCloseTo(c.voi_ignore0.merge, 9);
    const are = adaptedRandError(s, g);
    expect(are.error).toBeCloseTo(c.adapted_rand.error, 9);
    expect(are.precision).toBeCloseTo(c.adapted_rand.precision, 9);
    expect(are.recall).toBeCloseTo(c.adapted_rand.recall, 9);
  });
});
