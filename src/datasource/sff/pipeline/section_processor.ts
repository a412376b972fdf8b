/**
 * The seam between fetching raw chunks and serving them. Detection and restoration plug in here as
 * another `SectionProcessor`: it receives the raw chunk plus a way to fetch any other chunk of the
 * same scale (the z±1 neighbours), and returns the data to serve. Pure: no DOM, no Neuroglancer,
 * so processors are testable in Node with fake chunks.
 */
import { detectedBand } from '../../../core/geometry/estimate.js';
import type { SectionGeometry } from '../../../core/geometry/fold_geometry.js';
import type { ChunkData, ChunkGrid, SectionProcessorName } from '../base.js';
import type { BlockJob, BlockResult } from './block_restorer.js';
import { type ChunkPlace, bandOverlaid, restoredChunk } from './restored_chunk.js';
import { sectionsOfChunk } from './section_assembly.js';
import type { SectionDetection } from './section_detector.js';
import type { PlanSection, SectionPlan } from './section_planner.js';

export interface SectionRequest {
  /** The raw chunk to process, never missing (missing chunks are served as they are). */
  chunk: ChunkData & { data: ArrayBufferView };
  chunkGridPosition: Float32Array;
  grid: ChunkGrid;
  /** Fetches another chunk of the same scale from the wrapped source (e.g. the z±1 neighbours). */
  fetchChunk(chunkGridPosition: Float32Array, signal: AbortSignal): Promise<ChunkData>;
  /** Fold detection of section `z` (voxel index), run once on the whole section and cached. */
  detectSection(z: number, signal: AbortSignal): Promise<SectionDetection>;
  /** The plan (geometry, neighbours) of flagged section `z`, made once at the detection scale. */
  planSection: PlanSection;
  /** The block of section z at this chunk's scale holding pixel (x, y); undefined when no fold reaches it. */
  blockOf(z: number, plan: SectionPlan, x: number, y: number): BlockJob | undefined;
  /** A block restored at this chunk's scale, run once and cached. */
  restoreBlock(job: BlockJob, signal: AbortSignal): Promise<BlockResult>;
  /** Brighten the fold band of flagged sections (the layer's fold mask overlay). */
  showMask?: boolean;
}

export interface SectionProcessor {
  readonly name: SectionProcessorName;
  /** Returns the data to serve, same type and size as `request.chunk.data`. */
  process(request: SectionRequest, signal: AbortSignal): Promise<ArrayBufferView>;
}

/** Serves the raw pixels unchanged: the behaviour before detection and restoration exist. */
export const identityProcessor: SectionProcessor = {
  name: 'identity',
  process: async (request) => request.chunk.data,
};

/**
 * Detects folds on every section the chunk touches (the results reach the frontend through the
 * detector's report), then serves the raw pixels, with the fold mask when asked.
 */
export const detectingProcessor: SectionProcessor = {
  name: 'detect',
  process: async (request, signal) => {
    const sections = sectionsOfChunk(request.chunkGridPosition, request.grid);
    const detections = await Promise.all(sections.map((z) => request.detectSection(z, signal)));
    return withBand(request, request.chunk.data, detections.map(shownBand));
  },
};

/**
 * Serves the chunk's layers of flagged sections from their restored blocks where a fold reaches
 * the chunk (raw while a block is restored, or when it failed: the reason is reported by the
 * restorer), and everything else unchanged.
 */
export const restoringProcessor: SectionProcessor = {
  name: 'restore',
  process: async (request, signal) => {
    const sections = sectionsOfChunk(request.chunkGridPosition, request.grid);
    const detections = await Promise.all(sections.map((z) => request.detectSection(z, signal)));
    const x = request.chunkGridPosition[0] * request.grid.chunkDataSize[0];
    const y = request.chunkGridPosition[1] * request.grid.chunkDataSize[1];
    const plans = await Promise.all(
      detections.map(async (detection, i) =>
        detection.flagged ? (await request.planSection(sections[i], detection, signal)).plan : null,
      ),
    );
    const blocks = await Promise.all(
      plans.map((plan, i) => {
        const job = plan && request.blockOf(sections[i], plan, x, y);
        return job ? request.restoreBlock(job, signal) : null;
      }),
    );
    // The band restored along where there is a plan, else what the detector saw.
    const bands = detections.map((detection, i) => plans[i]?.geometry ?? shownBand(detection));
    const raw = request.chunk.data;
    if (blocks.every((b) => !b?.image) || !(raw instanceof Uint8Array)) return withBand(request, raw, bands);
    return withBand(request, restoredChunk(raw, placeOf(request), blocks), bands);
  },
};

function placeOf(request: SectionRequest): ChunkPlace {
  return {
    chunkDataSize: request.chunk.chunkDataSize,
    chunkGridPosition: request.chunkGridPosition,
    grid: request.grid,
  };
}

/** The band of a flagged section to overlay: the catalogue's geometry, else the detector's lines and widths. */
function shownBand(detection: SectionDetection): SectionGeometry | null {
  return detection.flagged ? (detection.geometry ?? detectedBand(detection)) : null;
}

/** `data` with the fold bands of flagged sections overlaid when the request asks for it. */
function withBand(request: SectionRequest, data: ArrayBufferView, bands: (SectionGeometry | null)[]): ArrayBufferView {
  if (!request.showMask || !(data instanceof Uint8Array) || bands.every((b) => b === null)) return data;
  return bandOverlaid(data, placeOf(request), bands);
}

// Heavy processors (onnxruntime-web and its models) arrive through a dynamic import here, so the
// worker only pays for them when a source asks for them.
const loaders = new Map<SectionProcessorName, () => Promise<SectionProcessor>>([
  ['identity', async () => identityProcessor],
  ['detect', async () => detectingProcessor],
  ['restore', async () => restoringProcessor],
]);

export function loadSectionProcessor(name: SectionProcessorName): Promise<SectionProcessor> {
  const load = loaders.get(name);
  if (load === undefined) return Promise.reject(new Error(`sff: unknown section processor ${JSON.stringify(name)}`));
  return load();
}
