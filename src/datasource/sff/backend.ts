/**
 * Worker half of the `sff://` volume chunk source: download the raw chunk through the wrapped
 * source (via the shared chunk cache), hand it to the section processor with the volume's section
 * detector (plus the user's marks) and restorer, serve what it returns, and report detections and
 * restorations to the frontend. A section still being restored is served raw; its chunks are
 * served again when the restoration is done.
 */
import { WithParameters } from 'neuroglancer/unstable/chunk_manager/backend.js';
import { ChunkPriorityTier } from 'neuroglancer/unstable/chunk_manager/base.js';
import { type VolumeChunk, VolumeChunkSource } from 'neuroglancer/unstable/sliceview/volume/backend.js';
import { registerSharedObject } from 'neuroglancer/unstable/worker_rpc.js';
import { SffError } from '../../core/errors.js';
import { NEIGHBOUR_REACH } from '../../restoration/neighbours.js';
import {
  FOLD_REPORT_RPC_ID,
  type FoldReportMessage,
  RESTORE_EVENT_RPC_ID,
  type RestoreEvent,
  type RestoreEventMessage,
  SffVolumeChunkSourceParameters,
  type ChunkGrid,
} from './base.js';
import { makeBackgroundRestorer } from './pipeline/background_restorer.js';
import { applyMark, marksNear, markOf } from './pipeline/overrides.js';
import { sectionsOfChunk } from './pipeline/section_assembly.js';
import { type DetectSection, makeSectionDetector, type SectionDetection } from './pipeline/section_detector.js';
import { loadSectionProcessor, type SectionProcessor } from './pipeline/section_processor.js';
import { makeSectionRestorer, type RestorationRuntime, type RestoreSection } from './pipeline/section_restorer.js';
import { cachedFetcher, detections, restorations } from './worker_caches.js';

/** One runtime per models folder, loaded when the first flagged section is restored. */
const runtimes = new Map<string, Promise<RestorationRuntime>>();

function loadRuntime(modelsUrl: string): Promise<RestorationRuntime> {
  let runtime = runtimes.get(modelsUrl);
  if (runtime === undefined) {
    // Dynamic import: onnxruntime-web and the pipeline live in their own chunk.
    runtime = import('./restoration_runtime.js').then((m) => m.createRestorationRuntime(modelsUrl));
    runtimes.set(modelsUrl, runtime);
  }
  return runtime;
}

@registerSharedObject()
export class SffVolumeChunkSource extends WithParameters<SffVolumeChunkSourceParameters, typeof VolumeChunkSource>(
  VolumeChunkSource,
  SffVolumeChunkSourceParameters,
) {
  private processor: Promise<SectionProcessor> | undefined;
  private sections: { detect: DetectSection; restore: RestoreSection } | undefined;
  /** 'done' events held back until the section's chunks are refreshed (see refreshSection). */
  private readonly restoredEvents = new Map<number, RestoreEvent>();

  /** A wrapped chunk source; its frontend owner is kept alive by our frontend counterpart. */
  private wrapped(rpcId: number): VolumeChunkSource {
    const inner: unknown = this.rpc?.get(rpcId);
    if (!(inner instanceof VolumeChunkSource)) {
      throw new SffError(
        'InnerChunkSourceMissing',
        `sff: wrapped chunk source ${rpcId} is not available in the worker`,
      );
    }
    return inner;
  }

  async download(chunk: VolumeChunk, signal: AbortSignal): Promise<void> {
    const fetchChunk = cachedFetcher(this.wrapped(this.parameters.innerRpcId));
    const raw = await fetchChunk(chunk.chunkGridPosition, signal);
    chunk.chunkDataSize = raw.chunkDataSize;
    if (raw.data === null) {
      // Missing upstream: serve it exactly as the raw layer would.
      chunk.data = null;
      return;
    }
    this.processor ??= loadSectionProcessor(this.parameters.processor);
    const processor = await this.processor;
    const served = await processor.process(
      {
        chunk: { data: raw.data, chunkDataSize: raw.chunkDataSize },
        chunkGridPosition: chunk.chunkGridPosition,
        grid: { chunkDataSize: this.spec.chunkDataSize, upperVoxelBound: this.spec.upperVoxelBound },
        fetchChunk,
        detectSection: (z, s) => this.sectionTasks().detect(z, s),
        restoreSection: (z, detection, s) => this.sectionTasks().restore(z, detection, s),
        showMask: this.parameters.showMask,
      },
      signal,
    );
    // Cached chunks are shared, and Neuroglancer transfers the served buffer to the main thread.
    chunk.data = served === raw.data ? structuredClone(served) : served;
  }

  /** Detection and restoration of this volume's sections, on the detection scale. */
  private sectionTasks(): { detect: DetectSection; restore: RestoreSection } {
    if (this.sections === undefined) {
      const { detectionRpcId, modelsUrl, folded, clean } = this.parameters;
      const source = this.wrapped(detectionRpcId);
      const grid: ChunkGrid = {
        chunkDataSize: source.spec.chunkDataSize,
        upperVoxelBound: source.spec.upperVoxelBound,
      };
      const volumeKey = String(detectionRpcId);
      const fetchChunk = cachedFetcher(source);
      const detected = makeSectionDetector({
        volumeKey,
        grid,
        fetchChunk,
        cache: detections,
        onDetected: (z, detection) => this.report(z, detection),
      });
      // The cache and the frontend's report hold what the detector found; the user's marks apply on top.
      const marks = { restore: true, folded, clean };
      const detect: DetectSection = async (z, s) => applyMark(await detected(z, s), markOf(marks, z));
      const restoreShared = makeSectionRestorer({
        volumeKey: `${volumeKey}@${modelsUrl}`,
        // Marks near z change which neighbours restore it.
        variant: (z) => marksNear(marks, z, NEIGHBOUR_REACH),
        grid,
        fetchChunk,
        detectSection: detect,
        runtime: () => loadRuntime(modelsUrl),
        cache: restorations,
        onEvent: (event) =>
          event.state === 'done' ? this.restoredEvents.set(event.z, event) : this.reportRestore(event),
      });
      // Chunks never wait for a restoration: raw pixels first, restored ones when ready.
      const restore = makeBackgroundRestorer({
        restore: restoreShared,
        wanted: (z) => this.showsSection(z),
        refresh: (z) => this.refreshSection(z),
      });
      this.sections = { detect, restore };
    }
    return this.sections;
  }

  /** Whether a chunk of section z is visible or prefetched (not merely kept from earlier). */
  private showsSection(z: number): boolean {
    const grid = { chunkDataSize: this.spec.chunkDataSize, upperVoxelBound: this.spec.upperVoxelBound };
    for (const chunk of this.chunks.values()) {
      if (chunk.priorityTier === ChunkPriorityTier.RECENT) continue;
      if (sectionsOfChunk((chunk as VolumeChunk).chunkGridPosition, grid).includes(z)) return true;
    }
    return false;
  }

  /**
   * Serves this source's chunks again now that section z is restored (the restored section is
   * cached, the rest comes from the chunk cache), then tells the frontend: by the time it hears
   * "restored", the stale chunks are already gone.
   */
  private refreshSection(z: number): void {
    this.chunkManager.queueManager.invalidateSourceCache(this);
    const event = this.restoredEvents.get(z);
    this.restoredEvents.delete(z);
    if (event !== undefined) this.reportRestore(event);
  }

  private report(z: number, detection: SectionDetection): void {
    const message: FoldReportMessage = {
      detectionRpcId: this.parameters.detectionRpcId,
      z,
      flagged: detection.flagged,
      score: detection.score,
      maskFraction: detection.maskFraction,
      segments: detection.segments.map((s) => [...s]),
      failure: detection.failure,
      missingChunks: detection.missing?.length,
    };
    this.rpc?.invoke(FOLD_REPORT_RPC_ID, message);
  }

  private reportRestore(event: RestoreEvent): void {
    const message: RestoreEventMessage = { ...event, detectionRpcId: this.parameters.detectionRpcId };
    this.rpc?.invoke(RESTORE_EVENT_RPC_ID, message);
  }
}
