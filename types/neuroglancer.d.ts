/**
 * Ambient declarations for the neuroglancer 2.41 modules we rely on that ship without `.d.ts`
 * (chunk management and slice-view base classes, the worker bundle entry). Only the members this
 * project uses are declared. Neuroglancer's own `.d.ts` files import these modules through the
 * package-internal `#src/…` specifiers, so those names re-export the declarations below.
 */

declare module 'neuroglancer/unstable/chunk_worker.bundle.js' {}

declare module 'neuroglancer/unstable/chunk_manager/frontend.js' {
  import type { RPC, SharedObject } from 'neuroglancer/unstable/worker_rpc.js';

  export interface ChunkSourceConstructor<T> {
    new (chunkManager: ChunkManager, options: any): T;
    encodeOptions(options: any): Record<string, unknown>;
  }

  export class ChunkManager extends SharedObject {
    rpc: RPC | null;
    getChunkSource<T>(constructorFunction: ChunkSourceConstructor<T>, options: any): T;
  }

  export class ChunkSource extends SharedObject {
    chunkManager: ChunkManager;
    constructor(chunkManager: ChunkManager, options?: any);
    static encodeOptions(options: any): Record<string, unknown>;
  }

  /** Mixes a serialisable `parameters` object into a chunk source (frontend half). */
  export function WithParameters<P, TBase extends new (...args: any[]) => object>(
    Base: TBase,
    parametersConstructor: { RPC_ID: string },
  ): TBase & (new (...args: any[]) => { parameters: P });
}

declare module 'neuroglancer/unstable/chunk_manager/backend.js' {
  import type { ChunkState } from 'neuroglancer/unstable/chunk_manager/base.js';
  import type { SharedObject } from 'neuroglancer/unstable/worker_rpc.js';

  export class Chunk {
    key: string | null;
    source: ChunkSource | null;
    /** ChunkPriorityTier: visible, prefetch, or recent (kept, not needed now). */
    priorityTier: number;
    state: ChunkState;
    /** Set while downloading; Neuroglancer ignores a download whose controller was replaced. */
    downloadAbortController?: AbortController;
    freeSystemMemory(): void;
  }

  export interface ChunkQueueManager {
    invalidateSourceCache(source: ChunkSource): void;
    freeChunkGPUMemory(chunk: Chunk): void;
    freeChunkSystemMemory(chunk: Chunk): void;
    updateChunkState(chunk: Chunk, state: ChunkState): void;
  }

  export class ChunkSource extends SharedObject {
    chunks: Map<string, Chunk>;
    chunkManager: { queueManager: ChunkQueueManager };
    download(chunk: Chunk, signal: AbortSignal): Promise<void>;
  }

  /** Worker half of `WithParameters`: `parameters` arrives with the frontend's options. */
  export function WithParameters<P, TBase extends new (...args: any[]) => object>(
    Base: TBase,
    parametersConstructor: { RPC_ID: string },
  ): TBase & (new (...args: any[]) => { parameters: P });
}

declare module 'neuroglancer/unstable/sliceview/frontend.js' {
  import type { ChunkManager, ChunkSource } from 'neuroglancer/unstable/chunk_manager/frontend.js';

  export class SliceViewChunk {
    chunkGridPosition: Float32Array;
  }

  export class SliceViewChunkSource<Spec = unknown, _Chunk = SliceViewChunk> extends ChunkSource {
    spec: Spec;
  }

  export interface SliceViewSingleResolutionSource<Source> {
    chunkSource: Source;
    chunkToMultiscaleTransform: Float32Array;
    lowerClipBound?: Float32Array;
    upperClipBound?: Float32Array;
  }

  export abstract class MultiscaleSliceViewChunkSource<Source = SliceViewChunkSource, Options = unknown> {
    chunkManager: ChunkManager;
    constructor(chunkManager: ChunkManager);
    abstract get rank(): number;
    abstract getSources(options: Options): SliceViewSingleResolutionSource<Source>[][];
  }
}

declare module 'neuroglancer/unstable/sliceview/backend.js' {
  import { Chunk, ChunkSource } from 'neuroglancer/unstable/chunk_manager/backend.js';
  import type { SliceViewChunkSpecification } from 'neuroglancer/unstable/sliceview/base.js';

  export class SliceViewChunk extends Chunk {
    chunkGridPosition: Float32Array;
  }

  export class SliceViewChunkSourceBackend<
    Spec = SliceViewChunkSpecification,
    _Chunk = SliceViewChunk,
  > extends ChunkSource {
    spec: Spec;
  }
}

declare module '#src/chunk_manager/frontend.js' {
  export * from 'neuroglancer/unstable/chunk_manager/frontend.js';
}
declare module '#src/chunk_manager/backend.js' {
  export * from 'neuroglancer/unstable/chunk_manager/backend.js';
}
declare module '#src/sliceview/frontend.js' {
  export * from 'neuroglancer/unstable/sliceview/frontend.js';
}
declare module '#src/sliceview/backend.js' {
  export * from 'neuroglancer/unstable/sliceview/backend.js';
}

declare module 'neuroglancer/unstable/layer/image/index.js' {
  import type { AnnotationSource } from 'neuroglancer/unstable/annotation/index.js';
  import type { ManagedUserLayer, UserLayer } from 'neuroglancer/unstable/layer/index.js';
  import type { LoadedDataSubsource } from 'neuroglancer/unstable/layer/layer_data_source.js';
  import type { RenderLayerRole } from 'neuroglancer/unstable/renderlayer.js';

  export class ImageUserLayer extends UserLayer {
    static type: string;
    constructor(managedLayer: ManagedUserLayer);
    activateDataSubsources(subsources: Iterable<LoadedDataSubsource>): void;
    /** From UserLayerWithAnnotationsMixin: renders `source` as an annotation layer of this layer. */
    addLocalAnnotations(loadedSubsource: LoadedDataSubsource, source: AnnotationSource, role: RenderLayerRole): void;
  }
}
