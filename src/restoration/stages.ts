/**
 * The three nets as pipeline stages on region tensors ([1, 1, h, w], values in [0, 1]).
 * Names of inputs and outputs are those of models/README.md; the runner checks them against the
 * loaded model and reports a mismatch as ModelRunError.
 */
import { ModelRunError } from '../inference/errors.js';
import type { ModelRunner, TensorData, Tensors } from '../inference/model_runner.js';
import { runTiled, type Tile } from '../inference/tiling.js';
import { transferDetail } from './detail.js';
import { anyInRect } from './regions.js';

export interface TileSettings {
  /** Edge of a tile fed to a U-Net; bounds memory (~0.3 GB of activations at 1024²). */
  readonly tileSize: number;
  /** Context discarded per tile side; ≥ the receptive radius that matters (README: 32 → 6e-7). */
  readonly halo: number;
}

export const DEFAULT_TILES: TileSettings = { tileSize: 1024, halo: 32 };
/**
 * Tiles are padded to a multiple of this so the U-Nets see what training saw: the half-resolution
 * nets (training/sff_train/nets.py, S2DUNet) halve once and pool three times → 16.
 */
export const NET_MULTIPLE = 16;

function output(model: string, out: Tensors, name: string): TensorData {
  const t = out[name];
  if (t === undefined) throw new ModelRunError(model, `has no output '${name}' (got ${Object.keys(out).join(', ')})`);
  return t;
}

export interface Unfolded {
  /** Backward warp, pixels, [1, 2, h, w]. */
  flow: TensorData;
  /** 1 where the unfolded section has no source (the lost strip). */
  lost: TensorData;
  unfolded: TensorData;
}

/** The unfolding search is global (one line, one profile per side): it runs on the region whole. */
export async function unfoldStage(runner: ModelRunner, inputs: Tensors, signal?: AbortSignal): Promise<Unfolded> {
  const out = await runner.run('unfold', inputs, signal);
  return {
    flow: output('unfold', out, 'flow'),
    lost: output('unfold', out, 'lost'),
    unfolded: output('unfold', out, 'unfolded'),
  };
}

/** Interpolation of the centre section from its neighbours, tiled. */
export async function interpStage(
  runner: ModelRunner,
  prev: TensorData,
  next: TensorData,
  tiles: TileSettings,
  signal?: AbortSignal,
): Promise<TensorData> {
  const out = await runTiled({ prev, next }, { ...tiles, multipleOf: NET_MULTIPLE, signal }, (t, _tile, s) =>
    runner.run('interp', t, s),
  );
  return output('interp', out, 'interp');
}

export interface FusionInputs {
  unfolded: TensorData;
  lost: TensorData;
  prev: TensorData;
  next: TensorData;
  /** Given for the ablation without the interpolation net; otherwise the net runs per tile. */
  interp?: TensorData;
}

/**
 * Fusion, tiled. The fusion net leaves pixels farther than 8 px from the lost strip equal to the
 * unfolded section, so tiles whose kept area misses `needed` (the strip dilated by 8) skip both
 * nets; the interpolation runs on the same tile windows as the fusion that consumes it. Inside the
 * lost strip the neighbours' fine structure is then added to the net's fill (detail.ts).
 */
export async function fusionStage(
  runner: ModelRunner,
  inputs: FusionInputs,
  needed: Uint8Array,
  tiles: TileSettings,
  signal?: AbortSignal,
): Promise<TensorData> {
  const width = inputs.unfolded.dims[3];
  const runTile = async (t: Tensors, tile: Tile, s?: AbortSignal): Promise<Tensors> => {
    if (!anyInRect(needed, width, tile.valid)) return { restored: t.unfolded };
    const interp =
      t.interp ?? output('interp', await runner.run('interp', { prev: t.prev, next: t.next }, s), 'interp');
    const feeds = { unfolded: t.unfolded, interp, lost: t.lost, prev: t.prev, next: t.next };
    return { restored: output('fusion', await runner.run('fusion', feeds, s), 'restored') };
  };
  const { interp, ...rest } = inputs;
  const tiled = interp === undefined ? rest : { ...rest, interp };
  const out = await runTiled(tiled, { ...tiles, multipleOf: NET_MULTIPLE, signal }, runTile);
  return transferDetail(output('fusion', out, 'restored'), inputs.prev, inputs.next, inputs.lost);
}

/** Pixel-wise mean of two tensors of one shape: the interpolation without a net. */
export function meanTensor(a: TensorData, b: TensorData): TensorData {
  const data = new Float32Array(a.data.length);
  for (let i = 0; i < data.length; i++) data[i] = 0.5 * (a.data[i] + b.data[i]);
  return { data, dims: [...a.dims] };
}
