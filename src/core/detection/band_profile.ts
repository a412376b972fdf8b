/**
 * Band edges from the cross-profile of the thresholded mask. Inside the band nearly every pixel is
 * dark; beyond its edge only anatomy is (a membrane, the pulled tissue beside the fold), and the
 * per-pixel threshold glues such blobs to the band. Walking outward from the centre line, each side
 * of each stretch of the band ends where the dark share falls below half of what it is at the line.
 */
import { type Point, segmentProjection, type SegmentProjection } from './polyline.js';

/** Fewer pixels than this at one distance say nothing about the edge. */
const MIN_COUNT = 4;
/** Distances next to the centre line that measure the band's own dark share. */
const INNER_BINS = 3;
/** Below this dark share next to the centre line, the line is not on the band here. */
const MIN_INNER = 0.5;

interface Place {
  /** Signed distance to the nearest centre line and position along it. */
  side: number;
  dist: number;
  along: number;
  fold: number;
}

const scratch: SegmentProjection = { d2: 0, along: 0, side: 0 };

function nearest(lines: readonly Point[][], cums: Float64Array[], x: number, y: number, out: Place): void {
  out.dist = Infinity;
  for (let f = 0; f < lines.length; f++) {
    const line = lines[f];
    for (let s = 0; s + 1 < line.length; s++) {
      segmentProjection(line[s], line[s + 1], x, y, scratch);
      const d = Math.sqrt(scratch.d2);
      if (d < out.dist) {
        out.dist = d;
        out.side = scratch.side;
        out.along = cums[f][s] + scratch.along;
        out.fold = f;
      }
    }
  }
}

/**
 * Clears the mask pixels of `region` that lie beyond the band edge found on their side of the
 * centre line, edge measured per `stretch` pixels along it.
 */
export function trimToBand(
  mask: Uint8Array,
  width: number,
  region: Int32Array,
  lines: readonly Point[][],
  stretch: number,
): void {
  const cums = lines.map((line) => {
    const cum = new Float64Array(line.length);
    for (let s = 1; s < line.length; s++)
      cum[s] = cum[s - 1] + Math.hypot(line[s][0] - line[s - 1][0], line[s][1] - line[s - 1][1]);
    return cum;
  });
  const places = region.length;
  const dist = new Float32Array(places),
    key = new Int32Array(places);
  const p: Place = { side: 0, dist: 0, along: 0, fold: 0 };
  let maxDist = 0;
  const offsets = [0];
  for (const cum of cums) offsets.push(offsets[offsets.length - 1] + Math.ceil(cum[cum.length - 1] / stretch) + 1);
  for (let k = 0; k < places; k++) {
    const i = region[k];
    const x = i % width;
    nearest(lines, cums, x, (i - x) / width, p);
    dist[k] = p.dist;
    key[k] = 2 * (offsets[p.fold] + Math.floor(p.along / stretch)) + p.side;
    maxDist = Math.max(maxDist, p.dist);
  }
  const nd = Math.ceil(maxDist) + 1,
    nKeys = 2 * offsets[offsets.length - 1];
  const total = new Uint32Array(nKeys * nd),
    dark = new Uint32Array(nKeys * nd);
  for (let k = 0; k < places; k++) {
    const b = key[k] * nd + Math.floor(dist[k]);
    total[b]++;
    dark[b] += mask[region[k]];
  }
  const edge = new Float32Array(nKeys).fill(nd);
  for (let q = 0; q < nKeys; q++) {
    // The band's own dark share (≈1 for a black band, less for a textured real one) sets the bar.
    let inner = 0,
      seen = 0,
      d = 0;
    for (; d < nd && seen < INNER_BINS; d++) {
      const n = total[q * nd + d];
      if (n < MIN_COUNT) continue;
      inner = Math.max(inner, dark[q * nd + d] / n);
      seen++;
    }
    // A stretch where the centre line misses the band says nothing about its edge: leave it.
    if (inner < MIN_INNER) continue;
    for (d = 0; d < nd; d++) {
      const n = total[q * nd + d];
      if (n >= MIN_COUNT && dark[q * nd + d] < 0.5 * inner * n) {
        edge[q] = d;
        break;
      }
    }
  }
  for (let k = 0; k < places; k++) if (Math.floor(dist[k]) >= edge[key[k]]) mask[region[k]] = 0;
}
