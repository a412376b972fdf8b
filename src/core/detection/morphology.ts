/**
 * Binary morphology with disc-like structuring elements, through a chamfer (3-4) distance
 * transform: O(n) whatever the radius, and isotropic enough that a band at 45° survives an
 * opening as well as an axis-aligned one.
 */

/**
 * Chamfer distance (in pixels) from every pixel with mask ≠ 0 to the nearest pixel with mask = 0;
 * 0 on zero pixels. Outside the image does not count as zero: a band touching the border is not
 * eroded from the border side.
 */
export function distanceToBackground(mask: Uint8Array, w: number, h: number): Float32Array {
  // Integer chamfer weights (3 straight, 4 diagonal) keep the two sweeps in fast integer code.
  const big = 1 << 30;
  const d = new Int32Array(w * h);
  for (let i = 0; i < d.length; i++) d[i] = mask[i] ? big : 0;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const i = row + x;
      let v = d[i];
      if (v === 0) continue;
      let c: number;
      if (x > 0 && (c = d[i - 1] + 3) < v) v = c;
      if (y > 0) {
        if ((c = d[i - w] + 3) < v) v = c;
        if (x > 0 && (c = d[i - w - 1] + 4) < v) v = c;
        if (x < w - 1 && (c = d[i - w + 1] + 4) < v) v = c;
      }
      d[i] = v;
    }
  }
  const out = new Float32Array(w * h);
  for (let y = h - 1; y >= 0; y--) {
    const row = y * w;
    for (let x = w - 1; x >= 0; x--) {
      const i = row + x;
      let v = d[i];
      if (v !== 0) {
        let c: number;
        if (x < w - 1 && (c = d[i + 1] + 3) < v) v = c;
        if (y < h - 1) {
          if ((c = d[i + w] + 3) < v) v = c;
          if (x < w - 1 && (c = d[i + w + 1] + 4) < v) v = c;
          if (x > 0 && (c = d[i + w - 1] + 4) < v) v = c;
        }
        d[i] = v;
      }
      out[i] = v / 3;
    }
  }
  return out;
}

export function dilate(mask: Uint8Array, w: number, h: number, radius: number): Uint8Array {
  const inverse = new Uint8Array(w * h);
  for (let i = 0; i < inverse.length; i++) inverse[i] = mask[i] ? 0 : 1;
  const d = distanceToBackground(inverse, w, h);
  const out = new Uint8Array(w * h);
  for (let i = 0; i < out.length; i++) out[i] = d[i] <= radius ? 1 : 0;
  return out;
}

/**
 * Removes foreground thinner than 2·radius (membranes) and keeps the rest at its own shape. Also
 * returns the distance map of the mask, which measures the width of what is kept.
 */
export function open(
  mask: Uint8Array,
  w: number,
  h: number,
  radius: number,
): { opened: Uint8Array; distance: Float32Array } {
  const distance = distanceToBackground(mask, w, h);
  const eroded = new Uint8Array(w * h);
  for (let i = 0; i < eroded.length; i++) eroded[i] = distance[i] > radius ? 1 : 0;
  return { opened: dilate(eroded, w, h, radius), distance };
}
