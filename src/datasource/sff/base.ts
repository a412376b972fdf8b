/**
 * What crosses the worker boundary for an `sff://` volume chunk source: plain, serialisable, and
 * defined once for both threads (frontend.ts and backend.ts pass the class to `WithParameters`).
 */

/** A decoded chunk: `data` is x-fastest over `chunkDataSize`; null when the source has no chunk. */
export interface ChunkData {
  data: ArrayBufferView | null;
  chunkDataSize: Uint32Array;
}

/** Geometry of the scale a chunk belongs to (in voxels, rank = chunkDataSize.length). */
export interface ChunkGrid {
  chunkDataSize: Uint32Array;
  upperVoxelBound: Float32Array;
}

/** Names of the section processors the worker can load (see section_processor.ts). */
export type SectionProcessorName = 'identity' | 'detect' | 'restore';

export class SffVolumeChunkSourceParameters {
  static readonly RPC_ID = 'sff/VolumeChunkSource';
  /** Worker-side id of the wrapped data source's chunk source: we download through it. */
  declare innerRpcId: number;
  /** Which section processor turns raw chunks into served chunks. */
  declare processor: SectionProcessorName;
  /**
   * Worker-side id of the wrapped chunk source folds are detected on, the same for every scale of
   * a volume so all scales agree; also the key of that volume's detection results.
   */
  declare detectionRpcId: number;
  /** Pixels of the volume's finest scale per pixel of the detection scale (fold sizes are in those). */
  declare detectionFactor: number;
  /** Absolute URL of the folder holding interp.onnx, unfold.onnx and fusion.onnx. */
  declare modelsUrl: string;
  /** Sections the user marked folded / clean (overrides of the detector, see overrides.ts). */
  declare folded: number[];
  declare clean: number[];
  /** Overlay the fold mask on flagged sections. */
  declare showMask: boolean;
  /**
   * Absolute URL of a fold catalogue's folds.json (`#folds=`): flags and geometry come from it and
   * nothing is detected; `detectionRpcId` is then the base scale's source (the catalogue's frame).
   */
  declare catalogueUrl?: string;
}

/** Names one volume's sections as one source of folds sees them (detected, or a given catalogue). */
export function volumeKeyOf(
  parameters: Pick<SffVolumeChunkSourceParameters, 'detectionRpcId' | 'catalogueUrl'>,
): string {
  const { detectionRpcId, catalogueUrl } = parameters;
  return catalogueUrl === undefined ? String(detectionRpcId) : `${detectionRpcId}#folds=${catalogueUrl}`;
}

/** Worker → frontend message: one section's detection result. */
export const FOLD_REPORT_RPC_ID = 'sff/foldReport';

export interface SectionFold {
  line: [number, number][];
  score: number;
}

/** What the frontend learns about one section (the mask stays in the worker). */
export interface SectionFoldSummary {
  z: number;
  flagged: boolean;
  score: number;
  maskFraction: number;
  /** Each fold's centre polyline in voxels of the detection scale (the base scale with a catalogue) (curves; a branch is a fold of its own), and score. */
  folds: SectionFold[];
  /** Why the section could not be checked (it is then served raw). */
  failure?: string;
  /** Chunks of the section the source does not have: it is no neighbour where they lie. */
  missingChunks?: number;
  /** Read from a fold catalogue, not detected. */
  fromCatalogue?: boolean;
}

export interface FoldReportMessage extends SectionFoldSummary {
  volumeKey: string;
}

/** Worker → frontend message: restoration of a section started, finished or failed. */
export const RESTORE_EVENT_RPC_ID = 'sff/restoreEvent';

export type RestoreEvent =
  | { state: 'running'; z: number; backend: string }
  | { state: 'done'; z: number; backend: string; ms: number; note?: string }
  | { state: 'failed'; z: number; message: string };

export type RestoreEventMessage = RestoreEvent & { volumeKey: string };
