/**
 * Sharded scales of a precomputed volume (neuroglancer src/datasource/precomputed/sharded.md): the
 * chunks of a scale live in `<shard>.shard` files, each a fixed-size shard index (2^minishard_bits
 * [start, end) uint64le pairs, relative to its end) locating variable-size minishard indices
 * (3 × n uint64le: delta-encoded chunk ids, delta-encoded starts, sizes), which locate the chunks.
 * A chunk's id is the compressed Morton code of its grid position; the id, shifted and hashed,
 * picks the shard and minishard. Only byte ranges are read, never whole shard files.
 */
import murmur from 'murmurhash3js-revisited';
import type { ChunkBox } from './chunks.js';
import { gunzip } from './encoding.js';
import { PrecomputedFormatError } from './errors.js';
import type { Vec3 } from './info.js';

export interface ShardingSpec {
  '@type': 'neuroglancer_uint64_sharded_v1';
  preshift_bits: number;
  hash: 'identity' | 'murmurhash3_x86_128';
  minishard_bits: number;
  shard_bits: number;
  minishard_index_encoding: 'raw' | 'gzip';
  data_encoding: 'raw' | 'gzip';
}

const isBits = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 64;

/** Checks a scale's `sharding` member; `fail` gets one line naming what we cannot read. */
export function parseSharding(value: unknown, fail: (why: string) => never): ShardingSpec {
  if (typeof value !== 'object' || value === null) fail('sharding is not a JSON object');
  const s = value as Record<string, unknown>;
  if (s['@type'] !== 'neuroglancer_uint64_sharded_v1')
    fail(`sharding @type ${JSON.stringify(s['@type'])} is not supported (only neuroglancer_uint64_sharded_v1)`);
  if (s.hash !== 'identity' && s.hash !== 'murmurhash3_x86_128')
    fail(`sharding hash ${JSON.stringify(s.hash)} is not supported (identity or murmurhash3_x86_128)`);
  for (const name of ['preshift_bits', 'minishard_bits', 'shard_bits'] as const) {
    if (!isBits(s[name])) fail(`sharding ${name} ${JSON.stringify(s[name])} is not an integer in 0..64`);
  }
  if ((s.minishard_bits as number) + (s.shard_bits as number) > 64) fail('sharding minishard_bits + shard_bits > 64');
  if ((s.minishard_bits as number) > 32) fail('sharding minishard_bits > 32 (a shard index that large is unreadable)');
  for (const name of ['minishard_index_encoding', 'data_encoding'] as const) {
    const v = s[name] ?? 'raw';
    if (v !== 'raw' && v !== 'gzip') fail(`sharding ${name} ${JSON.stringify(v)} is not supported (raw or gzip)`);
  }
  return {
    '@type': 'neuroglancer_uint64_sharded_v1',
    preshift_bits: s.preshift_bits as number,
    hash: s.hash,
    minishard_bits: s.minishard_bits as number,
    shard_bits: s.shard_bits as number,
    minishard_index_encoding: (s.minishard_index_encoding ?? 'raw') as 'raw' | 'gzip',
    data_encoding: (s.data_encoding ?? 'raw') as 'raw' | 'gzip',
  };
}

/** Chunks along each axis of a scale. */
export function gridShape(size: Vec3, chunkSize: Vec3): Vec3 {
  return [0, 1, 2].map((d) => Math.ceil(size[d] / chunkSize[d])) as Vec3;
}

/**
 * Compressed Morton code (neuroglancer volume.md): bits of x, y, z interleaved from the lowest,
 * x first, each axis giving only ceil(log2(grid size)) bits and dropping out once they run out.
 */
export function compressedMortonCode(position: Vec3, shape: Vec3): bigint {
  const bits = shape.map((n) => Math.ceil(Math.log2(n)));
  let code = 0n;
  let shift = 0n;
  for (let i = 0; i < Math.max(...bits); i++) {
    for (let d = 0; d < 3; d++) {
      if (i < bits[d]) {
        code |= BigInt((Math.floor(position[d] / 2 ** i) & 1) as number) << shift;
        shift++;
      }
    }
  }
  return code;
}

const MASK64 = (1n << 64n) - 1n;

/**
 * MurmurHash3_x86_128 (seed 0) of a uint64's 8 little-endian bytes, low 8 bytes of the hash as a
 * little-endian uint64, as the spec defines the `murmurhash3_x86_128` hash. The package returns
 * h1..h4 as hex words; the reference implementation stores them little-endian, so low 64 = h2:h1.
 */
export function murmurHash3X86_128Low64(key: bigint): bigint {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, key & MASK64, true);
  return murmurHash3X86_128Low64OfBytes(bytes, 0);
}

export function murmurHash3X86_128Low64OfBytes(bytes: Uint8Array, seed: number): bigint {
  const hex = murmur.x86.hash128(bytes, seed);
  return (BigInt(`0x${hex.slice(8, 16)}`) << 32n) | BigInt(`0x${hex.slice(0, 8)}`);
}

export interface ChunkLocation {
  chunkId: bigint;
  /** `<shard>.shard`, relative to the scale's directory. */
  shardFile: string;
  minishard: number;
}

export function locateChunk(spec: ShardingSpec, chunkId: bigint): ChunkLocation {
  const shifted = chunkId >> BigInt(spec.preshift_bits);
  const hashed = spec.hash === 'identity' ? shifted : murmurHash3X86_128Low64(shifted);
  const minishard = Number(hashed & ((1n << BigInt(spec.minishard_bits)) - 1n));
  const shard = (hashed >> BigInt(spec.minishard_bits)) & ((1n << BigInt(spec.shard_bits)) - 1n);
  const digits = Math.ceil(spec.shard_bits / 4);
  const shardFile = `${shard.toString(16).padStart(digits, '0')}.shard`;
  return { chunkId, shardFile, minishard };
}

/** Location of the chunk covering `box` (box coordinates relative to the scale's voxel_offset). */
export function locateBox(spec: ShardingSpec, size: Vec3, chunkSize: Vec3, box: ChunkBox): ChunkLocation {
  const position: Vec3 = [box.x0 / chunkSize[0], box.y0 / chunkSize[1], box.z0 / chunkSize[2]];
  return locateChunk(spec, compressedMortonCode(position, gridShape(size, chunkSize)));
}

function safeNumber(v: bigint, where: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new PrecomputedFormatError(`${where}: offset ${v} is too large`);
  return Number(v);
}

/** Byte range [start, end) within the shard file. */
export type ByteRange = [number, number];

export function shardIndexEnd(spec: ShardingSpec): number {
  return 16 * 2 ** spec.minishard_bits;
}

/** The 16-byte shard index entry of a minishard, as a range of the shard file. */
export function shardIndexEntryRange(minishard: number): ByteRange {
  return [16 * minishard, 16 * minishard + 16];
}

/** A shard index entry → the minishard index's byte range in the shard file (empty: no chunks). */
export function minishardIndexRange(spec: ShardingSpec, entry: Uint8Array, where: string): ByteRange {
  if (entry.length !== 16) throw new PrecomputedFormatError(`${where}: shard index is truncated`);
  const view = new DataView(entry.buffer, entry.byteOffset, 16);
  const start = safeNumber(view.getBigUint64(0, true), where);
  const end = safeNumber(view.getBigUint64(8, true), where);
  if (end < start) throw new PrecomputedFormatError(`${where}: shard index entry ends before it starts`);
  const base = shardIndexEnd(spec);
  return [base + start, base + end];
}

/** Chunk id → byte range of its data in the shard file. */
export type MinishardIndex = Map<bigint, ByteRange>;

export function decodeMinishardIndex(spec: ShardingSpec, stored: Uint8Array, where: string): MinishardIndex {
  const bytes = spec.minishard_index_encoding === 'gzip' ? gunzip(stored, where) : stored;
  if (bytes.length % 24 !== 0) throw new PrecomputedFormatError(`${where}: minishard index is not 3 × n uint64`);
  const n = bytes.length / 24;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const index: MinishardIndex = new Map();
  let id = 0n;
  let offset = BigInt(shardIndexEnd(spec));
  for (let i = 0; i < n; i++) {
    id = (id + view.getBigUint64(8 * i, true)) & MASK64;
    const start = offset + view.getBigUint64(8 * (n + i), true);
    const size = view.getBigUint64(8 * (2 * n + i), true);
    offset = start + size;
    index.set(id, [safeNumber(start, where), safeNumber(offset, where)]);
  }
  return index;
}

/** A chunk's data as stored in the shard → the chunk's encoded bytes (jpeg, raw, ...). */
export function decodeShardedData(spec: ShardingSpec, stored: Uint8Array, where: string): Uint8Array {
  return spec.data_encoding === 'gzip' ? gunzip(stored, where) : stored;
}

/** Bytes [start, end) of a file of the volume, or undefined when the file does not exist. */
export type RangeReader = (
  key: string,
  range: ByteRange,
  signal?: AbortSignal,
) => Promise<Uint8Array | undefined> | Uint8Array | undefined;

/** Minishard indices kept per scale (each a few kB; one per 2^minishard_bits chunks or so). */
const CACHED_MINISHARDS = 512;

/**
 * One sharded scale read through `read`. Minishard indices are cached, as promises so that
 * concurrent chunk reads of the same minishard fetch it once.
 */
export class ShardedScale {
  private readonly minishards = new Map<string, Promise<MinishardIndex | undefined>>();

  constructor(
    private readonly read: RangeReader,
    /** The scale's key (its directory), and where its files are for messages. */
    private readonly scaleKey: string,
    private readonly where: string,
    private readonly spec: ShardingSpec,
    private readonly size: Vec3,
    private readonly chunkSize: Vec3,
  ) {}

  private async fetchMinishard(
    file: string,
    minishard: number,
    signal?: AbortSignal,
  ): Promise<MinishardIndex | undefined> {
    const key = `${this.scaleKey}/${file}`;
    const where = `${this.where}/${key}`;
    const entry = await this.read(key, shardIndexEntryRange(minishard), signal);
    if (entry === undefined) return undefined; // no such shard: none of its chunks was written
    const range = minishardIndexRange(this.spec, entry, where);
    if (range[1] === range[0]) return new Map();
    const stored = await this.read(key, range, signal);
    if (stored === undefined || stored.length !== range[1] - range[0])
      throw new PrecomputedFormatError(`${where}: minishard index ${minishard} is truncated`);
    return decodeMinishardIndex(this.spec, stored, `${where} minishard ${minishard}`);
  }

  private minishardIndex(file: string, minishard: number, signal?: AbortSignal): Promise<MinishardIndex | undefined> {
    const id = `${file}#${minishard}`;
    let cached = this.minishards.get(id);
    if (cached === undefined) {
      cached = this.fetchMinishard(file, minishard, signal);
      cached.catch(() => this.minishards.delete(id)); // a failed read is retried by the next caller
      if (this.minishards.size >= CACHED_MINISHARDS) this.minishards.delete(this.minishards.keys().next().value!);
      this.minishards.set(id, cached);
    }
    return cached;
  }

  /** The encoded bytes of the chunk covering `box`, or undefined when it is not in its shard. */
  async chunk(box: ChunkBox, signal?: AbortSignal): Promise<Uint8Array | undefined> {
    const { shardFile, minishard, chunkId } = locateBox(this.spec, this.size, this.chunkSize, box);
    const index = await this.minishardIndex(shardFile, minishard, signal);
    const range = index?.get(chunkId);
    if (range === undefined) return undefined;
    const key = `${this.scaleKey}/${shardFile}`;
    const where = `${this.where}/${key} chunk ${chunkId}`;
    const stored = await this.read(key, range, signal);
    if (stored === undefined || stored.length !== range[1] - range[0])
      throw new PrecomputedFormatError(`${where}: data is truncated`);
    return decodeShardedData(this.spec, stored, where);
  }
}

/** The same lookup for synchronous readers (reader.ts), without caching. */
export function readShardedChunkSync(
  read: (key: string, range: ByteRange) => Uint8Array | undefined,
  scaleKey: string,
  where: string,
  spec: ShardingSpec,
  size: Vec3,
  chunkSize: Vec3,
  box: ChunkBox,
): Uint8Array | undefined {
  const { shardFile, minishard, chunkId } = locateBox(spec, size, chunkSize, box);
  const key = `${scaleKey}/${shardFile}`;
  const at = `${where}/${key}`;
  const entry = read(key, shardIndexEntryRange(minishard));
  if (entry === undefined) return undefined;
  const indexRange = minishardIndexRange(spec, entry, at);
  if (indexRange[1] === indexRange[0]) return undefined;
  const stored = read(key, indexRange);
  if (stored === undefined || stored.length !== indexRange[1] - indexRange[0])
    throw new PrecomputedFormatError(`${at}: minishard index ${minishard} is truncated`);
  const range = decodeMinishardIndex(spec, stored, `${at} minishard ${minishard}`).get(chunkId);
  if (range === undefined) return undefined;
  const data = read(key, range);
  if (data === undefined || data.length !== range[1] - range[0])
    throw new PrecomputedFormatError(`${at} chunk ${chunkId}: data is truncated`);
  return decodeShardedData(spec, data, `${at} chunk ${chunkId}`);
}
