/**
 * Which array dimension is x, y and z: by OME-Zarr `axes` names, else zarr v3 `dimension_names`,
 * else by position — (z,)y,x for the last dimensions, as EM zarr is written (C order, x fastest).
 * Any other dimension (a channel, a time point) must have size 1 and is read at index 0.
 */
import { SffError } from '../../core/errors.js';

export interface AxisMap {
  x: number;
  y: number;
  /** Absent for a 2-D array: one section. */
  z?: number;
  rank: number;
}

const fail = (where: string, why: string): never => {
  throw new SffError('ZarrFormatError', `${where}: ${why}`);
};

export function mapAxes(
  shape: readonly number[],
  names: readonly (string | null)[] | undefined,
  where: string,
): AxisMap {
  const rank = shape.length;
  if (rank < 2) fail(where, `a ${rank}-dimensional array is not an image volume (need y, x and maybe z)`);
  let map: AxisMap;
  const named = names?.map((n) => n?.toLowerCase());
  if (named !== undefined && named.length === rank && named.includes('x') && named.includes('y')) {
    const z = named.indexOf('z');
    map = { x: named.indexOf('x'), y: named.indexOf('y'), rank, ...(z >= 0 ? { z } : {}) };
  } else {
    if (named !== undefined && named.some((n) => n !== undefined && n !== null && n !== ''))
      fail(where, `axes ${JSON.stringify(names)} name no x and y`);
    map = { x: rank - 1, y: rank - 2, rank, ...(rank >= 3 ? { z: rank - 3 } : {}) };
  }
  shape.forEach((n, d) => {
    if (d !== map.x && d !== map.y && d !== map.z && n !== 1) {
      const name = named?.[d] ?? `dimension ${d}`;
      fail(where, `${name} has size ${n}; only one channel and one time point are read (size 1)`);
    }
  });
  return map;
}

/** An array shape or chunk shape as precomputed's (x, y, z); a 2-D array is one section deep. */
export function toXyz(values: readonly number[], map: AxisMap): [number, number, number] {
  return [values[map.x], values[map.y], map.z === undefined ? 1 : values[map.z]];
}
