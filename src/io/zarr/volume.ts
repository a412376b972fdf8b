/**
 * A zarr array (v2 or v3) or the first image of an OME-Zarr multiscale group, opened through
 * zarrita as the same OpenVolume the precomputed reader gives: an info whose scales are the
 * multiscale's datasets (x, y, z mapped by axes.ts; chunk grid = the zarr chunk grid, the inner
 * chunks of a v3 shard), and chunks decoded to raw x-fastest bytes. So `sff detect`, `sff restore`
 * and the catalogue read zarr unchanged. uint8 only. A chunk that was never written reads as the
 * array's fill_value, as zarr defines it (writers skip chunks equal to it), not as a missing chunk.
 */
import * as zarr from 'zarrita';
import { isSffError, SffError } from '../../core/errors.js';
import type { ChunkReader } from '../precomputed/chunk_source.js';
import type { ChunkBox } from '../precomputed/chunks.js';
import type { PrecomputedInfo, PrecomputedScale, Vec3 } from '../precomputed/info.js';
import { openStore } from '../precomputed/store.js';
import { type OpenVolume, volumeOf } from '../precomputed/volume.js';
import { type AxisMap, mapAxes, toXyz } from './axes.js';
import { omeImage } from './ome.js';
import { zarritaStore } from './store.js';

type Uint8ZarrArray = zarr.Array<'uint8', zarr.AsyncReadable>;
type Version = 'v2' | 'v3' | undefined;

/** `zarr://`, `zarr2://`, `zarr3://` (Neuroglancer's schemes); the digit pins the format. */
export const ZARR_PREFIX = /^zarr([23])?:\/\//i;

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** zarrita's own errors (bad metadata, unknown codec) as one line naming the location. */
async function zarrCall<T>(where: string, what: string, signal: AbortSignal | undefined, call: () => Promise<T>) {
  try {
    return await call();
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    if (isSffError(err)) throw err;
    throw new SffError('ZarrFormatError', `${where}: ${what} (${message(err)})`, { cause: err });
  }
}

function openNode(location: zarr.Location<zarr.AsyncReadable>, version: Version, signal?: AbortSignal) {
  if (version === 'v2') return zarr.open.v2(location, { signal });
  if (version === 'v3') return zarr.open.v3(location, { signal });
  return zarr.open(location, { signal });
}

function asUint8(array: zarr.Array<zarr.DataType, zarr.AsyncReadable>, where: string): Uint8ZarrArray {
  if (!array.is('uint8'))
    throw new SffError('UnsupportedDataType', `${where}: data type ${array.dtype} is not supported (only uint8)`);
  return array;
}

/** Raw bytes of `box` (x fastest) from the zarr chunk that holds it, whatever its strides. */
function extract(chunk: zarr.Chunk<'uint8'>, box: ChunkBox, map: AxisMap): Uint8Array {
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const d = box.z1 - box.z0;
  const sx = chunk.stride[map.x];
  const sy = chunk.stride[map.y];
  const sz = map.z === undefined ? 0 : chunk.stride[map.z];
  const out = new Uint8Array(w * h * d);
  for (let z = 0, o = 0; z < d; z++) {
    for (let y = 0; y < h; y++, o += w) {
      const start = z * sz + y * sy;
      if (sx === 1) out.set(chunk.data.subarray(start, start + w), o);
      else for (let x = 0; x < w; x++) out[o + x] = chunk.data[start + x * sx];
    }
  }
  return out;
}

interface Level {
  array: Uint8ZarrArray;
  key: string;
  scale: number[] | undefined;
}

/** `location` without its zarr prefix; `version` from a `zarr2://` / `zarr3://` prefix. */
export async function openZarrVolume(location: string, version?: Version, signal?: AbortSignal): Promise<OpenVolume> {
  const store = openStore(location);
  const where = store.location;
  const root = zarr.root(zarritaStore(store));
  const node = await zarrCall(where, 'not a zarr array or group', signal, () => openNode(root, version, signal));
  let levels: Level[];
  let names: readonly (string | null)[] | undefined;
  if (node.kind === 'array') {
    levels = [{ array: asUint8(node, where), key: '0', scale: undefined }];
    names = node.dimensionNames;
  } else {
    const image = omeImage(node.attrs, where);
    if (image === undefined)
      throw new SffError(
        'ZarrFormatError',
        `${where}: a zarr group without OME-Zarr multiscales; give the path of one of its arrays`,
      );
    levels = [];
    for (const { path, scale } of image.datasets) {
      const at = `${where}/${path}`;
      const array = await zarrCall(at, 'not a zarr array', signal, () =>
        openNode(root.resolve(path), version, signal).then((n) => {
          if (n.kind !== 'array') throw new Error('a group, not an array');
          return n;
        }),
      );
      levels.push({ array: asUint8(array, at), key: path, scale });
    }
    names = image.axes ?? levels[0].array.dimensionNames;
  }

  const map = mapAxes(levels[0].array.shape, names, where);
  const scales = levels.map(({ array, key, scale }, i): PrecomputedScale => {
    if (array.shape.length !== map.rank)
      throw new SffError('ZarrFormatError', `${where}/${key}: rank ${array.shape.length}, scale 0 has ${map.rank}`);
    const resolution: Vec3 = scale === undefined ? [1, 1, 1] : toXyz(scale, map);
    if (map.z === undefined && scale !== undefined) resolution[2] = 1;
    if (i > 0) mapAxes(array.shape, names, `${where}/${key}`);
    return {
      key,
      size: toXyz(array.shape, map),
      resolution,
      voxel_offset: [0, 0, 0],
      chunk_sizes: [toXyz(array.chunks, map)],
      encoding: 'raw',
    };
  });
  const info: PrecomputedInfo = {
    '@type': 'neuroglancer_multiscale_volume',
    type: 'image',
    data_type: 'uint8',
    num_channels: 1,
    scales,
  };
  const arrays = new Map(scales.map((s, i) => [s, levels[i].array]));
  const chunk: ChunkReader = async (scale, box, s) => {
    s?.throwIfAborted(); // local reads do not look at the signal themselves
    const array = arrays.get(scale)!;
    const [cx, cy, cz] = scale.chunk_sizes[0];
    const coords = new Array<number>(map.rank).fill(0);
    coords[map.x] = box.x0 / cx;
    coords[map.y] = box.y0 / cy;
    if (map.z !== undefined) coords[map.z] = box.z0 / cz;
    const what = `cannot read chunk ${coords.join(',')} of ${scale.key}`;
    const data = await zarrCall(where, what, s, () => array.getChunk(coords, { signal: s }));
    return extract(data, box, map);
  };
  // The info we made stands for the source's metadata: the resume identity hashes it, and a
  // restored copy (precomputed) starts from it.
  const infoBytes = new TextEncoder().encode(JSON.stringify(info, null, 2) + '\n');
  return volumeOf(store, info, infoBytes, chunk);
}
