/**
 * Restores one block of one section at the scale it is drawn: the warp comes from the section's
 * fold geometry (core/geometry/fold_field.ts), the nets run where the block has lost-strip pixels
 * plus a halo (net_region.ts; nowhere on blocks only the pull reaches), and only the block is
 * returned. Blocks that share pixels compute the same warp and, the halo covering
 * the nets' receptive field, the same fusion: a section restored block by block equals the
 * section restored whole, and memory is bounded by the block, not the section.
 */
import { dilate } from '../core/detection/morphology.js';
import { foldField, type FoldField, type GridRect, sourceRect } from '../core/geometry/fold_field.js';
import type { SectionGeometry } from '../core/geometry/fold_geometry.js';
import { type GrayImage, makeGray } from '../core/image.js';
import { bilinear } from '../core/simulation/bilinear.js';
import { throwIfAborted } from '../inference/errors.js';
import type { ModelRunner, TensorData } from '../inference/model_runner.js';
import { grayToTensor } from '../inference/region.js';
import { cropPlane, netRect } from './net_region.js';
import type { PipelineMethod } from './pipeline_method.js';
import { DEFAULT_TILES, fusionStage, interpStage, meanTensor, NET_MULTIPLE, type TileSettings } from './stages.js';

/**
 * Context around a block for the nets (receptive field 89 px), a multiple of 16 so a chunk-aligned
 * block's window stays on the half-resolution U-Nets' 16-pixel grid. Measured on a 384² region
 * restored as one block and as four (test/restoration/block_restore.spec.ts): with 32 px, 2.6 % of
 * the pixels differed by up to 5 grey levels; with 64, 0.25 % by 1.
 */
export const BLOCK_HALO = 64;

/**
 * The context a block's restoration reads around it. A preview runs no net: its pixels depend on
 * their own place only (warp and fill are per pixel), so it reads none, and fewer chunks.
 */
export function blockHalo(preview: boolean | undefined): number {
  return preview ? 0 : BLOCK_HALO;
}
/** How far past the lost strip the fusion net may change pixels (its `near` mask in training). */
export const FUSION_REACH = 8;
/** The band fed as "lost" when there is no unfolding (training dilated it by 0–2 px). */
const BAND_DILATION = 2;

/** Which section of the three a block is read from. */
export type BlockSection = 'damaged' | 'prev' | 'next';

/**
 * Pixels of `rect` (grid pixels; may extend past the grid, whose edge pixels are then repeated)
 * of one of the three sections at the block's scale.
 */
export type ReadBlock = (section: BlockSection, rect: GridRect, signal?: AbortSignal) => Promise<GrayImage>;

export interface BlockRequest {
  /** The section's geometry in this grid's pixels (geometryInFrame). */
  geometry: SectionGeometry;
  block: GridRect;
  read: ReadBlock;
  method?: PipelineMethod;
  tiles?: TileSettings;
  /**
   * No nets: the unfolded block with its lost strip filled with the mean of z ± 1 (the classical
   * unfolding). Ready in a fraction of the nets' time and without the models, so the viewer shows
   * it while the nets run.
   */
  preview?: boolean;
}

export interface RestoredBlock {
  image: GrayImage;
  /** Whether any pixel differs from the damaged section's (false: serve the raw block). */
  changed: boolean;
}

const grow = (r: GridRect, by: number): GridRect => ({
  x: r.x - by,
  y: r.y - by,
  width: r.width + 2 * by,
  height: r.height + 2 * by,
});

const whole = (r: GridRect): GridRect => ({ x: 0, y: 0, width: r.width, height: r.height });

/** `r` (pixels of `frame`) in the grid's pixels. */
const translate = (r: GridRect, frame: GridRect): GridRect => ({ ...r, x: r.x + frame.x, y: r.y + frame.y });

/** The damaged window warped by the field (0..255 floats; 0 on the lost strip). */
function unfold(damaged: GrayImage, source: GridRect, field: FoldField): Float32Array {
  const { rect } = field;
  const out = new Float32Array(rect.width * rect.height);
  const ox = rect.x - source.x,
    oy = rect.y - source.y;
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      const i = y * rect.width + x;
      if (field.lost[i]) continue;
      out[i] =
        field.fx[i] === 0 && field.fy[i] === 0
          ? damaged.data[(y + oy) * damaged.width + x + ox]
          : bilinear(damaged, x + ox + field.fx[i], y + oy + field.fy[i]);
    }
  }
  return out;
}

const tensorOf = (values: Float32Array, rect: GridRect, scale: number): TensorData => ({
  data: scale === 1 ? values : values.map((v) => v * scale),
  dims: [1, 1, rect.height, rect.width],
});

const toByte = (v: number): number => Math.round(Math.min(1, Math.max(0, v)) * 255);

/** What the fusion reads: planes over the block's window, and the neighbours over `net` only. */
interface FusionPlanes {
  /** 0..255. */
  unfolded: Float32Array;
  lost: Uint8Array;
  needed: Uint8Array;
  prev: GrayImage;
  next: GrayImage;
}

/** The preview's fill on the `net` part of the window: the mean of z ± 1 on the lost strip, else the unfolded pixels. */
function meanFill(net: GridRect, windowWidth: number, planes: FusionPlanes): TensorData {
  const unfolded = cropPlane(planes.unfolded, windowWidth, net),
    lost = cropPlane(planes.lost, windowWidth, net);
  const data = new Float32Array(net.width * net.height);
  for (let i = 0; i < data.length; i++) {
    data[i] = (lost[i] ? 0.5 * (planes.prev.data[i] + planes.next.data[i]) : unfolded[i]) / 255;
  }
  return { data, dims: [1, 1, net.height, net.width] };
}

/** The fusion (and the interpolation it consumes) on the `net` part of the window only. */
function fuse(
  runner: ModelRunner,
  method: PipelineMethod,
  net: GridRect,
  windowWidth: number,
  planes: FusionPlanes,
  tiles: TileSettings,
  signal?: AbortSignal,
): Promise<TensorData> {
  const prev = grayToTensor([planes.prev], whole(net)),
    next = grayToTensor([planes.next], whole(net));
  const inputs = {
    unfolded: tensorOf(cropPlane(planes.unfolded, windowWidth, net), net, 1 / 255),
    lost: tensorOf(Float32Array.from(cropPlane(planes.lost, windowWidth, net)), net, 1),
    prev,
    next,
    interp: method === 'unfold_fusion' ? meanTensor(prev, next) : undefined,
  };
  return fusionStage(runner, inputs, cropPlane(planes.needed, windowWidth, net), tiles, signal);
}

/** `runner` may be undefined for a preview, which runs no net. */
export async function restoreBlock(
  request: BlockRequest,
  runner: ModelRunner | undefined,
  signal?: AbortSignal,
): Promise<RestoredBlock> {
  const { geometry, block, read } = request;
  const method = request.preview ? 'full' : (request.method ?? 'full');
  const netRunner = (): ModelRunner => {
    if (runner === undefined) throw new Error('restoreBlock: the nets need a model runner');
    return runner;
  };
  const tiles = request.tiles ?? DEFAULT_TILES;
  const halo = blockHalo(request.preview);
  const window = grow(block, halo);
  const field = foldField(geometry, window);
  const inner = (x: number, y: number): number => (y + halo) * window.width + x + halo;
  const rawBlock = (): Promise<GrayImage> => read('damaged', block, signal);
  if (!field.changed) return { image: await rawBlock(), changed: false };
  throwIfAborted(signal, 'restoration');

  const neighbours = (rect: GridRect): Promise<GrayImage[]> =>
    Promise.all([read('prev', rect, signal), read('next', rect, signal)]);
  const out = makeGray(block.width, block.height);
  if (method === 'interp_net') {
    const [prev, next] = await neighbours(window);
    const at = (img: GrayImage): TensorData => grayToTensor([img], whole(window));
    const interp = await interpStage(netRunner(), at(prev), at(next), tiles, signal);
    const raw = await rawBlock();
    for (let y = 0; y < block.height; y++) {
      for (let x = 0; x < block.width; x++) {
        const j = inner(x, y),
          i = y * block.width + x;
        const moved = field.lost[j] || field.fx[j] !== 0 || field.fy[j] !== 0;
        out.data[i] = moved ? toByte(interp.data[j]) : raw.data[i];
      }
    }
    return { image: out, changed: true };
  }

  let unfolded: Float32Array, lost: Uint8Array;
  const source = method === 'interp_fusion' ? window : sourceRect(field);
  const damaged = await read('damaged', source, signal);
  if (method === 'interp_fusion') {
    unfolded = Float32Array.from(damaged.data);
    lost = dilate(field.band, window.width, window.height, BAND_DILATION);
  } else {
    unfolded = unfold(damaged, source, field);
    lost = field.lost;
  }
  // A preview fills the lost strip alone: the fusion's reach beyond it is the nets'.
  const needed = request.preview ? lost : dilate(lost, window.width, window.height, FUSION_REACH);
  const innerRect = { x: halo, y: halo, width: block.width, height: block.height };
  const net = netRect(needed, window.width, window.height, innerRect, halo, request.preview ? 1 : NET_MULTIPLE);
  // The fused value at block pixel (x, y); only asked where `needed`, which lies inside `net`.
  let fusedAt = (_x: number, _y: number): number => 0;
  if (net !== null) {
    const [prev, next] = await neighbours(translate(net, window));
    const planes = { unfolded, lost, needed, prev, next };
    const fused = request.preview
      ? meanFill(net, window.width, planes)
      : await fuse(netRunner(), method, net, window.width, planes, tiles, signal);
    fusedAt = (x, y) => fused.data[(y + halo - net.y) * net.width + x + halo - net.x];
  }
  const ox = block.x - source.x,
    oy = block.y - source.y;
  for (let y = 0; y < block.height; y++) {
    for (let x = 0; x < block.width; x++) {
      const j = inner(x, y),
        i = y * block.width + x;
      if (needed[j]) out.data[i] = toByte(fusedAt(x, y));
      else if (method !== 'interp_fusion' && (field.fx[j] !== 0 || field.fy[j] !== 0))
        out.data[i] = Math.round(unfolded[j]);
      else out.data[i] = damaged.data[(y + oy) * damaged.width + x + ox];
    }
  }
  return { image: out, changed: true };
}
