/**
 * Reading the chunks of a scale whatever their storage: unsharded chunk files (raw, jpeg or png;
 * a local `<chunk>.gz` when the plain file is absent, as CloudVolume writes gzip locally) or
 * sharded scales read by byte ranges (local file ranges, http `Range:` requests). Every chunk comes
 * back decoded to the raw layout of its box.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { SffError } from '../../core/errors.js';
import { httpGet } from '../http.js';
import type { ChunkBox } from './chunks.js';
import { chunkName } from './chunks.js';
import { decodeChunk, gunzip } from './encoding.js';
import { PrecomputedFormatError } from './errors.js';
import type { PrecomputedInfo, PrecomputedScale } from './info.js';
import { type ByteRange, readShardedChunkSync, type RangeReader, ShardedScale } from './sharded.js';
import type { VolumeStore } from './store.js';

export type ChunkReader = (
  scale: PrecomputedScale,
  box: ChunkBox,
  signal?: AbortSignal,
) => Promise<Uint8Array | undefined>;

const codeOf = (err: unknown): string => String((err as NodeJS.ErrnoException).code ?? err);

/** The bytes [start, end) of a local file (fewer at its end); undefined when it does not exist. */
export function localRangeSync(path: string, [start, end]: ByteRange): Uint8Array | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return undefined;
    throw new PrecomputedFormatError(`${path}: cannot read (${codeOf(err)})`);
  }
  try {
    const out = new Uint8Array(end - start);
    let done = 0;
    while (done < out.length) {
      const n = readSync(fd, out, done, out.length - done, start + done);
      if (n === 0) break;
      done += n;
    }
    return out.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

/**
 * Bytes [start, end) of `<base>/<key>` over http. A server that ignores `Range` (200) gets its
 * whole body sliced; 404 means the shard was never written.
 */
async function httpRange(base: string, key: string, [start, end]: ByteRange, signal?: AbortSignal) {
  const url = `${base}/${key}`;
  if (end === start) return new Uint8Array(0);
  const answer = await httpGet(url, { signal, headers: { Range: `bytes=${start}-${end - 1}` } });
  if (answer.status === 404) return undefined;
  if (answer.status === 416) return new Uint8Array(0); // past the end: the caller reports truncation
  if (answer.status < 200 || answer.status > 299) throw new SffError('FetchError', `GET ${url}: HTTP ${answer.status}`);
  return answer.status === 206 ? answer.bytes : answer.bytes.subarray(start, end);
}

/** A store that reads byte ranges itself (e.g. with its own http timeouts and retries). */
interface RangedStore extends VolumeStore {
  readRange(key: string, range: ByteRange, signal?: AbortSignal): Promise<Uint8Array | undefined>;
}

const hasReadRange = (store: VolumeStore): store is RangedStore =>
  typeof (store as Partial<RangedStore>).readRange === 'function';

/**
 * Byte ranges of the store's files: the store's own `readRange` when it has one, else local file
 * ranges or plain http Range requests.
 */
export function rangeReader(store: VolumeStore): RangeReader {
  if (hasReadRange(store)) return (key, range, signal) => store.readRange(key, range, signal);
  return store.isLocal
    ? // Local range reads are small reads from a local disk: the synchronous read serves here too.
      async (key, range) => localRangeSync(`${store.location}/${key}`, range)
    : (key, range, signal) => httpRange(store.location, key, range, signal);
}

/** A decoded-chunk reader over a store; sharded scales keep their minishard indices cached. */
export function chunkReader(store: VolumeStore, info: PrecomputedInfo): ChunkReader {
  const read = rangeReader(store);
  const sharded = new Map<PrecomputedScale, ShardedScale>();
  for (const scale of info.scales) {
    if (scale.sharding === undefined) continue;
    const chunk = scale.chunk_sizes[0];
    sharded.set(scale, new ShardedScale(read, scale.key, store.location, scale.sharding, scale.size, chunk));
  }
  return async (scale, box, signal) => {
    const shards = sharded.get(scale);
    let stored: Uint8Array | undefined;
    let where: string;
    if (shards !== undefined) {
      where = `${store.location}/${scale.key} chunk ${chunkName(box, scale.voxel_offset)}`;
      stored = await shards.chunk(box, signal);
    } else {
      const key = `${scale.key}/${chunkName(box, scale.voxel_offset)}`;
      where = `${store.location}/${key}`;
      stored = await store.read(key, signal);
      if (stored === undefined && store.isLocal) {
        const gz = await store.read(`${key}.gz`, signal);
        if (gz !== undefined) [stored, where] = [gunzip(gz, `${where}.gz`), `${where}.gz`];
      }
    }
    return stored === undefined ? undefined : decodeChunk(stored, scale.encoding, box, where);
  };
}

/** Sync twin of chunkReader over a local directory, for reader.ts. */
export function chunkReaderSync(dir: string): (scale: PrecomputedScale, box: ChunkBox) => Uint8Array | undefined {
  const read = (key: string, range: ByteRange): Uint8Array | undefined => localRangeSync(join(dir, key), range);
  const whole = (path: string): Uint8Array | undefined => {
    try {
      return readFileSync(path);
    } catch (err) {
      if (codeOf(err) === 'ENOENT') return undefined;
      throw new PrecomputedFormatError(`${path}: cannot read (${codeOf(err)})`);
    }
  };
  return (scale, box) => {
    const name = chunkName(box, scale.voxel_offset);
    if (scale.sharding !== undefined) {
      const { sharding, key, size, chunk_sizes } = scale;
      const stored = readShardedChunkSync(read, key, dir, sharding, size, chunk_sizes[0], box);
      return stored && decodeChunk(stored, scale.encoding, box, `${dir}/${key} chunk ${name}`);
    }
    const path = join(dir, scale.key, name);
    const plain = whole(path);
    if (plain !== undefined) return decodeChunk(plain, scale.encoding, box, path);
    const gz = whole(`${path}.gz`);
    return gz && decodeChunk(gunzip(gz, `${path}.gz`), scale.encoding, box, `${path}.gz`);
  };
}
