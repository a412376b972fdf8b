/**
 * 2-D segments for the segmentation check of `sff eval`: the ground truth's from its dense labels,
 * a restoration's from a membrane probability map (seeded region growing, a cheap watershed).
 * Connectivity is 4 here (detection's components are 8-connected): a one-pixel diagonal membrane
 * must separate two cells.
 */
import type { GrayImage } from '../image.js';
import type { LabelImage } from '../metrics/index.js';

/** Dense label values 0-128 are membranes in the Gerhard 2013 labels (data/gerhard2013/README.md). */
export const MEMBRANE_MAX = 128;

/** 4-connected components of the non-zero pixels, labelled 1, 2, … (0 = background). */
export function labelRegions(foreground: Uint8Array, width: number, height: number): Uint32Array {
  const labels = new Uint32Array(width * height);
  const stack = new Int32Array(width * height);
  let next = 0;
  for (let start = 0; start < labels.length; start++) {
    if (!foreground[start] || labels[start]) continue;
    labels[start] = ++next;
    let top = 0;
    stack[top++] = start;
    while (top > 0) {
      const i = stack[--top];
      const x = i % width;
      for (const j of [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width]) {
        if (j < 0 || j >= labels.length || !foreground[j] || labels[j]) continue;
        labels[j] = next;
        stack[top++] = j;
      }
    }
  }
  return labels;
}

/** The ground truth's 2-D segments: connected non-membrane regions; membranes are 0 (ignored by the metrics). */
export function labelSegments(labels: GrayImage): LabelImage {
  const inside = labels.data.map((v) => (v > MEMBRANE_MAX ? 1 : 0));
  return { width: labels.width, height: labels.height, data: labelRegions(inside, labels.width, labels.height) };
}

export interface SegmentOptions {
  /** Pixels with membrane probability below this seed the cells (default 0.5). */
  threshold?: number;
  /** Seeds smaller than this many pixels are noise, not cells (default 16). */
  minArea?: number;
}

/**
 * Segments from a membrane probability map: the connected non-membrane regions are the seeds, and
 * every other pixel joins the seed it is reached from first in breadth-first growth through the
 * lowest-probability pixels first (a watershed on the probability, quantised to 256 levels).
 */
export function segmentsFromMembranes(
  probability: Float32Array,
  width: number,
  height: number,
  options: SegmentOptions = {},
): LabelImage {
  const threshold = options.threshold ?? 0.5;
  const minArea = options.minArea ?? 16;
  const n = width * height;
  const below = new Uint8Array(n);
  for (let i = 0; i < n; i++) below[i] = probability[i] < threshold ? 1 : 0;
  const seeds = labelRegions(below, width, height);
  const area = new Map<number, number>();
  for (const l of seeds) if (l) area.set(l, (area.get(l) ?? 0) + 1);
  const labels = seeds.map((l) => (l && (area.get(l) ?? 0) >= minArea ? l : 0));
  // Bucketed priority queue over quantised probability: pixels flood from low to high membrane-ness.
  const level = (i: number): number => Math.min(255, Math.max(0, Math.floor(probability[i] * 256)));
  const buckets: number[][] = Array.from({ length: 256 }, () => []);
  const queued = new Uint8Array(n);
  const neighbours = (i: number): number[] => {
    const x = i % width;
    return [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width].filter((j) => j >= 0 && j < n);
  };
  /** Queues the unlabelled neighbours of i, never below the level being flooded. */
  const queueAround = (i: number, floor: number): void => {
    for (const j of neighbours(i)) {
      if (labels[j] || queued[j]) continue;
      queued[j] = 1;
      buckets[Math.max(floor, level(j))].push(j);
    }
  };
  for (let i = 0; i < n; i++) if (labels[i]) queueAround(i, 0);
  for (let b = 0; b < 256; b++) {
    for (let i = buckets[b].pop(); i !== undefined; i = buckets[b].pop()) {
      // queued by a labelled neighbour, so one exists
      labels[i] = labels[neighbours(i).find((j) => labels[j] !== 0)!];
      queueAround(i, b);
    }
  }
  return { width, height, data: labels };
}
