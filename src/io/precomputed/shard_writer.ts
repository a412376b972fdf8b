/**
 * One `<shard>.shard` file of a sharded scale (neuroglancer src/datasource/precomputed/sharded.md),
 * assembled from its chunks: the fixed-size shard index (2^minishard_bits [start, end) uint64le
 * pairs, relative to the index's end), then per minishard its chunks' data (sorted by chunk id)
 * followed by its minishard index (3 × n uint64le: delta-encoded ids, starts relative to the
 * previous chunk's end, sizes). `data_encoding` / `minishard_index_encoding` gzip as the spec says.
 * The inverse of sharded.ts's reader, which is tested against shards written by other tools.
 */
import { gzipSync } from 'node:zlib';
import { locateChunk, type ShardingSpec } from './sharded.js';

export interface ShardChunk {
  /** The chunk's id: compressed Morton code of its grid position (sharded.ts locateBox). */
  id: bigint;
  /** The chunk's encoded bytes (raw, png, …), before the sharding's data_encoding. */
  data: Uint8Array;
}

const gzip = (bytes: Uint8Array): Uint8Array => new Uint8Array(gzipSync(bytes));

export function buildShard(spec: ShardingSpec, chunks: readonly ShardChunk[]): Uint8Array {
  const minishards = 2 ** spec.minishard_bits;
  const members: ShardChunk[][] = Array.from({ length: minishards }, () => []);
  for (const chunk of chunks) members[locateChunk(spec, chunk.id).minishard].push(chunk);
  const shardIndex = new DataView(new ArrayBuffer(16 * minishards));
  const parts: Uint8Array[] = [new Uint8Array(shardIndex.buffer)];
  let offset = 0n; // from the end of the shard index
  members.forEach((list, minishard) => {
    list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const n = list.length;
    const index = new DataView(new ArrayBuffer(24 * n));
    let previousId = 0n;
    let previousEnd = 0n;
    list.forEach(({ id, data }, i) => {
      const stored = spec.data_encoding === 'gzip' ? gzip(data) : data;
      index.setBigUint64(8 * i, id - previousId, true);
      index.setBigUint64(8 * (n + i), offset - previousEnd, true);
      index.setBigUint64(8 * (2 * n + i), BigInt(stored.length), true);
      parts.push(stored);
      offset += BigInt(stored.length);
      [previousId, previousEnd] = [id, offset];
    });
    const start = offset;
    if (n > 0) {
      const raw = new Uint8Array(index.buffer);
      const encoded = spec.minishard_index_encoding === 'gzip' ? gzip(raw) : raw;
      parts.push(encoded);
      offset += BigInt(encoded.length);
    }
    shardIndex.setBigUint64(16 * minishard, start, true);
    shardIndex.setBigUint64(16 * minishard + 8, offset, true);
  });
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
