/// <reference path="../../types/neuroglancer.d.ts" />
/**
 * Worker half of the `sff://` volume chunk source: download the raw chunk through the wrapped
 * source (via the shared chunk cache), hand it to the section processor with the volume's section
 * detector, serve what it returns, and report detections to the frontend.
 */
import { WithParameters } from 'neuroglancer/unstable/chunk_manager/backend.js';
import { type VolumeChunk, VolumeChunkSource } from 'neuroglancer/unstable/sliceview/volume/backend.js';
import { registerSharedObject } from 'neuroglancer/unstable/worker_rpc.js';
import { FOLD_REPORT_RPC_ID, type FoldReportMessage, SffVolumeChunkSourceParameters } from './base.js';
import { SffLayerError } from './errors.js';
import { type DetectSection, makeSectionDetector, type SectionDetection } from './section_detector.js';
import { loadSectionProcessor, type SectionProcessor } from './section_processor.js';
import { cachedFetcher, detections } from './worker_caches.js';

@registerSharedObject()
export class SffVolumeChunkSource extends WithParameters<SffVolumeChunkSourceParameters, typeof VolumeChunkSource>(
  VolumeChunkSource,
  SffVolumeChunkSourceParameters,
) {
  private processor: Promise<SectionProcessor> | undefined;
  private detector: DetectSection | undefined;

  /** A wrapped chunk source; its frontend owner is kept alive by our frontend counterpart. */
  private wrapped(rpcId: number): VolumeChunkSource {
    const inner: unknown = this.rpc?.get(rpcId);
    if (!(inner instanceof VolumeChunkSource)) {
      throw new SffLayerError('InnerChunkSourceMissing', `sff: wrapped chunk source ${rpcId} is not available in the worker`);
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
        detectSection: (z, detectSignal) => this.sectionDetector()(z, detectSignal),
      },
      signal,
    );
    // Cached chunks are shared, and Neuroglancer transfers the served buffer to the main thread.
    chunk.data = served === raw.data ? structuredClone(served) : served;
  }

  private sectionDetector(): DetectSection {
    if (this.detector === undefined) {
      const { detectionRpcId } = this.parameters;
      const source = this.wrapped(detectionRpcId);
      this.detector = makeSectionDetector({
        volumeKey: String(detectionRpcId),
        grid: { chunkDataSize: source.spec.chunkDataSize, upperVoxelBound: source.spec.upperVoxelBound },
        fetchChunk: cachedFetcher(source),
        cache: detections,
        onDetected: (z, detection) => this.report(z, detection),
      });
    }
    return this.detector;
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
    };
    this.rpc?.invoke(FOLD_REPORT_RPC_ID, message);
  }
}
