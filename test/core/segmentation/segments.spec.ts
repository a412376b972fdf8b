import { makeGray } from '../../../src/core/image.js';
import { labelRegions, labelSegments, segmentsFromMembranes } from '../../../src/core/segmentation/index.js';

const distinct = (data: ArrayLike<number>): number[] => [...new Set(Array.from(data))].sort((a, b) => a - b);

describe('labelRegions', () => {
  it('joins 4-neighbours only: a diagonal step separates', () => {
    // 1 0
    // 0 1
    expect(Array.from(labelRegions(Uint8Array.from([1, 0, 0, 1]), 2, 2))).toEqual([1, 0, 0, 2]);
    expect(Array.from(labelRegions(Uint8Array.from([1, 1, 0, 1]), 2, 2))).toEqual([1, 1, 0, 1]);
    // no wrap-around from the end of a row to the start of the next
    expect(Array.from(labelRegions(Uint8Array.from([0, 1, 1, 0]), 2, 2))).toEqual([0, 1, 2, 0]);
  });
});

describe('labelSegments (ground truth)', () => {
  it('makes cells of the non-membrane classes and leaves membranes 0', () => {
    // 255 intracellular | 64 membrane | 191 mitochondrion next to 255 (one cell)
    const labels = makeGray(5, 1, Uint8Array.from([255, 255, 64, 191, 255]));
    expect(Array.from(labelSegments(labels).data)).toEqual([1, 1, 0, 2, 2]);
  });
});

describe('segmentsFromMembranes', () => {
  const W = 20,
    H = 10;
  // a vertical membrane at x = 9..10 between two cells, and a membrane speck inside the left cell
  const probability = Float32Array.from({ length: W * H }, (_, i) => {
    const x = i % W,
      y = (i - x) / W;
    if (x === 9 || x === 10) return 0.9;
    if (x === 3 && y === 3) return 0.8;
    return 0.1;
  });

  it('labels every pixel, membranes joining a neighbouring cell', () => {
    const seg = segmentsFromMembranes(probability, W, H);
    expect(distinct(seg.data)).toEqual([1, 2]);
    expect(seg.data[3 * W + 3]).toBe(seg.data[0]);
    expect(seg.data[W - 1]).not.toBe(seg.data[0]);
  });

  it('drops seeds below minArea; the threshold decides what is membrane', () => {
    // a 3-px membrane x = 8..10 with one low-probability pixel in its middle: an isolated seed of area 1
    const p = Float32Array.from({ length: W * H }, (_, i) => (i % W >= 8 && i % W <= 10 ? 0.9 : 0.1));
    p[5 * W + 9] = 0.1;
    expect(distinct(segmentsFromMembranes(p, W, H, { minArea: 1 }).data)).toEqual([1, 2, 3]);
    expect(distinct(segmentsFromMembranes(p, W, H, { minArea: 2 }).data)).toEqual([1, 2]);
    expect(distinct(segmentsFromMembranes(p, W, H, { threshold: 0.95 }).data)).toEqual([1]);
  });
});
