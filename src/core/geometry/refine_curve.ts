/**
 * A curved fold's centre line and half-widths refined from the damaged section's own
 * cross-profiles: the detector's polyline comes from a coarse grid (a few vertices, pixels off the
 * band's centre) and its width is one number measured on a generous mask, while every pulled
 * pixel of the unfolding is placed relative to that line and width. Across the band the section is
 * dark; its edges, where the profile climbs halfway back to the tissue's level, give the centre
 * and the half-width at each station along the curve (sub-pixel). The lone straight fold has its
 * own whole-line fit (baselines/fold_geometry.ts refineBand).
 */
import type { GrayImage } from '../image.js';
import { bilinear } from '../simulation/bilinear.js';
import { resample } from '../simulation/curve_paths.js';
import { median } from '../stats.js';

type Point = [number, number];

/** A refined centre line with the band half-width at each vertex. */
export interface RefinedCurve {
  line: Point[];
  halfWidths: number[];
}

/** Stations along the curve this far apart (px); each profile averages a window this long. */
const STATION = 16;
/** Profile bins across the curve (px). */
const BIN = 0.5;
/**
 * The band's edge: where the profile has climbed this fraction of the way from the band's level to
 * the tissue's. The edge is sharp (about a pixel), so any level finds it; a low one is not fooled by
 * dark membranes beside the band, which halfway was (dev arcs: 16 px bands read up to 27).
 */
const EDGE_LEVEL = 0.35;
/** The band must be this much darker than the tissue beside it (fraction of the tissue's level). */
const MIN_CONTRAST = 0.2;
/**
 * A station whose centre strays this far (px) from the median of the NEIGHBOURS stations around it,
 * or whose width strays by this fraction of theirs, is an outlier: dark anatomy glued to the band
 * widens it over a few stations in a row (dev arcs: 16 px bands read 27 px over three stations).
 */
const STRAY = 1;
const STRAY_WIDTH = 0.12;
const NEIGHBOURS = 7;
/** Refined vertices closer than this (px) to the simplified line, in position and width, are dropped. */
const TOLERANCE = 0.4;

interface Station {
  x: number;
  y: number;
  nx: number;
  ny: number;
}

function stations(line: readonly Point[]): Station[] {
  const pts = resample(line, STATION);
  return pts.map(([x, y], k) => {
    const [ax, ay] = pts[Math.max(0, k - 1)],
      [bx, by] = pts[Math.min(pts.length - 1, k + 1)];
    const len = Math.hypot(bx - ax, by - ay) || 1;
    return { x, y, nx: -(by - ay) / len, ny: (bx - ax) / len };
  });
}

/** Mean of the section across the curve at a station, bin k at offset k·BIN − reach; NaN off the section. */
function crossProfile(damaged: GrayImage, st: Station, reach: number): Float64Array {
  const bins = Math.round((2 * reach) / BIN) + 1;
  const out = new Float64Array(bins);
  const tx = st.ny,
    ty = -st.nx;
  for (let k = 0; k < bins; k++) {
    const r = k * BIN - reach;
    let sum = 0,
      n = 0;
    for (let t = -STATION / 2; t < STATION / 2; t++) {
      const x = st.x + t * tx + r * st.nx,
        y = st.y + t * ty + r * st.ny;
      if (x < 0 || y < 0 || x > damaged.width - 1 || y > damaged.height - 1) continue;
      sum += bilinear(damaged, x, y);
      n++;
    }
    out[k] = n >= STATION / 2 ? sum / n : NaN;
  }
  return out;
}

/**
 * The band's edges on one profile: from its darkest bin near the centre outwards to where the
 * profile climbs past halfway between the band's level and the tissue's (linear between bins).
 */
function bandEdges(profile: Float64Array, reach: number, L: number): { centre: number; halfWidth: number } | undefined {
  if (profile.some(Number.isNaN)) return undefined;
  const at = (k: number): number => k * BIN - reach;
  const outside: number[] = [];
  profile.forEach((v, k) => {
    if (Math.abs(at(k)) > 1.5 * L + 4) outside.push(v);
  });
  if (outside.length < 8) return undefined;
  const tissue = median(outside);
  const inner = Math.max(1, L / 2);
  let darkest = -1;
  profile.forEach((v, k) => {
    if (Math.abs(at(k)) <= inner && (darkest < 0 || v < profile[darkest])) darkest = k;
  });
  const band = profile[darkest];
  if (tissue - band < MIN_CONTRAST * tissue) return undefined;
  const halfway = band + EDGE_LEVEL * (tissue - band);
  const edge = (step: 1 | -1): number | undefined => {
    for (let k = darkest; k + step >= 0 && k + step < profile.length; k += step) {
      const a = profile[k],
        b = profile[k + step];
      if (b > halfway) return at(k) + (step * BIN * (halfway - a)) / (b - a);
    }
    return undefined;
  };
  const lo = edge(-1),
    hi = edge(1);
  if (lo === undefined || hi === undefined) return undefined;
  // Sampled between pixel centres, a sharp edge crosses the level EDGE_LEVEL of a pixel's width
  // past the last band pixel, i.e. (0.5 − EDGE_LEVEL) px inside the edge on average.
  return { centre: (lo + hi) / 2, halfWidth: (hi - lo) / 2 + (0.5 - EDGE_LEVEL) };
}

/** Replaces undefined entries by linear interpolation between defined neighbours (ends: the nearest). */
function fillGaps(v: (number | undefined)[]): number[] {
  const known = v.flatMap((x, i) => (x === undefined ? [] : [i]));
  return v.map((x, i) => {
    if (x !== undefined) return x;
    const after = known.find((k) => k > i);
    const before = [...known].reverse().find((k) => k < i);
    if (before === undefined) return v[after!]!;
    if (after === undefined) return v[before]!;
    return v[before]! + ((v[after]! - v[before]!) * (i - before)) / (after - before);
  });
}

/** Drops stations that stray from the running median of their neighbours (crossings, dark anatomy). */
function dropStrays(
  values: (number | undefined)[],
  stray: (median: number) => number,
  quantile = 0.5,
): (number | undefined)[] {
  const half = (NEIGHBOURS - 1) / 2;
  return values.map((v, i) => {
    if (v === undefined) return undefined;
    const near = values.slice(Math.max(0, i - half), i + half + 1).filter((x): x is number => x !== undefined);
    near.sort((a, b) => a - b);
    const m = near[Math.floor(quantile * (near.length - 1))];
    return Math.abs(v - m) > stray(m) ? undefined : v;
  });
}

/** Douglas–Peucker over position and half-width together: indices of the vertices kept. */
function keptVertices(line: Point[], widths: number[], lo = 0, hi = line.length - 1): number[] {
  if (hi - lo < 2) return hi > lo ? [lo, hi] : [lo];
  const [ax, ay] = line[lo],
    [bx, by] = line[hi];
  const len2 = (bx - ax) ** 2 + (by - ay) ** 2;
  let worst = -1,
    worstD = TOLERANCE;
  for (let i = lo + 1; i < hi; i++) {
    const [px, py] = line[i];
    const f = len2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / len2)) : 0;
    const d = Math.max(
      Math.hypot(px - ax - f * (bx - ax), py - ay - f * (by - ay)),
      Math.abs(widths[i] - (widths[lo] + ((widths[hi] - widths[lo]) * (i - lo)) / (hi - lo))),
    );
    if (d > worstD) {
      worst = i;
      worstD = d;
    }
  }
  if (worst < 0) return [lo, hi];
  return [...keptVertices(line, widths, lo, worst).slice(0, -1), ...keptVertices(line, widths, worst, hi)];
}

/**
 * The centre line and half-widths of the band around `line` (half-width about `L`), or undefined
 * when fewer than a third of the stations show a clean band (the caller keeps the detector's).
 */
export function refineCurve(damaged: GrayImage, line: readonly Point[], L: number): RefinedCurve | undefined {
  const sts = stations(line);
  const reach = Math.ceil(2.5 * L + 10);
  const found = sts.map((st) => bandEdges(crossProfile(damaged, st, reach), reach, L));
  const centres = dropStrays(
    found.map((f) => f?.centre),
    () => STRAY,
  );
  const widths = dropStrays(
    found.map((f, i) => (centres[i] === undefined ? undefined : f?.halfWidth)),
    (m) => Math.max(STRAY, STRAY_WIDTH * m),
    // Dark anatomy only ever widens the band: compare with the narrower of the neighbours.
    0.25,
  );
  const good = widths.filter((w) => w !== undefined).length;
  if (good < Math.max(3, sts.length / 3)) return undefined;
  const keep = widths.map((w, i) => (w === undefined ? undefined : centres[i]));
  const c = fillGaps(keep),
    w = fillGaps(widths);
  const refined = sts.map(({ x, y, nx, ny }, i): Point => [x + c[i] * nx, y + c[i] * ny]);
  const kept = keptVertices(refined, w);
  return { line: kept.map((i) => refined[i]), halfWidths: kept.map((i) => Math.max(0.5, w[i])) };
}
