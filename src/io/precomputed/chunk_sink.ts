/**
 * Where a restored copy's chunks go: each chunk written in the source scale's own layout —
 * `encoding: 'source'` (the default) keeps raw and png chunks as they are, writes a jpeg scale's
 * chunks as png (chunk_encoder.ts says why) and keeps the sharding; `'raw'` writes raw, unsharded
 * chunk files. Returns the copy's `info` with it: the source's JSON (fields we do not model kept)
 * with each scale's encoding and sharding set to what was written.
 *
 * A sharded scale is staged as one file per chunk (its unsharded name) while the copy is written,
 * so an interrupted run keeps what it wrote and resumes; `finish` then assembles each shard file
 * from its staged chunks (one shard in memory at a time), writes it atomically and removes them.
 */
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type WritableEncoding, encodeChunk } from './chunk_encoder.js';
import { type ChunkBox, chunkName, slabChunks, slabStarts } from './chunks.js';
import type { PrecomputedInfo, PrecomputedScale } from './info.js';
import { buildShard, type ShardChunk } from './shard_writer.js';
import { locateBox, type ShardingSpec } from './sharded.js';
import { FileWriteQueue } from './write_queue.js';

export type OutputEncoding = 'raw' | 'source';

export interface ChunkSinkOptions {
  encoding?: OutputEncoding;
  /** The caller's write queue (its `flush` then covers the sink's writes too); else the sink's own. */
  files?: FileWriteQueue;
}

export interface ChunkSink {
  /** Queues chunk `box` of `scale` (raw bytes, x fastest) for writing. */
  write(scale: PrecomputedScale, box: ChunkBox, raw: Uint8Array, signal?: AbortSignal): Promise<void>;
  /** Waits for every write and assembles the shard files of sharded scales. */
  finish(signal?: AbortSignal): Promise<void>;
}

interface ScalePlan {
  encoding: WritableEncoding;
  sharding?: ShardingSpec;
}

function planOf(scale: PrecomputedScale, encoding: OutputEncoding): ScalePlan {
  if (encoding === 'raw') return { encoding: 'raw' };
  return { encoding: scale.encoding === 'raw' ? 'raw' : 'png', sharding: scale.sharding };
}

/** The source's info JSON with each scale's encoding and sharding set to its plan. */
function copyInfoBytes(infoBytes: Uint8Array, info: PrecomputedInfo, plans: Map<string, ScalePlan>): Uint8Array {
  const same = info.scales.every((s) => {
    const plan = plans.get(s.key)!;
    return plan.encoding === s.encoding && plan.sharding === s.sharding;
  });
  if (same) return infoBytes;
  const json = JSON.parse(new TextDecoder().decode(infoBytes)) as { scales: Array<Record<string, unknown>> };
  for (const scale of json.scales) {
    const plan = plans.get(scale.key as string)!;
    if (scale.encoding !== plan.encoding) {
      scale.encoding = plan.encoding;
      delete scale.jpeg_quality;
      delete scale.png_level;
    }
    if (plan.sharding === undefined) delete scale.sharding;
  }
  return new TextEncoder().encode(JSON.stringify(json, null, 2) + '\n');
}

const codeOf = (err: unknown): string | undefined => (err as NodeJS.ErrnoException).code;

function readIfPresent(path: string): Uint8Array | undefined {
  try {
    return readFileSync(path);
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Every shard of a sharded scale from its staged chunk files. A shard with no staged chunk is
 * left as it is: nothing was written there, or an earlier `finish` already built it.
 */
function writeShards(dir: string, scale: PrecomputedScale, spec: ShardingSpec, signal?: AbortSignal): void {
  const chunk = scale.chunk_sizes[0];
  const byShard = new Map<string, Array<{ id: bigint; name: string }>>();
  for (const z0 of slabStarts(scale.size[2], chunk[2])) {
    for (const box of slabChunks(scale.size, chunk, z0, Math.min(z0 + chunk[2], scale.size[2]))) {
      const { shardFile, chunkId } = locateBox(spec, scale.size, chunk, box);
      let list = byShard.get(shardFile);
      if (list === undefined) byShard.set(shardFile, (list = []));
      list.push({ id: chunkId, name: chunkName(box, scale.voxel_offset) });
    }
  }
  const scaleDir = join(dir, scale.key);
  for (const [shardFile, members] of byShard) {
    signal?.throwIfAborted();
    const chunks: ShardChunk[] = [];
    const staged: string[] = [];
    for (const { id, name } of members) {
      const data = readIfPresent(join(scaleDir, name));
      if (data === undefined) continue;
      chunks.push({ id, data });
      staged.push(name);
    }
    if (chunks.length === 0) continue;
    const path = join(scaleDir, shardFile);
    writeFileSync(`${path}.tmp`, buildShard(spec, chunks));
    renameSync(`${path}.tmp`, path);
    for (const name of staged) unlinkSync(join(scaleDir, name));
  }
}

export function openChunkSink(
  dir: string,
  source: PrecomputedInfo,
  sourceInfoBytes: Uint8Array,
  options: ChunkSinkOptions = {},
): { sink: ChunkSink; infoBytes: Uint8Array } {
  const encoding = options.encoding ?? 'source';
  const files = options.files ?? new FileWriteQueue();
  const plans = new Map(source.scales.map((s) => [s.key, planOf(s, encoding)]));
  const sink: ChunkSink = {
    async write(scale, box, raw, signal) {
      signal?.throwIfAborted();
      const bytes = encodeChunk(raw, box, plans.get(scale.key)!.encoding);
      await files.write(join(dir, scale.key, chunkName(box, scale.voxel_offset)), bytes);
    },
    async finish(signal) {
      await files.flush();
      for (const scale of source.scales) {
        const { sharding } = plans.get(scale.key)!;
        if (sharding !== undefined) writeShards(dir, scale, sharding, signal);
      }
    },
  };
  return { sink, infoBytes: copyInfoBytes(sourceInfoBytes, source, plans) };
}
