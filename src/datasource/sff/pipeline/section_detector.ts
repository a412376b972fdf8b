/**
 * Fold detection per section, shared by every chunk (and every scale) that shows the section: the
 * section is assembled whole at the detection scale, detected once, and the result cached. Chunks
 * waiting on it withdraw with their own signals; the assembly stops when all of them have. Pure.
 */
import { type DetectOptions, detectFoldsSliced, type FoldDetection } from '../../../core/detection/index.js';
import type { SectionGeometry } from '../../../core/geometry/fold_geometry.js';
import { makeGray } from '../../../core/image.js';
import { runInSlices } from '../../../core/slices.js';
import type { ChunkGrid } from '../base.js';
import { assembleSectionWithGaps, type FetchChunk, type MissingBox } from './section_assembly.js';
import type { SharedTaskCache } from './shared_tasks.js';

/** A detection, or why the section could not be checked (then it is served raw, as if clean). */
export type SectionDetection = FoldDetection & {
  failure?: string;
  /** Chunks of the section the source does not have (their pixels are 0): never data to restore from. */
  missing?: MissingBox[];
  /**
   * The section's fold geometry when it came with the detection (a fold catalogue, frame: the
   * volume's base scale): then nothing is estimated, and no section is assembled to plan it.
   */
  geometry?: SectionGeometry;
};

export type DetectSection = (z: number, signal: AbortSignal) => Promise<SectionDetection>;

export interface SectionDetectorOptions {
  /** Distinguishes volumes sharing one cache. */
  volumeKey: string;
  /** Geometry of the detection scale. */
  grid: ChunkGrid;
  /** Fetches chunks of the detection scale (ideally through a shared chunk cache). */
  fetchChunk: FetchChunk;
  cache: SharedTaskCache<string, SectionDetection>;
  /** Detector options for this scale (e.g. the narrowest band, scaled to the detection scale). */
  detectOptions?: Omit<DetectOptions, 'neighbours'>;
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
        let missing: MissingBox[] = [];
        try {
          const assembled = await assembleSectionWithGaps(grid, z, fetchChunk, taskSignal);
          taskSignal.throwIfAborted();
          missing = assembled.missing;
          detection = isAllMissing(missing, assembled.image)
            ? unchecked(`no data: all ${missing.length} chunks of the section are missing`)
            : // In slices: the worker's one thread also serves the other layers' chunks.
              await runInSlices(detectFoldsSliced(assembled.image, options.detectOptions), taskSignal);
        } catch (err) {
          if (taskSignal.aborted) throw err;
          // Kept like a result: a section that cannot be assembled must not be refetched per chunk.
          detection = unchecked(err instanceof Error ? err.message : String(err));
        }
        if (missing.length > 0) detection = { ...detection, missing };
        onDetected(z, detection);
        return detection;
      },
      signal,
    );
}

export function unchecked(failure: string): SectionDetection {
  return { flagged: false, score: 0, mask: makeGray(0, 0), maskFraction: 0, segments: [], folds: [], failure };
}

function isAllMissing(missing: MissingBox[], image: { width: number; height: number }): boolean {
  return missing.length > 0 && missing.reduce((n, b) => n + b.width * b.height, 0) >= image.width * image.height;
}

/** Bytes a cached detection holds (its masks), for the cache budget. */
export function detectionBytes(detection: FoldDetection): number {
  return detection.mask.data.byteLength + (detection.paddingMask?.data.byteLength ?? 0);
}
