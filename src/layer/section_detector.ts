/**
 * Fold detection per section, shared by every chunk (and every scale) that shows the section: the
 * section is assembled whole at the detection scale, detected once, and the result cached. Chunks
 * waiting on it withdraw with their own signals; the assembly stops when all of them have. Pure.
 */
import { detectFolds, type FoldDetection } from '../core/detection/index.js';
import { assembleSection, type FetchChunk } from './section_assembly.js';
import type { ChunkGrid } from './section_processor.js';
import type { SharedTaskCache } from './shared_tasks.js';

export type DetectSection = (z: number, signal: AbortSignal) => Promise<FoldDetection>;

export interface SectionDetectorOptions {
  /** Distinguishes volumes sharing one cache. */
  volumeKey: string;
  /** Geometry of the detection scale. */
  grid: ChunkGrid;
  /** Fetches chunks of the detection scale (ideally through a shared chunk cache). */
  fetchChunk: FetchChunk;
  cache: SharedTaskCache<string, FoldDetection>;
  /** Called once per computed result, e.g. to tell the frontend. */
  onDetected(z: number, detection: FoldDetection): void;
}

export function makeSectionDetector(options: SectionDetectorOptions): DetectSection {
  const { volumeKey, grid, fetchChunk, cache, onDetected } = options;
  return (z, signal) =>
    cache.get(
      `${volumeKey}/${z}`,
      async (taskSignal) => {
        const section = await assembleSection(grid, z, fetchChunk, taskSignal);
        taskSignal.throwIfAborted();
        const detection = detectFolds(section);
        onDetected(z, detection);
        return detection;
      },
      signal,
    );
}

/** Bytes a cached detection holds (its masks), for the cache budget. */
export function detectionBytes(detection: FoldDetection): number {
  return detection.mask.data.byteLength + (detection.paddingMask?.data.byteLength ?? 0);
}
