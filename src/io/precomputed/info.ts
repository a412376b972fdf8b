/**
 * The `info` file of a Neuroglancer precomputed image volume (neuroglancer
 * src/datasource/precomputed/volume.md): uint8, one channel. We write raw, unsharded scales made
 * by 2×2×1 downsampling; we read raw, jpeg and png chunks, unsharded or sharded (encoding.ts,
 * sharded.ts), and refuse the rest in one line.
 */
import { type ImageEncoding, IMAGE_ENCODINGS, isImageEncoding } from './encoding.js';
import { PrecomputedFormatError } from './errors.js';
import { parseSharding, type ShardingSpec } from './sharded.js';

export type Vec3 = [number, number, number];

export interface PrecomputedScale {
  key: string;
  size: Vec3;
  resolution: Vec3;
  voxel_offset: Vec3;
  chunk_sizes: [Vec3];
  encoding: ImageEncoding;
  /** Absent: one file per chunk. */
  sharding?: ShardingSpec;
}

export interface PrecomputedInfo {
  '@type': 'neuroglancer_multiscale_volume';
  type: 'image';
  data_type: 'uint8';
  num_channels: 1;
  scales: PrecomputedScale[];
}

export interface VolumeLayout {
  /** Voxel size of the base scale in nanometres (x, y, z). */
  resolution: Vec3;
  /** Chunk size in voxels, the same at every scale. */
  chunkSize: Vec3;
  /** Number of scales including the base one; stops early once a section is 1×1. */
  scales: number;
}

const MAX_SCALES = 16;

/** 9.2 rather than 9.199999999999999: keys are directory names and should read well. */
function formatNumber(x: number): string {
  return String(Number(x.toPrecision(12)));
}

function checkVec(name: string, v: readonly number[], integer: boolean): void {
  if (v.length !== 3 || !v.every((x) => Number.isFinite(x) && x > 0 && (!integer || Number.isInteger(x)))) {
    const what = integer ? 'positive integers' : 'positive numbers';
    throw new PrecomputedFormatError(`${name} must be three ${what}, got ${JSON.stringify(v)}`);
  }
}

export function makeInfo(width: number, height: number, depth: number, layout: VolumeLayout): PrecomputedInfo {
  checkVec('volume size', [width, height, depth], true);
  checkVec('resolution', layout.resolution, false);
  checkVec('chunk size', layout.chunkSize, true);
  if (!Number.isInteger(layout.scales) || layout.scales < 1 || layout.scales > MAX_SCALES) {
    throw new PrecomputedFormatError(`scales must be an integer in 1..${MAX_SCALES}, got ${layout.scales}`);
  }
  const scales: PrecomputedScale[] = [];
  let [w, h] = [width, height];
  for (let i = 0; i < layout.scales; i++) {
    const f = 2 ** i;
    const resolution: Vec3 = [layout.resolution[0] * f, layout.resolution[1] * f, layout.resolution[2]];
    scales.push({
      key: resolution.map(formatNumber).join('_'),
      size: [w, h, depth],
      resolution,
      voxel_offset: [0, 0, 0],
      chunk_sizes: [[...layout.chunkSize]],
      encoding: 'raw',
    });
    if (w === 1 && h === 1) break;
    [w, h] = [Math.ceil(w / 2), Math.ceil(h / 2)];
  }
  return { '@type': 'neuroglancer_multiscale_volume', type: 'image', data_type: 'uint8', num_channels: 1, scales };
}

function isVec(v: unknown, integer: boolean, min: number): v is Vec3 {
  return (
    Array.isArray(v) &&
    v.length === 3 &&
    v.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= min && (!integer || Number.isInteger(x)))
  );
}

/** The text of an `info` file, parsed and checked (`where` names it in errors). */
export function parseInfoText(text: string, where: string): PrecomputedInfo {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PrecomputedFormatError(`${where}: not valid JSON`);
  }
  return parseInfo(json, where);
}

/** Checks untrusted JSON (an `info` file) and returns it typed, or says what we cannot read. */
export function parseInfo(json: unknown, name = 'info'): PrecomputedInfo {
  const fail = (why: string): never => {
    throw new PrecomputedFormatError(`${name}: ${why}`);
  };
  if (typeof json !== 'object' || json === null) fail('not a JSON object');
  const info = json as Record<string, unknown>;
  if (info['@type'] !== undefined && info['@type'] !== 'neuroglancer_multiscale_volume')
    fail(`@type is ${JSON.stringify(info['@type'])}, not a volume`);
  if (info.type !== 'image') fail(`type ${JSON.stringify(info.type)} is not supported (only image)`);
  if (info.data_type !== 'uint8') fail(`data_type ${JSON.stringify(info.data_type)} is not supported (only uint8)`);
  if (info.num_channels !== 1) fail(`num_channels ${JSON.stringify(info.num_channels)} is not supported (only 1)`);
  if (!Array.isArray(info.scales) || info.scales.length === 0) fail('no scales');
  (info.scales as unknown[]).forEach((s, i) => {
    const scale = s as Record<string, unknown>;
    if (typeof scale !== 'object' || scale === null || typeof scale.key !== 'string' || scale.key === '')
      fail(`scale ${i} has no key`);
    if (!isVec(scale.size, true, 1)) fail(`scale ${i} size is not three positive integers`);
    if (!isVec(scale.resolution, false, Number.MIN_VALUE)) fail(`scale ${i} resolution is not three positive numbers`);
    if (!isVec(scale.voxel_offset ?? [0, 0, 0], true, -Infinity)) fail(`scale ${i} voxel_offset is not three integers`);
    const chunks = scale.chunk_sizes;
    if (!Array.isArray(chunks) || chunks.length === 0 || !isVec(chunks[0], true, 1))
      fail(`scale ${i} chunk_sizes is invalid`);
    if (!isImageEncoding(scale.encoding))
      fail(`scale ${i} encoding ${JSON.stringify(scale.encoding)} is not supported (${IMAGE_ENCODINGS.join(', ')})`);
  });
  const scales = (info.scales as Array<Record<string, unknown>>).map((scale, i): PrecomputedScale => {
    const parsed: PrecomputedScale = {
      key: scale.key as string,
      size: scale.size as Vec3,
      resolution: scale.resolution as Vec3,
      voxel_offset: (scale.voxel_offset as Vec3 | undefined) ?? [0, 0, 0],
      chunk_sizes: [(scale.chunk_sizes as Vec3[])[0]],
      encoding: scale.encoding as ImageEncoding,
    };
    if (scale.sharding !== undefined && scale.sharding !== null)
      parsed.sharding = parseSharding(scale.sharding, (why) => fail(`scale ${i} ${why}`));
    return parsed;
  });
  return { '@type': 'neuroglancer_multiscale_volume', type: 'image', data_type: 'uint8', num_channels: 1, scales };
}
