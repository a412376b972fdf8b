import {
  foldLines,
  sectionAt,
  sectionAxis,
  sectionCentre,
  voxelToModel,
} from '../../../src/datasource/sff/fold_lines.js';

/** Homogeneous column-major (rank + 1)² matrix from rows. */
function columnMajor(rows: number[][]): Float32Array {
  const n = rows.length;
  const out = new Float32Array(n * n);
  rows.forEach((row, r) => row.forEach((v, c) => (out[c * n + r] = v)));
  return out;
}

// A scale downsampled 2× in x and y, offset 10 in z.
const xyz = columnMajor([
  [2, 0, 0, 0],
  [0, 2, 0, 0],
  [0, 0, 1, 10],
  [0, 0, 0, 1],
]);
// zarr order: model dims z, y, x; chunk dims x, y, z.
const zyx = columnMajor([
  [0, 0, 1, 0],
  [0, 1, 0, 0],
  [1, 0, 0, 0],
  [0, 0, 0, 1],
]);

describe('fold lines in model space', () => {
  it('places voxel centres through the chunk-to-multiscale transform', () => {
    expect([...voxelToModel(xyz, 3, [1, 2, 3])]).toEqual([3, 5, 13.5]);
    expect([...voxelToModel(zyx, 3, [1, 2, 3])]).toEqual([3.5, 2.5, 1.5]);
  });

  it('makes one line per segment with a description naming the section', () => {
    const lines = foldLines(
      4,
      0.876,
      [
        [0, 0, 10, 0],
        [10, 0, 10, 6],
      ],
      xyz,
      3,
    );
    expect(lines.map((l) => l.id)).toEqual(['sff-fold-4-0', 'sff-fold-4-1']);
    expect([...lines[1].pointA, ...lines[1].pointB]).toEqual([21, 1, 14.5, 21, 13, 14.5]);
    expect(lines[0].description).toBe('fold in section 4 (score 0.88)');
  });

  it('finds the section axis and converts between sections and model coordinates', () => {
    const axis = sectionAxis(xyz, 3);
    expect(axis).toEqual({ dim: 2, scale: 1, offset: 10 });
    expect(sectionCentre(axis, 4)).toBe(14.5);
    expect(sectionAt(axis, 14.99)).toBe(4);
    expect(sectionAxis(zyx, 3).dim).toBe(0);
  });
});
