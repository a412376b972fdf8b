/**
 * The fold geometry of a section: what detection produces once per section and every block
 * restoration reads. Small and scale-free — a few vertices per fold — so it is cached, sent
 * between threads and machines, and written to the fold catalogue as JSON.
 *
 * Coordinates are pixels of a reference grid `frame` (the volume's base scale in catalogues); a
 * grid of another scale of the same volume converts them by the ratio of the sizes.
 */
import { SffError } from '../errors.js';

/** How far tissue beside the band was pulled: a = F − L at the band edge, decaying by s per pixel. */
export interface FoldPull {
  a: number;
  s: number;
}

/**
 * How a fold's pull varies along it, `a` being the pull where the band is widest:
 * `even` — the same all along (the default); `film` — band plus pull, F = L + a, is the same all
 * along: where the band is narrower, more of the tissue beside it went under it; `width` — in
 * proportion to the band's half-width: a fold that tapers out in the tissue takes less with it.
 */
export type PullAlong = 'even' | 'film' | 'width';

export const PULL_ALONG: readonly PullAlong[] = ['even', 'film', 'width'];

/**
 * The pull's `a` where the band's half-width is `L` (of at most `maxL` along the fold); linear in
 * L, so along a polyline it is largest at a vertex.
 */
export function pullWhere(a: number, along: PullAlong, L: number, maxL: number): number {
  return along === 'even' ? a : along === 'film' ? a + maxL - L : maxL > 0 ? (a * L) / maxL : 0;
}

/**
 * What lies past an end of the centre line: `edge` — the fold runs on out of the section (the end
 * segment extends as a ray); `free` — the fold ends in the tissue (band and pull fade out just
 * past the end vertex); `junction` — the fold ends on another fold, a branch (band and pull go
 * on round the end vertex, radially, as docs/fold-model.md's distance to a polyline's end point).
 */
export type FoldEnd = 'edge' | 'free' | 'junction';

export interface FoldCurve {
  /** Centre polyline of the band, frame pixels. */
  line: [x: number, y: number][];
  /** Band half-width L at each vertex of `line` (linear in between), frame pixels. */
  halfWidths: number[];
  /**
   * Pull on each side of the line: [right, left] of its direction of travel (signed distance
   * D < 0 and D > 0 with the normal (−dy, dx) of docs/fold-model.md).
   */
  pull: [FoldPull, FoldPull];
  /** How the pull varies along the fold (absent: `even`). */
  pullAlong?: PullAlong;
  /**
   * Damaged rims beside the band (frame pixels, default 0): their pixels are lost too, but the
   * warp still uses the band's own L — widening L instead shifts every pulled pixel by the rim.
   */
  rim?: number;
  /** Detector confidence 0..1. */
  score: number;
  /** Past the first and the last vertex (absent: both `edge`, as catalogues before free ends). */
  ends?: [FoldEnd, FoldEnd];
}

export interface SectionGeometry {
  /** Width and height of the grid the coordinates are in. */
  frame: [width: number, height: number];
  flagged: boolean;
  score: number;
  folds: FoldCurve[];
}

export class GeometryError extends SffError<'GeometryError'> {
  constructor(message: string) {
    super('GeometryError', message);
  }
}

/** The geometry in the pixels of a grid of `width` × `height` (another scale of the same section). */
export function geometryInFrame(geometry: SectionGeometry, width: number, height: number): SectionGeometry {
  const [fw, fh] = geometry.frame;
  if (fw === width && fh === height) return geometry;
  const kx = width / fw,
    ky = height / fh;
  // Pixel centres sit at integers: the centre of frame pixel i is at (i + 0.5)·k − 0.5 of the grid.
  const at = ([x, y]: [number, number]): [number, number] => [(x + 0.5) * kx - 0.5, (y + 0.5) * ky - 0.5];
  const k = Math.sqrt(kx * ky);
  return {
    ...geometry,
    frame: [width, height],
    folds: geometry.folds.map((f) => ({
      ...f,
      line: f.line.map(at),
      halfWidths: f.halfWidths.map((L) => L * k),
      pull: f.pull.map(({ a, s }) => ({ a: a * k, s })) as [FoldPull, FoldPull],
      ...(f.rim === undefined ? {} : { rim: f.rim * k }),
    })),
  };
}

/** A clean section's geometry. */
export function noFolds(width: number, height: number, score = 0): SectionGeometry {
  return { frame: [width, height], flagged: false, score, folds: [] };
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isFoldEnd = (v: unknown): v is FoldEnd => v === 'edge' || v === 'free' || v === 'junction';

/** Checks untrusted JSON (a catalogue written by another run or by hand) and returns it typed. */
export function parseGeometry(value: unknown, where: string): SectionGeometry {
  const fail = (what: string): never => {
    throw new GeometryError(`${where}: ${what}`);
  };
  const o = value as Partial<SectionGeometry> | null;
  if (typeof o !== 'object' || o === null) return fail('fold geometry must be an object');
  const frame = o.frame;
  if (!Array.isArray(frame) || frame.length !== 2 || !frame.every((v) => isNumber(v) && v > 0))
    fail('frame must be [width, height]');
  if (!Array.isArray(o.folds)) return fail('folds must be a list');
  o.folds.forEach((f: Partial<FoldCurve>, i) => {
    const name = `fold ${i}`;
    if (!Array.isArray(f.line) || f.line.length < 2) fail(`${name}: line needs at least two points`);
    if (!f.line!.every((p) => Array.isArray(p) && p.length === 2 && p.every(isNumber)))
      fail(`${name}: line points must be [x, y]`);
    if (!Array.isArray(f.halfWidths) || f.halfWidths.length !== f.line!.length || !f.halfWidths.every((L) => L > 0))
      fail(`${name}: halfWidths must give one positive width per point`);
    if (!Array.isArray(f.pull) || f.pull.length !== 2) fail(`${name}: pull must be [right, left]`);
    if (f.ends !== undefined && !(Array.isArray(f.ends) && f.ends.length === 2 && f.ends.every(isFoldEnd)))
      fail(`${name}: ends must be two of "edge", "free", "junction"`);
    for (const p of f.pull!) {
      if (!(isNumber(p?.a) && p.a >= 0 && isNumber(p?.s) && p.s > 0 && p.s < 1))
        fail(`${name}: pull needs a ≥ 0 and 0 < s < 1`);
    }
    if (f.rim !== undefined && !(isNumber(f.rim) && f.rim >= 0)) fail(`${name}: rim must be a number ≥ 0`);
    if (f.pullAlong !== undefined && !PULL_ALONG.includes(f.pullAlong))
      fail(`${name}: pullAlong must be one of ${PULL_ALONG.map((m) => `"${m}"`).join(', ')}`);
  });
  return {
    frame: [frame![0], frame![1]],
    flagged: o.flagged ?? o.folds.length > 0,
    score: isNumber(o.score) ? o.score : 1,
    folds: o.folds.map((f: FoldCurve) => ({
      line: f.line.map(([x, y]) => [x, y]),
      halfWidths: [...f.halfWidths],
      pull: [{ ...f.pull[0] }, { ...f.pull[1] }],
      ...(f.rim === undefined ? {} : { rim: f.rim }),
      ...(f.pullAlong === undefined ? {} : { pullAlong: f.pullAlong }),
      score: isNumber(f.score) ? f.score : 1,
      ...(f.ends === undefined ? {} : { ends: [f.ends[0], f.ends[1]] as [FoldEnd, FoldEnd] }),
    })),
  };
}
