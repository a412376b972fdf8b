/**
 * A large precomputed test volume with simulated folds and its ground truth, built section by
 * section and strip by strip (a few chunk rows in memory, whatever the section size):
 *
 *   <out>/degraded/     uint8, raw encoding as `<chunk>.gz`, 2×2×1 scales down to ≤ one chunk
 *   <out>/truth/        the same volume before folding (hard links wherever nothing changed)
 *   <out>/folds.json    every fold's true parameters in base voxel coordinates, its reach and area
 *   <out>/recipe.json   what was asked for; a rerun with the same recipe resumes, skipping files
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GrayImage, makeGray } from '../../src/core/image.js';
import { makeRng } from '../../src/core/rng.js';
import { type ChunkBox, extractChunk, slabChunks } from '../../src/io/precomputed/chunks.js';
import {
  type PrecomputedInfo,
  type SectionStack,
  type Vec3,
  chunkName,
  makeInfo,
} from '../../src/io/precomputed/index.js';
import { GzipChunkFiles, removeTemporaries } from './chunk_files.js';
import { type FoldModel, type FoldRanges, LARGE_FOLD_RANGES } from './fold_model.js';
import { FOLD_MODELS } from './fold_models.js';
import { StripPyramid } from './strip_pyramid.js';
import { TiledTissue } from './tissue.js';

export interface BigVolumeOptions {
  out: string;
  /** Section width and height in pixels. */
  size: number;
  sections: number;
  /** Clean tissue: its sections are tiled across the big ones (data/gerhard2013/raw). */
  stack: SectionStack;
  /** Sections that get a fold; default 2, 4, … up to the third-last (neighbours stay clean). */
  foldSections?: readonly number[];
  /** Fold parameters by section, instead of drawing them (same shape for all). */
  foldParams?: ReadonlyMap<number, unknown>;
  /** A name in FOLD_MODELS; default straight. */
  shape?: string;
  ranges?: FoldRanges;
  seed?: number;
  /** Chunk width and height (depth 1); default 512. */
  chunk?: number;
  /** zlib level of the chunk files; default 1 (level 6 saves ~3 % on EM and takes 3× longer). */
  gzipLevel?: number;
  /** Stack section of big section 0; default 0. */
  firstStackSection?: number;
  /** Voxel size in nm; default the Gerhard stack's 4.6 × 4.6 × 50. */
  resolution?: Vec3;
  signal?: AbortSignal;
  /** After each section: sections finished (built or found complete) of all. */
  onProgress?: (done: number, total: number) => void;
}

/** One simulated fold as folds.json lists it. */
export interface TrueFold {
  z: number;
  shape: string;
  /** In base voxel coordinates (x, y of scale 0). */
  params: unknown;
  /** Pixels farther from the fold than this are unchanged (straight: L + (F − L) / s). */
  reach: number;
  /** Pixels of the section the fold changes. */
  influencedPixels: number;
}

export interface FoldsFile {
  size: Vec3;
  resolution: Vec3;
  degraded: 'degraded';
  truth: 'truth';
  folds: TrueFold[];
}

export interface BigVolumeResult {
  degraded: string;
  truth: string;
  folds: FoldsFile;
  /** Sections found complete from an earlier run. */
  skipped: number;
  seconds: number;
}

/** The volume's tiling offset: an odd shift, so tile edges fall inside chunks. */
const TILE_OFFSET: [number, number] = [317, 651];
const DEFAULT_RESOLUTION: Vec3 = [4.6, 4.6, 50];

/** Sections 2, 4, … below the last two: every fold has two clean neighbours. */
export function defaultFoldSections(sections: number): number[] {
  const out: number[] = [];
  for (let z = 2; z <= sections - 3; z += 2) out.push(z);
  return out;
}

/** Number of scales halving x and y until a section fits one chunk. */
export function scaleCount(size: number, chunk: number): number {
  let n = 1;
  for (let s = size; s > chunk; s = Math.ceil(s / 2)) n++;
  return n;
}

function resolveShape(name: string): FoldModel<unknown> {
  const shape = FOLD_MODELS.get(name);
  if (shape === undefined)
    throw new Error(`unknown fold shape "${name}" (known: ${[...FOLD_MODELS.keys()].join(', ')})`);
  return shape;
}

interface Recipe {
  version: 1;
  size: number;
  sections: number;
  stack: { width: number; height: number; depth: number };
  chunk: number;
  gzipLevel: number;
  firstStackSection: number;
  resolution: Vec3;
  folds: TrueFold[];
}

/** An earlier output must have been made from the same recipe: then its files are reused. */
function checkEarlierOutput(out: string, recipe: Recipe): void {
  if (!existsSync(out) || readdirSync(out).length === 0) return;
  const path = join(out, 'recipe.json');
  if (!existsSync(path)) throw new Error(`${out} exists and is not a generated volume; remove it or choose another`);
  if (readFileSync(path, 'utf8') !== JSON.stringify(recipe, null, 2) + '\n') {
    throw new Error(`${out} was generated with other options; remove it to rebuild, or choose another`);
  }
}

export async function makeBigVolume(options: BigVolumeOptions): Promise<BigVolumeResult> {
  const started = performance.now();
  const { out, size, sections, stack, signal } = options;
  const chunk = options.chunk ?? 512;
  const shape = resolveShape(options.shape ?? 'straight');
  const seed = options.seed ?? 1;
  const foldSections = options.foldSections ?? defaultFoldSections(sections);
  for (const z of foldSections) {
    if (!Number.isInteger(z) || z < 0 || z >= sections)
      throw new Error(`fold section ${z} is outside 0..${sections - 1}`);
  }
  const ranges = options.ranges ?? LARGE_FOLD_RANGES;
  const folds: TrueFold[] = foldSections.map((z) => {
    const given = options.foldParams?.get(z);
    const params = given !== undefined ? shape.validate(given) : shape.draw(makeRng(seed + z), size, size, ranges);
    return {
      z,
      shape: shape.name,
      params,
      reach: shape.reach(params),
      influencedPixels: shape.influencedArea(params, size, size),
    };
  });
  const resolution = options.resolution ?? DEFAULT_RESOLUTION;
  const recipe: Recipe = {
    version: 1,
    size,
    sections,
    stack: { width: stack.width, height: stack.height, depth: stack.depth },
    chunk,
    gzipLevel: options.gzipLevel ?? 1,
    firstStackSection: options.firstStackSection ?? 0,
    resolution,
    folds,
  };
  checkEarlierOutput(out, recipe);
  const info = makeInfo(size, size, sections, {
    resolution,
    chunkSize: [chunk, chunk, 1],
    scales: scaleCount(size, chunk),
  });
  const dirs = { degraded: join(out, 'degraded'), truth: join(out, 'truth') };
  for (const dir of Object.values(dirs)) {
    for (const scale of info.scales) {
      mkdirSync(join(dir, scale.key), { recursive: true });
      removeTemporaries(join(dir, scale.key));
    }
    writeFileSync(join(dir, 'info'), JSON.stringify(info, null, 2) + '\n');
  }
  const foldsFile: FoldsFile = {
    size: [size, size, sections],
    resolution,
    degraded: 'degraded',
    truth: 'truth',
    folds,
  };
  writeFileSync(join(out, 'folds.json'), JSON.stringify(foldsFile, null, 2) + '\n');
  writeFileSync(join(out, 'recipe.json'), JSON.stringify(recipe, null, 2) + '\n');

  const tissue = new TiledTissue(stack, { first: recipe.firstStackSection, offset: TILE_OFFSET });
  const files = new GzipChunkFiles(recipe.gzipLevel);
  let skipped = 0;
  try {
    for (let z = 0; z < sections; z++) {
      signal?.throwIfAborted();
      if (sectionComplete(info, dirs, z, files)) skipped++;
      else
        await writeSection(
          info,
          dirs,
          z,
          tissue,
          shape,
          folds.find((f) => f.z === z),
          files,
          signal,
        );
      options.onProgress?.(z + 1, sections);
    }
    await files.flush();
  } finally {
    await files.settle();
  }
  return {
    ...dirs,
    folds: foldsFile,
    skipped,
    seconds: (performance.now() - started) / 1000,
  };
}

interface Dirs {
  degraded: string;
  truth: string;
}

function chunkPath(dir: string, info: PrecomputedInfo, level: number, box: ChunkBox): string {
  return join(dir, info.scales[level].key, chunkName(box));
}

function sectionComplete(info: PrecomputedInfo, dirs: Dirs, z: number, files: GzipChunkFiles): boolean {
  return info.scales.every((scale, level) =>
    [...slabChunks(scale.size, scale.chunk_sizes[0], z, z + 1)].every(
      (box) =>
        files.has(chunkPath(dirs.degraded, info, level, box)) && files.has(chunkPath(dirs.truth, info, level, box)),
    ),
  );
}

async function writeSection(
  info: PrecomputedInfo,
  dirs: Dirs,
  z: number,
  tissue: TiledTissue,
  shape: FoldModel<unknown>,
  fold: TrueFold | undefined,
  files: GzipChunkFiles,
  signal?: AbortSignal,
): Promise<void> {
  const [width, height] = info.scales[0].size;
  const [cw, ch] = info.scales[0].chunk_sizes[0];
  const emit = async (level: number, y0: number, [degraded, truth]: readonly GrayImage[]): Promise<void> => {
    const scale = info.scales[level];
    for (let x0 = 0; x0 < scale.size[0]; x0 += cw) {
      const box = { x0, x1: Math.min(x0 + cw, scale.size[0]), y0: 0, y1: degraded.height, z0: 0, z1: 1 };
      const named = { ...box, y0, y1: y0 + degraded.height, z0: z, z1: z + 1 };
      const bytes = extractChunk([degraded], box);
      const truthBytes = truth === degraded ? bytes : extractChunk([truth], box);
      await files.write(chunkPath(dirs.degraded, info, level, named), bytes, [
        { path: chunkPath(dirs.truth, info, level, named), bytes: truthBytes },
      ]);
    }
  };
  const pyramid = new StripPyramid(
    info.scales.map((s) => [s.size[0], s.size[1]] as const),
    ch,
    emit,
  );
  for (let y0 = 0; y0 < height; y0 += ch) {
    signal?.throwIfAborted();
    const rows = Math.min(ch, height - y0);
    const clean = tissue.region(z, 0, y0, width, rows);
    const degraded = fold === undefined ? clean : foldStrip(clean, y0, { z, width, height }, tissue, shape, fold, cw);
    await pyramid.push([degraded, clean]);
  }
}

/**
 * The strip's damaged pixels: each chunk the fold touches is degraded from the clean tissue
 * around it (its read margin, clipped where the section ends as the whole-section model clamps).
 */
function foldStrip(
  clean: GrayImage,
  y0: number,
  section: { z: number; width: number; height: number },
  tissue: TiledTissue,
  shape: FoldModel<unknown>,
  fold: TrueFold,
  chunkWidth: number,
): GrayImage {
  const { width, height } = clean;
  const margin = shape.readMargin(fold.params);
  let out: GrayImage | undefined;
  for (let x0 = 0; x0 < width; x0 += chunkWidth) {
    const box = { x0, x1: Math.min(x0 + chunkWidth, width), y0, y1: y0 + height };
    if (!shape.touches(fold.params, box)) continue;
    out ??= makeGray(width, height, clean.data.slice());
    const rx = Math.max(0, box.x0 - margin);
    const ry = Math.max(0, box.y0 - margin);
    const rw = Math.min(section.width, box.x1 + margin) - rx;
    const rh = Math.min(section.height, box.y1 + margin) - ry;
    const damaged = shape.degrade(tissue.region(section.z, rx, ry, rw, rh), { x: rx, y: ry }, fold.params);
    for (let y = box.y0; y < box.y1; y++) {
      const from = (y - ry) * rw + box.x0 - rx;
      out.data.set(damaged.data.subarray(from, from + box.x1 - box.x0), (y - y0) * width + box.x0);
    }
  }
  return out ?? clean;
}
