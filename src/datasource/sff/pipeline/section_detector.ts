/**
 * Fold detection per section, shared by every chunk (and every scale) that shows the section: the
 * section is assembled whole at the detection scale, detected once, and the result cached. Chunks
 * waiting on it withdraw with their own signals; the assembly stops when all of them have. Pure.
 */
import { detectFolds, type FoldDetection } from '../../../core/detection/index.js';
import { makeGray } from '../../../core/image.js';
import type { ChunkGrid } from '../base.js';
import { assembleSection, type FetchChunk } from './section_assembly.js';
import type { SharedTaskCache } from './shared_tasks.js';

/** A detection, or why the section could not be checked (then it is served raw, as if clean). */
export type SectionDetection = FoldDetection & { failure?: string };

export type DetectSection = (z: number, signal: AbortSignal) => Promise<SectionDetection>;

export interface SectionDetectorOptions {
  /** Distinguishes volumes sharing one cache. */
  volumeKey: string;
  /** Geometry of the detection scale. */
  grid: ChunkGrid;
  /** Fetches chunks of the detection scale (ideally through a shared chunk cache). */
  fetchChunk: FetchChunk;
  cache: SharedTaskCache<string, SectionDetection>;
  /** Called once per computed result or failure, e.g. to tell the frontend. */
  onDetected(z: number, detection: SectionDetection): void;
}

export function makeSectionDetector(options: SectionDetectorOptions): DetectSection {
  const { volumeKey, grid, fetchChunk, cache, onDetected } = options;
  return (z, signal) =>
    cache.get(
      `${volumeKey}/${z}`,
      async (taskSignal) => {
        let detection: SectionDetection;
        try {
          const section = await assembleSection(grid, z, fetchChunk, taskSignal);
          taskSignal.throwIfAborted();
          detection = detectFolds(section);
        } catch (err) {
          if (taskSignal.aborted) throw err;
          // Kept like a result: a section that cannot be assembled must not be refetched per chunk.
          detection = unchecked(err instanceof Error ? err.message : String(err));
        }
        onDetected(z, detection);
        return detection;
      },
      signal,
    );
}

function unchecked(failure: string): SectionDetection {
  return { flagged: false, score: 0, mask: makeGray(0, 0), maskFraction: 0, segments: [], failure };
}

/** Bytes a cached detection holds (its masks), for the cache budget. */
export function detectionBytes(detection: FoldDetection): number {
  return detection.mask.data.byteLength + (detection.paddingMask?.data.byteLength ?? 0);
}
