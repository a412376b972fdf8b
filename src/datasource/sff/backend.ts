/**
 * Worker half of the `sff://` volume chunk source: download the raw chunk through the wrapped
 * source (via the shared chunk cache), hand it to the section processor with the volume's section
 * detector (plus the user's marks) and restorer, serve what it returns, and report detections and
 * restorations to the frontend. A section still being planned, or a block being restored, is
 * served raw; the chunks it covers are served again when it is done.
 */
import { WithParameters } from 'neuroglancer/unstable/chunk_manager/backend.js';
import { ChunkPriorityTier, ChunkState } from 'neuroglancer/unstable/chunk_manager/base.js';
import { type VolumeChunk, VolumeChunkSource } from 'neuroglancer/unstable/sliceview/volume/backend.js';
import { registerSharedObject } from 'neuroglancer/unstable/worker_rpc.js';
import { minHalfWidthAt } from '../../core/detection/index.js';
import { SffError } from '../../core/errors.js';
import type { GridRect } from '../../core/geometry/fold_field.js';
import { NEIGHBOUR_REACH } from '../../restoration/neighbours.js';
import {
  FOLD_REPORT_RPC_ID,
  type FoldReportMessage,
  RESTORE_EVENT_RPC_ID,
  type RestoreEvent,
  type RestoreEventMessage,
  SffVolumeChunkSourceParameters,
  type ChunkGrid,
  volumeKeyOf,
} from './base.js';
import { refreshChunks } from './chunk_refresh.js';
import { makeBackground } from './pipeline/background.js';
import { blockChunks } from './pipeline/block_chunks.js';
import {
  type BlockJob,
  blockJob,
  type BlockResult,
  makeBlockRestorer,
  previewOf,
  type RestorationRuntime,
} from './pipeline/block_restorer.js';
import { makeCatalogueDetector } from './pipeline/catalogue_detector.js';
import { type FoldCatalogue, loadFoldCatalogue } from './pipeline/fold_catalogue.js';
import { applyMark, marksNear, markOf } from './pipeline/overrides.js';
import { delay, waitWhile } from './pipeline/poll.js';
import { type FetchChunk, sectionsOfChunk } from './pipeline/section_assembly.js';
import { type DetectSection, makeSectionDetector, type SectionDetection } from './pipeline/section_detector.js';
import {
  makeSectionPlanner,
  type PlannedSection,
  type PlanSection,
  type SectionPlan,
} from './pipeline/section_planner.js';
import { loadSectionProcessor, type SectionProcessor } from './pipeline/section_processor.js';
import { anyScaleAwaited, finerScaleAwaited, registerScale } from './scale_sources.js';
import { blockQueues, blocks, cachedFetcher, detections, plans } from './worker_caches.js';

/** What a chunk gets while its section's plan or its block is being made: the raw pixels. */
const PLANNING: PlannedSection = { plan: null, failure: 'restoration running' };
const RESTORING: BlockResult = {
  rect: { x: 0, y: 0, width: 0, height: 0 },
  image: null,
  failure: 'restoration running',
};

/**
 * How long a chunk a fold reaches waits for its block's preview before it is served raw: the
 * viewer's target for restored pixels after raw ones. A preview in time is drawn at once, with
 * no raw band and no refresh.
 */
const PREVIEW_WAIT_MS = 1500;

/**
 * A block's turn among queued previews: a visible chunk's before a prefetched one's; among those,
 * the finest scale's (the scale drawn at the current zoom: Neuroglancer asks for the coarser ones
 * first, as stand-ins until it arrives); then a block with lost strip (a black band) before one
 * the pull only reaches (tissue a few pixels off).
 */
function previewPriority(chunk: VolumeChunk, pixels: number, job: BlockJob): number {
  const visible = chunk.priorityTier === ChunkPriorityTier.VISIBLE && job.standIn?.() !== true;
  return (visible ? 2 ** 52 : 0) + 2 * pixels + (job.strip ? 1 : 0);
}

/**
 * How often, and at most how long, the checked plan looks whether the guess's pixels are shown
 * before it detects the neighbours (the first look after a poll: the guess's refresh has queued
 * the section's chunks by then).
 */
const SETTLE_POLL_MS = 100;
const SETTLE_LIMIT_MS = 10_000;

/** Sections whose plans a source keeps at hand for prefetchBlocks (a few hundred bytes each). */
const PLANS_SEEN = 32;

/** Chunk states of a chunk asked for and not yet served. */
const WAITING = new Set([ChunkState.QUEUED, ChunkState.DOWNLOADING]);

interface SectionTasks {
  detect: DetectSection;
  plan: PlanSection;
  restoreBlock(job: BlockJob): Promise<BlockResult>;
  blockOptions: { volumeKey: string; variant(z: number): string };
}

/** One catalogue per URL and volume size, fetched when the first section is shown. */
const catalogues = new Map<string, Promise<FoldCatalogue>>();

function loadCatalogue(url: string, size: number[]): Promise<FoldCatalogue> {
  const key = `${url} ${size.join(',')}`;
  let catalogue = catalogues.get(key);
  if (catalogue === undefined) {
    catalogue = loadFoldCatalogue(url, size);
    catalogues.set(key, catalogue);
  }
  return catalogue;
}

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
  private sections: SectionTasks | undefined;
  private unregisterScale: (() => void) | undefined;
  /** Plans of the sections served lately, most recent last (see prefetchBlocks). */
  private readonly plansSeen = new Map<number, SectionPlan>();
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
    const fetchChunk = this.fetcher();
    const rawFetch = fetchChunk(chunk.chunkGridPosition, signal);
    this.prefetchBlocks(chunk, fetchChunk, signal);
    const raw = await rawFetch;
    chunk.chunkDataSize = raw.chunkDataSize;
    if (raw.data === null) {
      // Missing upstream: serve it exactly as the raw layer would.
      chunk.data = null;
      return;
    }
    this.processor ??= loadSectionProcessor(this.parameters.processor);
    const processor = await this.processor;
    const grid = this.grid();
    const served = await processor.process(
      {
        chunk: { data: raw.data, chunkDataSize: raw.chunkDataSize },
        chunkGridPosition: chunk.chunkGridPosition,
        grid,
        fetchChunk,
        detectSection: (z, s) => this.sectionTasks().detect(z, s),
        planSection: (z, detection, s) => this.sectionTasks().plan(z, detection, s),
        blockOf: (z, plan, x, y) => {
          this.rememberPlan(z, plan);
          return blockJob(this.sectionTasks().blockOptions, z, plan, grid, fetchChunk, x, y);
        },
        restoreBlock: (job) => {
          // While a finer scale's visible chunks of the section wait, this scale is a stand-in.
          const standIn = (): boolean => finerScaleAwaited(volumeKeyOf(this.parameters), this.pixels(), job.z);
          const asked = { ...job, standIn };
          return this.sectionTasks().restoreBlock({ ...asked, priority: previewPriority(chunk, this.pixels(), asked) });
        },
        showMask: this.parameters.showMask,
      },
      signal,
    );
    // Cached chunks are shared, and Neuroglancer transfers the served buffer to the main thread.
    chunk.data = served === raw.data ? structuredClone(served) : served;
  }

  /**
   * Fetches the chunks the block of `chunk` will read (its neighbours' among them) while the chunk
   * itself downloads, for the sections whose plans are known: the section shown a moment ago, now
   * panned within. Only the chunk cache keeps them; the block's own reads find them there.
   */
  private prefetchBlocks(chunk: VolumeChunk, fetchChunk: FetchChunk, signal: AbortSignal): void {
    if (this.sections === undefined) return;
    const grid = this.grid();
    const position = chunk.chunkGridPosition;
    const [x, y] = [position[0] * grid.chunkDataSize[0], position[1] * grid.chunkDataSize[1]];
    for (const z of sectionsOfChunk(position, grid)) {
      const plan = this.plansSeen.get(z);
      if (plan === undefined || finerScaleAwaited(volumeKeyOf(this.parameters), this.pixels(), z)) continue;
      const job = blockJob(this.sections.blockOptions, z, plan, grid, fetchChunk, x, y);
      if (job === undefined) continue;
      for (const { position: at } of blockChunks(job)) fetchChunk(at, signal).catch(() => undefined);
    }
  }

  private rememberPlan(z: number, plan: SectionPlan): void {
    this.plansSeen.delete(z);
    this.plansSeen.set(z, plan);
    if (this.plansSeen.size > PLANS_SEEN) this.plansSeen.delete(this.plansSeen.keys().next().value as number);
  }

  private pixels(): number {
    return this.spec.upperVoxelBound[0] * this.spec.upperVoxelBound[1];
  }

  /** Whether a visible chunk of section z is still waiting to be served (see scale_sources.ts). */
  private awaitsVisible(z: number): boolean {
    const grid = this.grid();
    for (const chunk of this.chunks.values() as Iterable<VolumeChunk>) {
      if (chunk.priorityTier !== ChunkPriorityTier.VISIBLE || !WAITING.has(chunk.state)) continue;
      if (sectionsOfChunk(chunk.chunkGridPosition, grid).includes(z)) return true;
    }
    return false;
  }

  disposed(): void {
    this.unregisterScale?.();
    super.disposed();
  }

  private grid(): ChunkGrid {
    return { chunkDataSize: this.spec.chunkDataSize, upperVoxelBound: this.spec.upperVoxelBound };
  }

  private fetcher(): FetchChunk {
    return cachedFetcher(this.wrapped(this.parameters.innerRpcId));
  }

  /**
   * Detection and plans of this volume's sections (on the detection scale, shared by all scales),
   * and the restored blocks of this scale.
   */
  private sectionTasks(): SectionTasks {
    if (this.sections === undefined) {
      this.unregisterScale = registerScale(volumeKeyOf(this.parameters), {
        pixels: this.pixels(),
        awaitsVisible: (z) => this.awaitsVisible(z),
      });
      const { detectionRpcId, modelsUrl, folded, clean, detectionFactor, catalogueUrl } = this.parameters;
      const source = this.wrapped(detectionRpcId);
      const grid: ChunkGrid = {
        chunkDataSize: source.spec.chunkDataSize,
        upperVoxelBound: source.spec.upperVoxelBound,
      };
      const volumeKey = volumeKeyOf(this.parameters);
      const fetchChunk = cachedFetcher(source);
      const onDetected = (z: number, detection: SectionDetection): void => this.report(z, detection);
      // With a catalogue, `grid` is the base scale: the catalogue must be for a volume of its size.
      const detected =
        catalogueUrl === undefined
          ? makeSectionDetector({
              volumeKey,
              grid,
              fetchChunk,
              cache: detections,
              detectOptions: { minHalfWidth: minHalfWidthAt(detectionFactor) },
              onDetected,
            })
          : makeCatalogueDetector({
              volumeKey,
              catalogue: () => loadCatalogue(catalogueUrl, [...grid.upperVoxelBound].slice(0, 3)),
              cache: detections,
              onDetected,
            });
      // The cache and the frontend's report hold what the detector found; the user's marks apply on top.
      const marks = { restore: true, folded, clean };
      const detect: DetectSection = async (z, s) => applyMark(await detected(z, s), markOf(marks, z));
      // Marks near z change which neighbours restore it.
      const variant = (z: number): string => marksNear(marks, z, NEIGHBOUR_REACH);
      const onEvent = (event: RestoreEvent): void => {
        if (event.state === 'done') this.restoredEvents.set(event.z, event);
        else this.reportRestore(event);
      };
      // The checked plan's neighbour detections wait until the guess's restored pixels are shown.
      const beforeNeighbours = async (z: number, s: AbortSignal): Promise<void> => {
        const deadline = performance.now() + SETTLE_LIMIT_MS;
        const poll = { everyMs: SETTLE_POLL_MS, firstLookAfterMs: SETTLE_POLL_MS, limitMs: SETTLE_LIMIT_MS };
        await waitWhile(() => anyScaleAwaited(volumeKey, z), s, poll);
        await Promise.race([blockQueues.idle(), delay(Math.max(0, deadline - performance.now()))]);
        s.throwIfAborted();
      };
      const planShared = makeSectionPlanner({
        beforeNeighbours,
        volumeKey,
        variant,
        grid,
        scale: detectionFactor,
        fetchChunk,
        detectSection: detect,
        cache: plans,
        onEvent,
      });
      // Chunks never wait: raw pixels first, restored ones when a plan and then the block are ready.
      // Until the checked plan is in, the guess (z ± 1 taken as clean, not yet detected).
      const guessesServed = new Map<number, PlannedSection>();
      const planInBackground = (
        run: PlanSection,
        refresh: (z: number, planned: PlannedSection) => void,
      ): ((key: { z: number; detection: SectionDetection }) => Promise<PlannedSection>) =>
        makeBackground<{ z: number; detection: SectionDetection }, PlannedSection>({
          run: ({ z, detection }, s) => run(z, detection, s),
          id: ({ z }) => z,
          wanted: ({ z }) => this.showsSection(z),
          refresh: ({ z }, planned) => refresh(z, planned),
          pending: PLANNING,
        });
      // A checked plan that is the guess already served needs no refresh: its chunks show it.
      const checkedInBackground = planInBackground(planShared, (z, planned) => {
        if (planned.plan === null || guessesServed.get(z)?.plan !== planned.plan) this.refreshSection(z);
      });
      const guessInBackground = planInBackground(planShared.guess, (z) => this.refreshSection(z));
      const plan = async (z: number, detection: SectionDetection): Promise<PlannedSection> => {
        const checked = await checkedInBackground({ z, detection });
        if (checked !== PLANNING) return checked;
        const guessed = await guessInBackground({ z, detection });
        if (guessed !== PLANNING) guessesServed.set(z, guessed);
        return guessed;
      };
      const blockOptions = { volumeKey: `${volumeKey}@${modelsUrl}`, variant };
      const restoreShared = makeBlockRestorer({
        ...blockOptions,
        runtime: () => loadRuntime(modelsUrl),
        cache: blocks,
        queues: blockQueues,
        onEvent,
      });
      const inBackground = (waitMs: number): ((job: BlockJob) => Promise<BlockResult>) =>
        makeBackground<BlockJob, BlockResult>({
          run: (job, s) => restoreShared(job, s),
          id: (job) => job.key,
          wanted: (job) => this.showsSection(job.z),
          refresh: (job) => this.refreshSection(job.z, job.rect),
          pending: RESTORING,
          waitMs,
        });
      const blockInBackground = inBackground(0);
      const previewInBackground = inBackground(PREVIEW_WAIT_MS);
      // While the nets run, the block's preview (the classical unfolding, ready in a fraction of the time).
      const restoreBlock = async (job: BlockJob): Promise<BlockResult> => {
        const restored = await blockInBackground(job);
        return restored === RESTORING ? previewInBackground(previewOf(job)) : restored;
      };
      this.sections = {
        detect,
        plan,
        restoreBlock,
        blockOptions,
      };
    }
    return this.sections;
  }

  /** Whether a chunk of section z is visible or prefetched (not merely kept from earlier). */
  private showsSection(z: number): boolean {
    const grid = this.grid();
    for (const chunk of this.chunks.values()) {
      if (chunk.priorityTier === ChunkPriorityTier.RECENT) continue;
      if (sectionsOfChunk((chunk as VolumeChunk).chunkGridPosition, grid).includes(z)) return true;
    }
    return false;
  }

  /**
   * Serves again this source's chunks of section z (within `rect`, at this scale, when given) now
   * that its plan or a block is ready (the rest comes from the chunk cache), then tells the
   * frontend: by the time it hears "restored", the stale chunks are already gone.
   */
  private refreshSection(z: number, rect?: GridRect): void {
    const grid = this.grid();
    const [cw, ch] = grid.chunkDataSize;
    const covers = (chunk: VolumeChunk): boolean => {
      const [cx, cy] = chunk.chunkGridPosition;
      if (!sectionsOfChunk(chunk.chunkGridPosition, grid).includes(z)) return false;
      if (rect === undefined) return true;
      return (
        cx * cw < rect.x + rect.width &&
        (cx + 1) * cw > rect.x &&
        cy * ch < rect.y + rect.height &&
        (cy + 1) * ch > rect.y
      );
    };
    refreshChunks(this.chunkManager.queueManager, this.chunks.values() as Iterable<VolumeChunk>, covers);
    const event = this.restoredEvents.get(z);
    this.restoredEvents.delete(z);
    if (event !== undefined) this.reportRestore(event);
  }

  private report(z: number, detection: SectionDetection): void {
    const message: FoldReportMessage = {
      volumeKey: volumeKeyOf(this.parameters),
      z,
      flagged: detection.flagged,
      score: detection.score,
      maskFraction: detection.maskFraction,
      folds: detection.folds.map((f) => ({ line: f.line.map((p) => [...p]), score: f.score })),
      failure: detection.failure,
      missingChunks: detection.missing?.length,
      ...(this.parameters.catalogueUrl !== undefined && { fromCatalogue: true }),
    };
    this.rpc?.invoke(FOLD_REPORT_RPC_ID, message);
  }

  private reportRestore(event: RestoreEvent): void {
    const message: RestoreEventMessage = { ...event, volumeKey: volumeKeyOf(this.parameters) };
    this.rpc?.invoke(RESTORE_EVENT_RPC_ID, message);
  }
}
