/** Folds and padding at the image frame: corner cuts, bands along a border, padding in z±1. */
import { alongFrame, detectFolds } from '../../../src/core/detection/index.js';
import { type GrayImage, makeGray } from '../../../src/core/image.js';
import { fold, iou, plainTissue, SIZE } from './fixtures.js';

/** The section with black padding in a wedge along the top, `depth0` deep at the left, `depth1` at the right. */
function padTop(section: GrayImage, depth0: number, depth1: number): GrayImage {
  const data = section.data.slice();
  for (let x = 0; x < SIZE; x++)
    for (let y = 0; y < depth0 + ((depth1 - depth0) * x) / SIZE; y++) data[y * SIZE + x] = 0;
  return makeGray(SIZE, SIZE, data);
}

describe('alongFrame', () => {
  it('takes a strip along a border for the frame, a band crossing a border at right angles not', () => {
    // 512 × 20 strip on the top border.
    expect(alongFrame({ minX: 0, maxX: 511, minY: 0, maxY: 19, border: [512, 20, 0, 20] })).toBe(true);
    // 20 px wide band from the top border to the bottom: it touches both over its whole width.
    expect(alongFrame({ minX: 200, maxX: 219, minY: 0, maxY: 511, border: [20, 0, 20, 0] })).toBe(false);
    // Band along the top, reaching the right border over its whole (small) depth.
    expect(alongFrame({ minX: 0, maxX: 255, minY: 0, maxY: 19, border: [197, 20, 0, 4] })).toBe(false);
  });
});

describe('detectFolds at the image frame', () => {
  // Featureless tissue: the band cannot merge with anatomy into a component that looks otherwise.
  const section = plainTissue(1);
  const neighbours = [plainTissue(2), plainTissue(3)];

  it('flags a black band crossing from the top border straight down to the bottom', () => {
    const { degraded, mask } = fold(section, { x0: 356, y0: 0, x1: 357, y1: SIZE - 1, L: 11, F: 62 });
    const result = detectFolds(degraded);
    expect(result.flagged).toBe(true);
    expect(iou(result.mask, mask)).toBeGreaterThanOrEqual(0.8);
  });

  it('flags a fold that only cuts a corner (a quarter of the side long)', () => {
    const { degraded, mask } = fold(section, { x0: 118, y0: SIZE - 1, x1: 0, y1: 467, L: 16, F: 45 });
    const result = detectFolds(degraded);
    expect(result.flagged).toBe(true);
    expect(iou(result.mask, mask)).toBeGreaterThanOrEqual(0.8);
  });

  it('flags a band along most of the top border that ends on the right border', () => {
    const { degraded, mask } = fold(section, { x0: SIZE - 1, y0: 24, x1: 137, y1: 0, L: 15, F: 66 });
    const result = detectFolds(degraded);
    expect(result.flagged).toBe(true);
    expect(iou(result.mask, mask)).toBeGreaterThanOrEqual(0.8);
  });

  it('flags a black band lying along a border when the neighbours show tissue there', () => {
    const { degraded, mask } = fold(section, { x0: 500, y0: 0, x1: 0, y1: 10, L: 12, F: 40 });
    // Alone, it is the picture of black padding along the frame.
    expect(detectFolds(degraded).flagged).toBe(false);
    const result = detectFolds(degraded, { neighbours });
    expect(result.flagged).toBe(true);
    expect(iou(result.mask, mask)).toBeGreaterThanOrEqual(0.8);
    expect(result.paddingMask).toBeUndefined();
  });

  it('keeps padding that the neighbours share as padding (the frame drifts a little)', () => {
    const padded = padTop(section, 10, 40);
    const result = detectFolds(padded, { neighbours: [padTop(neighbours[0], 6, 36), padTop(neighbours[1], 14, 44)] });
    expect(result.flagged).toBe(false);
    expect(result.paddingMask!.data[25 * SIZE + 500]).toBe(1);
    // The same padding with tissue in the neighbours is the picture of a fold band along the border.
    expect(detectFolds(padded, { neighbours }).flagged).toBe(true);
  });

  it("keeps a rotated frame's padding, tapering to nothing along the border, even with tissue in z±1", () => {
    // Like the real DOLW7_0: 1 px deep at the left, 9 px at the right; a fold band never tapers so.
    const result = detectFolds(padTop(section, 1, 9), { neighbours });
    expect(result.flagged).toBe(false);
    expect(result.paddingMask!.data[3 * SIZE + 480]).toBe(1);
  });
});
