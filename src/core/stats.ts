/** Medians shared by detection, the baselines and the benches. */

/**
 * The middle element of the sorted values: for an even count the upper of the two middle ones (no
 * averaging, so the result is always one of the values). NaN for no values.
 */
export function median(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[sorted.length >> 1];
}

/**
 * Median grey level through a 256-bin histogram (linear time): the lowest integer level v with at
 * least half the values at or below v + 1 (values are truncated to their integer level, clamped to
 * 0..255). With `indices`, only the values at those positions count. 0 for no values.
 */
export function greyMedian(values: ArrayLike<number>, indices?: ArrayLike<number>): number {
  const hist = new Uint32Array(256);
  const bin = (v: number): number => Math.max(0, Math.min(255, v | 0));
  const n = indices === undefined ? values.length : indices.length;
  if (indices === undefined) for (let i = 0; i < n; i++) hist[bin(values[i])]++;
  else for (let k = 0; k < n; k++) hist[bin(values[indices[k]])]++;
  for (let v = 0, acc = 0; v < 256; v++) {
    acc += hist[v];
    if (2 * acc >= n) return v;
  }
  return 255;
}

/** 0 at or below `lo`, 1 at or above `hi`, linear between: a soft threshold for detection scores. */
export function ramp(v: number, lo: number, hi: number): number {
  return Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
}
