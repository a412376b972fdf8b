/** Section stack → Neuroglancer precomputed image volume on disk (unsharded, raw chunks). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeDirAtomically } from './atomic_dir.js';
import { chunkName, extractChunk, slabChunks, slabStarts } from './chunks.js';
import { pyramid } from './downsample.js';
import { type PrecomputedInfo, type VolumeLayout, makeInfo } from './info.js';
import type { SectionStack } from './stack.js';
import { FileWriteQueue } from './write_queue.js';

/**
 * `raw`: uncompressed chunk files, readable from any static server.
 * `gzip`: the same files plus a gzip-compressed `<chunk>.gz` sibling each, for servers that send
 * precompressed siblings with `Content-Encoding: gzip` (nginx `gzip_static`, demo/serve.ts); the
 * browser inflates them before Neuroglancer sees the bytes, so `info` still says `raw`.
 */
export type ChunkEncoding = 'raw' | 'gzip';

export interface WriteVolumeOptions extends VolumeLayout {
  encoding?: ChunkEncoding;
  signal?: AbortSignal;
  /** Called after each slab of sections with the number of sections written so far. */
  onProgress?: (sectionsDone: number, sectionsTotal: number) => void;
}

/** True when `dir` holds a precomputed volume's `info` (so replacing it destroys nothing foreign). */
export function isPrecomputedDir(dir: string): boolean {
  const path = join(dir, 'info');
  if (!existsSync(path)) return false;
  try {
    return (
      (JSON.parse(readFileSync(path, 'utf8')) as { '@type'?: unknown })['@type'] === 'neuroglancer_multiscale_volume'
    );
  } catch {
    return false;
  }
}

export async function writePrecomputed(
  outDir: string,
  stack: SectionStack,
  options: WriteVolumeOptions,
): Promise<PrecomputedInfo> {
  const info = makeInfo(stack.width, stack.height, stack.depth, options);
  const { signal, onProgress } = options;
  const gzip = options.encoding === 'gzip';
  const chunk = options.chunkSize;
  signal?.throwIfAborted();
  await writeDirAtomically(outDir, { isOurs: isPrecomputedDir, what: 'a precomputed volume' }, async (tmp) => {
    writeFileSync(join(tmp, 'info'), JSON.stringify(info, null, 2) + '\n');
    for (const scale of info.scales) mkdirSync(join(tmp, scale.key));
    const files = new FileWriteQueue();
    try {
      // Scales shrink x and y only, so one slab of sections yields every scale's chunks of that slab.
      for (const z0 of slabStarts(stack.depth, chunk[2])) {
        const z1 = Math.min(z0 + chunk[2], stack.depth);
        const levels: ReturnType<typeof pyramid>[] = [];
        for (let z = z0; z < z1; z++) levels.push(pyramid(stack.section(z), info.scales.length));
        for (const [i, scale] of info.scales.entries()) {
          const sections = levels.map((level) => level[i]);
          for (const box of slabChunks(scale.size, chunk, z0, z1)) {
            const path = join(tmp, scale.key, chunkName(box));
            const bytes = extractChunk(sections, box);
            await files.write(path, bytes);
            if (gzip) await files.write(`${path}.gz`, gzipSync(bytes));
          }
        }
        await files.flush();
        onProgress?.(z1, stack.depth);
        signal?.throwIfAborted();
      }
    } finally {
      await files.settle();
    }
  });
  return info;
}
