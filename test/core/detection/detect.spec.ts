import { detectFolds } from '../../../src/core/detection/index.js';
import { isSffError } from '../../../src/core/errors.js';
import { type GrayImage, makeGray } from '../../../src/core/image.js';
import { thrown } from '../../errors.js';
import { distanceToLine, fold, gerhard, iou, SIZE } from './fixtures.js';

describe('detectFolds on simulated folds', () => {
  const section = gerhard(15);
  const black = fold(section);

  it('flags a black band, masks it with IoU ≥ 0.8 and fits segments on the true line', () => {
    const { degraded, mask, params } = black;
    const result = detectFolds(degraded);
    expect(result.flagged).toBe(true);
    expect(result.score).toBeGreaterThanOrEqual(0.5);
    expect(iou(result.mask, mask)).toBeGreaterThanOrEqual(0.8);
    const fraction = mask.data.reduce((s, v) => s + v, 0) / mask.data.length;
    expect(result.maskFraction).toBeCloseTo(fraction, 2);
    expect(result.segments.length).toBeGreaterThanOrEqual(1);
    let covered = 0;
    for (const [x0, y0, x1, y1] of result.segments) {
      expect(distanceToLine(params, x0, y0)).toBeLessThan(4);
      expect(distanceToLine(params, x1, y1)).toBeLessThan(4);
      covered += Math.hypot(x1 - x0, y1 - y0);
    }
    // The band crosses the whole section: so do the segments, nearly.
    expect(covered).toBeGreaterThan(0.9 * Math.hypot(params.x1 - params.x0, params.y1 - params.y0));
  });

  it('flags a dark textured band (bandGain 0.3) as well', () => {
    const { degraded, mask } = fold(section, { x0: 0, y0: 350, x1: SIZE - 1, y1: 125, L: 12, bandGain: 0.3 });
    const result = detectFolds(degraded);
    expect(result.flagged).toBe(true);
    expect(iou(result.mask, mask)).toBeGreaterThanOrEqual(0.8);
  });

  it('finds both of two crossing folds, one line each', () => {
    const first = fold(section, { x0: 0, y0: 100, x1: SIZE - 1, y1: 250, L: 7 });
    const second = fold(first.degraded, { x0: 300, y0: 0, x1: 120, y1: SIZE - 1, L: 10, bandGain: 0.2 });
    const result = detectFolds(second.degraded);
    expect(result.flagged).toBe(true);
    // |sin| of the angle between a segment and each fold: ~0 for some segment of each.
    const misalignment = ({ x0, y0, x1, y1 }: { x0: number; y0: number; x1: number; y1: number }): number =>
      Math.min(
        ...result.segments.map(([a, b, c, d]) => {
          const u = Math.hypot(c - a, d - b),
            v = Math.hypot(x1 - x0, y1 - y0);
          return Math.abs((c - a) * (y1 - y0) - (d - b) * (x1 - x0)) / (u * v);
        }),
      );
    expect(misalignment(first.params)).toBeLessThan(0.05);
    expect(misalignment(second.params)).toBeLessThan(0.05);
  });

  it('does not flag the fold when the neighbours show the same dark band (anatomy runs on)', () => {
    const { degraded } = black;
    expect(detectFolds(degraded, { neighbours: [degraded, degraded] }).flagged).toBe(false);
    expect(detectFolds(degraded, { neighbours: [gerhard(14)] }).flagged).toBe(true);
  });
});

describe('detectFolds on sections without folds', () => {
  it.each([4, 5, 12])('does not flag clean Gerhard section %i (thick membranes, mitochondria)', (z) => {
    const result = detectFolds(gerhard(z));
    expect(result.flagged).toBe(false);
    expect(result.score).toBeLessThan(0.5);
    expect(result.maskFraction).toBe(0);
    expect(result.segments).toEqual([]);
  });

  it('does not flag black padding along the frame, and reports it as padding', () => {
    const padded = gerhard(5);
    const data = padded.data.slice();
    // A wedge along the top, 10 px deep at the left to 40 px at the right, as a rotated frame leaves.
    for (let x = 0; x < SIZE; x++) for (let y = 0; y < 10 + (30 * x) / SIZE; y++) data[y * SIZE + x] = 0;
    const result = detectFolds(makeGray(SIZE, SIZE, data));
    expect(result.flagged).toBe(false);
    expect(result.paddingMask).toBeDefined();
    expect(result.paddingMask!.data[25 * SIZE + 500]).toBe(1);
    expect(result.paddingMask!.data[300 * SIZE + 250]).toBe(0);
  });

  it.each<[string, GrayImage]>([
    ['1×1', makeGray(1, 1)],
    ['7×5', makeGray(7, 5, new Uint8Array(35).fill(90))],
    ['constant 256²', makeGray(256, 256, new Uint8Array(256 * 256).fill(128))],
    ['all-black 256²', makeGray(256, 256)],
    ['all-white 256²', makeGray(256, 256, new Uint8Array(256 * 256).fill(255))],
    ['thin 1000×12', makeGray(1000, 12, new Uint8Array(12000).fill(140))],
  ])('handles a degenerate %s image without flagging', (_name, image) => {
    const result = detectFolds(image);
    expect(result.flagged).toBe(false);
    expect(result.mask.width).toBe(image.width);
    expect(result.mask.height).toBe(image.height);
    expect(result.mask.data.every((v) => v === 0)).toBe(true);
  });

  it('rejects options it cannot use with a tagged error', () => {
    const image = makeGray(64, 64);
    expect(
      isSffError(
        thrown(() => detectFolds(image, { minHalfWidth: 0 })),
        'DetectOptionsError',
      ),
    ).toBe(true);
    expect(() => detectFolds(image, { threshold: 2 })).toThrow(/threshold must lie in \[0, 1\]/);
    expect(() => detectFolds(image, { neighbours: [makeGray(32, 64)] })).toThrow(/neighbour is 32×64/);
  });
});
