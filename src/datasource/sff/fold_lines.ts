/**
 * Fold centre lines as points of the volume's model space: the detector's fold polylines are pixel
 * coordinates of one section of the detection scale; Neuroglancer places that scale's voxels with
 * the chunk source's chunk-to-multiscale transform (homogeneous, column-major, rank + 1 square),
 * which also handles downsampled scales and sources whose dimensions are not x, y, z (zarr). Pure.
 */
import type { SectionFold } from './base.js';

/** Model-space coordinates of voxel (x, y, z) of the detection scale (pixel centres; channel 0). */
export function voxelToModel(transform: Float32Array, rank: number, voxel: [number, number, number]): Float32Array {
  const input = new Float64Array(rank + 1);
  // Voxel i spans [i, i + 1) in chunk coordinates; its centre is at i + 0.5, channels included.
  input.fill(0.5, 0, rank);
  input.set(
    voxel.map((v) => v + 0.5),
    0,
  );
  input[rank] = 1;
  const out = new Float32Array(rank);
  for (let row = 0; row < rank; row++) {
    let sum = 0;
    for (let col = 0; col <= rank; col++) sum += transform[col * (rank + 1) + row] * input[col];
    out[row] = sum;
  }
  return out;
}

export interface FoldLine {
  id: string;
  pointA: Float32Array;
  pointB: Float32Array;
  description: string;
}

/**
 * Each fold's centre polyline of section z as consecutive lines (Neuroglancer has no polyline
 * annotation): a curve is drawn as its chain, a branch as a chain of its own from the junction.
 */
export function foldLines(z: number, folds: readonly SectionFold[], transform: Float32Array, rank: number): FoldLine[] {
  return folds.flatMap(({ line, score }, f) =>
    line.slice(1).map(([x1, y1], s) => {
      const [x0, y0] = line[s];
      return {
        id: `sff-fold-${z}-${f}-${s}`,
        pointA: voxelToModel(transform, rank, [x0, y0, z]),
        pointB: voxelToModel(transform, rank, [x1, y1, z]),
        description: `fold ${f + 1} of ${folds.length} in section ${z} (score ${score.toFixed(2)})`,
      };
    }),
  );
}

/** The model dimension sections run along, and how section z maps onto it (model = scale·z + offset). */
export interface SectionAxis {
  dim: number;
  scale: number;
  offset: number;
}

export function sectionAxis(transform: Float32Array, rank: number): SectionAxis {
  const column = (col: number, row: number): number => transform[col * (rank + 1) + row];
  let dim = 0;
  for (let row = 1; row < rank; row++) if (Math.abs(column(2, row)) > Math.abs(column(2, dim))) dim = row;
  return { dim, scale: column(2, dim), offset: column(rank, dim) };
}

/** The model coordinate of section z's middle along the axis. */
export function sectionCentre(axis: SectionAxis, z: number): number {
  return axis.scale * (z + 0.5) + axis.offset;
}

/** The section a model coordinate along the axis falls in. */
export function sectionAt(axis: SectionAxis, coordinate: number): number {
  return Math.floor((coordinate - axis.offset) / axis.scale);
}
