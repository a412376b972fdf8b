/**
 * Serves a few chunks of a source again, as Neuroglancer's `invalidateSourceCache` does for all of
 * them: a finished block refreshes the chunks it covers, not the whole panel (which requeued every
 * chunk in view once per block, and drew the panel 7–14 s late on an 8192² volume).
 *
 * Each chunk goes the way Neuroglancer's own queue evicts one: the frontend is told the chunk
 * expired (so its stale pixels are not drawn again), the worker's copy is dropped, and the chunk
 * is queued, so the next download serves what is cached now. A chunk still downloading is
 * cancelled first: its download may have read the result that was pending.
 */
import { ChunkState } from 'neuroglancer/unstable/chunk_manager/base.js';

/** The parts of Neuroglancer's backend Chunk a refresh touches. */
export interface RefreshableChunk {
  state: ChunkState;
  downloadAbortController?: AbortController;
  freeSystemMemory(): void;
}

/** The parts of Neuroglancer's ChunkQueueManager a refresh calls. */
export interface RefreshQueue<C> {
  freeChunkGPUMemory(chunk: C): void;
  freeChunkSystemMemory(chunk: C): void;
  updateChunkState(chunk: C, state: ChunkState): void;
}

/** Requeues the chunks `covers` picks; returns how many. */
export function refreshChunks<C extends RefreshableChunk>(
  queue: RefreshQueue<C>,
  chunks: Iterable<C>,
  covers: (chunk: C) => boolean,
): number {
  let count = 0;
  // Collected first: updateChunkState may reorder the source's map while we walk it.
  for (const chunk of [...chunks].filter(covers)) {
    switch (chunk.state) {
      case ChunkState.DOWNLOADING: {
        // As Neuroglancer's cancelChunkDownload (not exported): forget the controller, then abort,
        // so the cancelled download's outcome is ignored.
        const controller = chunk.downloadAbortController;
        chunk.downloadAbortController = undefined;
        controller?.abort(new DOMException('chunk served again', 'AbortError'));
        break;
      }
      case ChunkState.GPU_MEMORY:
        queue.freeChunkGPUMemory(chunk);
        queue.freeChunkSystemMemory(chunk);
        break;
      case ChunkState.SYSTEM_MEMORY:
        queue.freeChunkSystemMemory(chunk);
        break;
      case ChunkState.SYSTEM_MEMORY_WORKER:
        chunk.freeSystemMemory();
        break;
      default:
        // Queued, new, failed or expired: nothing was served that could be stale.
        continue;
    }
    queue.updateChunkState(chunk, ChunkState.QUEUED);
    count++;
  }
  return count;
}
