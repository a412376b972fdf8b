/// <reference path="../../types/neuroglancer.d.ts" />
/**
 * Frontend wrapper of a wrapped image volume: same scales, same chunk layout, but every chunk
 * source is an `sff://` source whose worker half downloads through the wrapped one.
 */
import { type ChunkManager, WithParameters } from 'neuroglancer/unstable/chunk_manager/frontend.js';
import type { SliceViewSingleResolutionSource } from 'neuroglancer/unstable/sliceview/frontend.js';
import type { DataType, VolumeSourceOptions, VolumeType } from 'neuroglancer/unstable/sliceview/volume/base.js';
import {
  MultiscaleVolumeChunkSource,
  VolumeChunkSource,
} from 'neuroglancer/unstable/sliceview/volume/frontend.js';
import { type SectionProcessorName, SffVolumeChunkSourceParameters } from './base.js';

interface SffChunkSourceOptions {
  spec: VolumeChunkSource['spec'];
  parameters: SffVolumeChunkSourceParameters;
  /** Not part of the memo key: only used to hold a reference while this source lives. */
  inner: VolumeChunkSource;
}

export class SffVolumeChunkSource extends WithParameters<SffVolumeChunkSourceParameters, typeof VolumeChunkSource>(
  VolumeChunkSource,
  SffVolumeChunkSourceParameters,
) {
  constructor(chunkManager: ChunkManager, options: SffChunkSourceOptions) {
    super(chunkManager, options);
    // The worker half looks the wrapped source up by rpcId, so it must outlive us.
    this.registerDisposer(options.inner.addRef());
  }
}

export class SffMultiscaleVolumeChunkSource extends MultiscaleVolumeChunkSource {
  constructor(
    private readonly inner: MultiscaleVolumeChunkSource,
    private readonly processor: SectionProcessorName,
  ) {
    super(inner.chunkManager);
  }

  get dataType(): DataType {
    return this.inner.dataType;
  }

  get volumeType(): VolumeType {
    return this.inner.volumeType;
  }

  get rank(): number {
    return this.inner.rank;
  }

  getSources(options: VolumeSourceOptions): SliceViewSingleResolutionSource<SffVolumeChunkSource>[][] {
    const scales = this.inner.getSources(options);
    return scales.map((layouts) => layouts.map((source) => ({ ...source, chunkSource: this.wrap(source.chunkSource) })));
  }

  private wrap(inner: VolumeChunkSource): SffVolumeChunkSource {
    const options: SffChunkSourceOptions = {
      spec: inner.spec,
      parameters: { innerRpcId: inner.rpcId!, processor: this.processor },
      inner,
    };
    const source = this.chunkManager.getChunkSource(SffVolumeChunkSource, options);
    // getSources handed us one reference to `inner`; the wrapper holds its own, so release ours.
    inner.dispose();
    return source;
  }
}
