/**
 * Runs a fully convolutional model over a section of any size in overlapping tiles.
 *
 * Each tile is read with a halo of context; the halo is thrown away and neighbouring tiles'
 * remaining ("valid") areas overlap by at least `blend` pixels, where they are cross-faded with
 * linear ramps. With halo >= the model's receptive radius every valid pixel equals the untiled
 * result, so the blend is exact; with a smaller halo (deep U-Nets) it hides the seams.
 */
import { TilingError, TensorShapeError, throwIfAborted } from './errors.js';
import type { TensorData, Tensors } from './model_runner.js';
import { cropTensor, makeTensor, nchw, type Rect } from './tensor.js';

export interface TilingOptions {
  /** Edge of the input window fed to the model, halo included. */
  readonly tileSize: number;
  /** Context pixels on each inner side of a tile whose outputs are discarded. */
  readonly halo: number;
  /** Minimum cross-fade width between neighbouring tiles (default: `halo`). */
  readonly blend?: number;
  /** Pad each tile's inputs (edge-replicated) to a multiple of this, e.g. 16 for a U-Net. */
  readonly multipleOf?: number;
  readonly signal?: AbortSignal;
}

/** One tile: the window read from the image and the part of it whose outputs are kept. */
export interface Tile {
  readonly outer: Rect;
  readonly valid: Rect;
  /** Cross-fade weight per column / row of `outer` (0 outside `valid`). */
  readonly weightX: Float32Array;
  readonly weightY: Float32Array;
}

export type TileRunner = (inputs: Tensors, tile: Tile, signal?: AbortSignal) => Promise<Tensors>;

/** One tile position along an axis, with its kept range and cross-fade weights. */
export interface Span {
  start: number;
  size: number;
  weight: Float32Array;
  validStart: number;
  validEnd: number;
}

/** Splits one axis of length n; edge tiles are shifted inward so every tile has size T. */
export function planAxis(n: number, tileSize: number, halo: number, blend = halo): Span[] {
  if (n <= tileSize) return [{ start: 0, size: n, weight: new Float32Array(n).fill(1), validStart: 0, validEnd: n }];
  const maxStep = tileSize - 2 * halo - blend;
  if (maxStep < 1) {
    throw new TilingError(`tile ${tileSize} must exceed 2 × halo ${halo} + blend ${blend}`);
  }
  const count = 1 + Math.ceil((n - tileSize) / maxStep);
  const starts = Array.from({ length: count }, (_, i) => Math.round((i * (n - tileSize)) / (count - 1)));
  const validStart = starts.map((s, i) => (i === 0 ? 0 : s + halo));
  const validEnd = starts.map((s, i) => (i === count - 1 ? n : s + tileSize - halo));
  return starts.map((start, i) => {
    const weight = new Float32Array(tileSize);
    const rampLo = i > 0 ? validEnd[i - 1] - validStart[i] : 0;
    const rampHi = i < count - 1 ? validEnd[i] - validStart[i + 1] : 0;
    for (let p = validStart[i]; p < validEnd[i]; ++p) {
      // +0.5 keeps weights > 0 inside the valid range, so every pixel has a positive total.
      const lo = rampLo > 0 ? (p - validStart[i] + 0.5) / rampLo : 1;
      const hi = rampHi > 0 ? (validEnd[i] - p - 0.5) / rampHi : 1;
      weight[p - start] = Math.min(1, lo, hi);
    }
    return { start, size: tileSize, weight, validStart: validStart[i], validEnd: validEnd[i] };
  });
}

/** All tiles covering a width × height image, row by row. */
export function planTiles(width: number, height: number, options: TilingOptions): Tile[] {
  const { tileSize, halo, blend = halo } = options;
  if (!Number.isInteger(tileSize) || !Number.isInteger(halo) || !Number.isInteger(blend)) {
    throw new TilingError(`tile ${tileSize}, halo ${halo} and blend ${blend} must be integers`);
  }
  if (tileSize < 1 || halo < 0 || blend < 0) {
    throw new TilingError(`tile ${tileSize} must be >= 1, halo ${halo} and blend ${blend} >= 0`);
  }
  const xs = planAxis(width, tileSize, halo, blend);
  const ys = planAxis(height, tileSize, halo, blend);
  return ys.flatMap((sy) =>
    xs.map((sx) => ({
      outer: { x: sx.start, y: sy.start, width: sx.size, height: sy.size },
      valid: {
        x: sx.validStart,
        y: sy.validStart,
        width: sx.validEnd - sx.validStart,
        height: sy.validEnd - sy.validStart,
      },
      weightX: sx.weight,
      weightY: sy.weight,
    })),
  );
}

/**
 * Runs `runTile` on every tile of `inputs` (all [1, C, H, W] with one H × W) and blends the
 * outputs, which must keep the tile's H × W, into full-size tensors of the same names.
 */
export async function runTiled(inputs: Tensors, options: TilingOptions, runTile: TileRunner): Promise<Tensors> {
  const { height, width } = commonSize(inputs);
  const multiple = options.multipleOf ?? 1;
  const tiles = planTiles(width, height, options);
  const sums = new Map<string, TensorData>();
  const weightSum = new Float32Array(width * height);
  for (const tile of tiles) {
    throwIfAborted(options.signal, 'tiled run cancelled');
    const { outer } = tile;
    const padded = { ...outer, width: roundUp(outer.width, multiple), height: roundUp(outer.height, multiple) };
    const raw = await runTile(
      mapTensors(inputs, (t) => cropTensor(t, padded)),
      tile,
      options.signal,
    );
    checkTileOutputs(raw, padded);
    const isPadded = padded.width !== outer.width || padded.height !== outer.height;
    const outputs = isPadded ? mapTensors(raw, (t) => cropTensor(t, { ...outer, x: 0, y: 0 })) : raw;
    accumulate(outputs, tile, width, height, sums);
    addWeights(tile, width, weightSum);
  }
  throwIfAborted(options.signal, 'tiled run cancelled');
  for (const sum of sums.values()) {
    const plane = width * height;
    for (let i = 0; i < sum.data.length; ++i) sum.data[i] /= weightSum[i % plane];
  }
  return Object.fromEntries(sums);
}

function accumulate(outputs: Tensors, tile: Tile, width: number, height: number, sums: Map<string, TensorData>): void {
  const { outer, valid, weightX, weightY } = tile;
  for (const [name, t] of Object.entries(outputs)) {
    const { channels, height: th, width: tw } = nchw(t, `tile output '${name}'`);
    let sum = sums.get(name);
    if (sum === undefined) sums.set(name, (sum = makeTensor([1, channels, height, width])));
    else if (sum.dims[1] !== channels) throw new TensorShapeError(`tile output '${name}' changed channel count`);
    const acc = sum.data;
    const src = t.data;
    const x0 = valid.x,
      x1 = valid.x + valid.width;
    for (let c = 0; c < channels; ++c) {
      for (let y = valid.y; y < valid.y + valid.height; ++y) {
        const wy = weightY[y - outer.y];
        const s = (c * th + y - outer.y) * tw - outer.x;
        const d = (c * height + y) * width;
        for (let x = x0; x < x1; ++x) acc[d + x] += wy * weightX[x - outer.x] * src[s + x];
      }
    }
  }
}

function checkTileOutputs(outputs: Tensors, input: Rect): void {
  for (const [name, t] of Object.entries(outputs)) {
    const { height, width } = nchw(t, `tile output '${name}'`);
    if (height !== input.height || width !== input.width) {
      const was = `${input.width}×${input.height}`;
      throw new TensorShapeError(`tile output '${name}' is ${width}×${height}, its input was ${was}`);
    }
  }
}

function addWeights({ outer, valid, weightX, weightY }: Tile, width: number, weightSum: Float32Array): void {
  for (let y = valid.y; y < valid.y + valid.height; ++y) {
    const wy = weightY[y - outer.y];
    for (let x = valid.x; x < valid.x + valid.width; ++x) weightSum[y * width + x] += wy * weightX[x - outer.x];
  }
}

function commonSize(inputs: Tensors): { height: number; width: number } {
  const shapes = Object.entries(inputs).map(([name, t]) => nchw(t, `input '${name}'`));
  if (shapes.length === 0) throw new TensorShapeError('runTiled needs at least one input');
  const { height, width } = shapes[0];
  if (shapes.some((s) => s.height !== height || s.width !== width)) {
    throw new TensorShapeError('all inputs of a tiled run must share H × W');
  }
  return { height, width };
}

function mapTensors(tensors: Tensors, f: (t: TensorData) => TensorData): Tensors {
  return Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, f(t)]));
}

function roundUp(v: number, multiple: number): number {
  return Math.ceil(v / multiple) * multiple;
}
