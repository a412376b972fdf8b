/// <reference path="../../types/neuroglancer.d.ts" />
/**
 * Worker half of the `sff://` volume chunk source: download the raw chunk through the wrapped
 * source, hand it to the section processor, serve what it returns.
 */
import { WithParameters } from 'neuroglancer/unstable/chunk_manager/backend.js';
import { type VolumeChunk, VolumeChunkSource } from 'neuroglancer/unstable/sliceview/volume/backend.js';
import { registerSharedObject } from 'neuroglancer/unstable/worker_rpc.js';
import { SffVolumeChunkSourceParameters } from './base.js';
import { SffLayerError } from './errors.js';
import { downloadInnerChunk } from './inner_chunk.js';
import { loadSectionProcessor, type SectionProcessor } from './section_processor.js';

@registerSharedObject()
export class SffVolumeChunkSource extends WithParameters<SffVolumeChunkSourceParameters, typeof VolumeChunkSource>(
  VolumeChunkSource,
  SffVolumeChunkSourceParameters,
) {
  private processor: Promise<SectionProcessor> | undefined;

  /** The wrapped chunk source; its frontend owner is kept alive by our frontend counterpart. */
  private get inner(): VolumeChunkSource {
    const inner: unknown = this.rpc?.get(this.parameters.innerRpcId);
    if (!(inner instanceof VolumeChunkSource)) {
      throw new SffLayerError(
        'InnerChunkSourceMissing',
        `sff: wrapped chunk source ${this.parameters.innerRpcId} is not available in the worker`,
      );
    }
    return inner;
  }

  async download(chunk: VolumeChunk, signal: AbortSignal): Promise<void> {
    const inner = this.inner;
    const raw = await downloadInnerChunk(inner, chunk.chunkGridPosition, signal);
    chunk.chunkDataSize = raw.chunkDataSize;
    if (raw.data === null) {
      // Missing upstream: serve it exactly as the raw layer would.
      chunk.data = null;
      return;
    }
    this.processor ??= loadSectionProcessor(this.parameters.processor);
    const processor = await this.processor;
    chunk.data = await processor.process(
      {
        chunk: { data: raw.data, chunkDataSize: raw.chunkDataSize },
        chunkGridPosition: chunk.chunkGridPosition,
        grid: { chunkDataSize: this.spec.chunkDataSize, upperVoxelBound: this.spec.upperVoxelBound },
        fetchChunk: (position, fetchSignal) => downloadInnerChunk(inner, position, fetchSignal),
      },
      signal,
    );
  }
}
