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

  it('draws each fold as the chain of its polyline, a branch as a fold of its own', () => {
    const lines = foldLines(
      4,
      [
        {
          line: [
            [0, 0],
            [10, 0],
            [10, 6],
          ],
          score: 0.876,
        },
        {
          line: [
            [10, 0],
            [20, 5],
          ],
          score: 0.6,
        },
      ],
      xyz,
      3,
    );
    expect(lines.map((l) => l.id)).toEqual(['sff-fold-4-0-0', 'sff-fold-4-0-1', 'sff-fold-4-1-0']);
    expect([...lines[1].pointA, ...lines[1].pointB]).toEqual([21, 1, 14.5, 21, 13, 14.5]);
    // The branch starts where the first fold's chain has its vertex (the junction).
    expect([...lines[2].pointA]).toEqual([...lines[0].pointB]);
    expect(lines[0].description).toBe('fold 1 of 2 in section 4 (score 0.88)');
    expect(lines[2].description).toBe('fold 2 of 2 in section 4 (score 0.60)');
  });

  it('finds the section axis and converts between sections and model coordinates', () => {
    const axis = sectionAxis(xyz, 3);
    expect(axis).toEqual({ dim: 2, scale: 1, offset: 10 });
    expect(sectionCentre(axis, 4)).toBe(14.5);
    expect(sectionAt(axis, 14.99)).toBe(4);
    expect(sectionAxis(zyx, 3).dim).toBe(0);
  });
});
