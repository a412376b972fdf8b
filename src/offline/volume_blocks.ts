/**
 * Writing a slab (a chunk's depth of sections) of a corrected volume block by block, at every
 * scale: a chunk whose sections no fold reaches is written as read; where a restored section's
 * fold reaches it, that layer comes from the restored block (≈ 512² at the chunk's scale, made
 * once for all its chunks) — the viewer's block engine, so the copy shows what the viewer shows.
 * Memory: one block's restorations and a reader's chunk cache, never a whole section. The
 * distributed engine writes the same blocks one task each (src/distributed).
 */
import { type GridRect, influences } from '../core/geometry/fold_field.js';
import { geometryInFrame, type SectionGeometry } from '../core/geometry/fold_geometry.js';
import type { GrayImage } from '../core/image.js';
import { yieldToEventLoop } from '../inference/abortable.js';
import type { ModelRunner } from '../inference/model_runner.js';
import type { ChunkSink } from '../io/precomputed/chunk_sink.js';
import type { OpenVolume, PrecomputedInfo, PrecomputedScale } from '../io/precomputed/index.js';
import { type BlockSection, FUSION_REACH, restoreBlock } from '../restoration/block_restore.js';
import type { PipelineMethod } from '../restoration/pipeline_method.js';
import type { SectionRecord } from './records.js';
import type { SectionOutcome } from './restore_sections.js';
import { blockChunks, scaleBlocks } from './scale_blocks.js';
import { ScaleReader } from './scale_reader.js';
import { copySlab } from './volume_slabs.js';

/** A restored section of the slab: its geometry (base-scale pixels) and the neighbours it uses. */
export interface SectionPlanRecord {
  z: number;
  geometry: SectionGeometry;
  prev: number;
  next: number;
}

export interface SlabSettings {
  runner: () => Promise<ModelRunner>;
  method?: PipelineMethod;
  signal?: AbortSignal;
  /** A block that could not be restored (missing chunks, …): its pixels stay raw, and why. */
  onBlockFailed?(z: number, scale: string, message: string): void;
}

/** The plans of a slab that apply at `scale`: all where its sections are the base scale's (z not downsampled). */
export function scalePlans(
  info: PrecomputedInfo,
  scale: PrecomputedScale,
  plans: readonly SectionPlanRecord[],
): readonly SectionPlanRecord[] {
  return scale.size[2] === info.scales[0].size[2] ? plans : [];
}

/** True when some plan of sections [z0, z1) reaches `block` (a block of a scale `width` × `height`). */
export function blockInfluenced(
  plans: readonly SectionPlanRecord[],
  [width, height]: readonly number[],
  block: GridRect,
  z0: number,
  z1: number,
): boolean {
  return plans.some(
    (p) => p.z >= z0 && p.z < z1 && influences(geometryInFrame(p.geometry, width, height), block, FUSION_REACH),
  );
}

/** Writes the chunks of sections [z0, z1) of one block of a scale. */
export type BlockWriter = (block: GridRect) => Promise<void>;

/**
 * The writer of a slab's blocks at `scale`: each restored section whose fold reaches a block gets
 * its layer from the block restored once (when a chunk of it is there to write); the rest is
 * written as read.
 */
export function slabBlockWriter(
  volume: OpenVolume,
  scale: PrecomputedScale,
  sink: ChunkSink,
  z0: number,
  z1: number,
  plans: readonly SectionPlanRecord[],
  settings: SlabSettings,
): BlockWriter {
  const [w, h] = scale.size;
  const geometries = new Map(plans.map((p) => [p.z, geometryInFrame(p.geometry, w, h)]));
  const reader = new ScaleReader(volume, scale, settings.signal);
  const restore = async (plan: SectionPlanRecord, rect: GridRect): Promise<GrayImage | null> => {
    const sectionOf: Record<BlockSection, number> = { damaged: plan.z, prev: plan.prev, next: plan.next };
    try {
      const restored = await restoreBlock(
        {
          geometry: geometries.get(plan.z)!,
          block: rect,
          read: (section, r) => reader.rect(sectionOf[section], r),
          method: settings.method,
        },
        await settings.runner(),
        settings.signal,
      );
      return restored.changed ? restored.image : null;
    } catch (err) {
      if (settings.signal?.aborted) throw err;
      settings.onBlockFailed?.(plan.z, scale.key, err instanceof Error ? err.message : String(err));
      return null;
    }
  };
  return async (rect) => {
    await yieldToEventLoop();
    settings.signal?.throwIfAborted();
    let restored: Map<number, GrayImage> | undefined;
    const restoredOnce = async (): Promise<Map<number, GrayImage>> => {
      if (restored !== undefined) return restored;
      restored = new Map();
      for (const plan of plans) {
        if (plan.z < z0 || plan.z >= z1 || !influences(geometries.get(plan.z)!, rect, FUSION_REACH)) continue;
        const image = await restore(plan, rect);
        if (image !== null) restored.set(plan.z, image);
      }
      return restored;
    };
    for (const box of blockChunks(scale, rect, z0, z1)) {
      const bytes = await volume.chunk(scale, box, settings.signal);
      if (bytes === undefined) continue; // missing stays missing
      const bw = box.x1 - box.x0,
        bh = box.y1 - box.y0;
      let out = bytes;
      for (const [z, image] of await restoredOnce()) {
        if (out === bytes) out = bytes.slice();
        const layer = (z - box.z0) * bw * bh;
        for (let y = 0; y < bh; y++) {
          const from = (box.y0 + y - rect.y) * image.width + box.x0 - rect.x;
          out.set(image.data.subarray(from, from + bw), layer + y * bw);
        }
      }
      await sink.write(scale, box, out, settings.signal);
    }
  };
}

/**
 * Writes sections [z0, z1) at every scale whose sections are the base scale's (z not
 * downsampled); other scales are written as read.
 */
export async function writeRestoredSlab(
  volume: OpenVolume,
  sink: ChunkSink,
  z0: number,
  z1: number,
  plans: readonly SectionPlanRecord[],
  settings: SlabSettings,
): Promise<void> {
  for (const scale of volume.info.scales) {
    const write = slabBlockWriter(volume, scale, sink, z0, z1, scalePlans(volume.info, scale, plans), settings);
    for (const block of scaleBlocks(scale)) await write(block);
  }
}

/** A section of a slab being written: its record, and its plan when it is restored. */
export interface PlannedSection {
  record: SectionRecord;
  plan?: SectionPlanRecord;
}

/** The section restoreSections yielded, with its plan when it was planned (kept on its record too). */
export function plannedSection({ record, geometry }: SectionOutcome): PlannedSection {
  if (geometry === undefined || record.neighbours === null) return { record };
  record.geometry = geometry;
  return { record, plan: { z: record.z, geometry, prev: record.neighbours[0], next: record.neighbours[1] } };
}

/** The note on a section's record for a block of it that could not be restored. */
export function keptRawNote(scale: string, message: string): string {
  return `a block of scale ${scale} kept raw: ${message}`;
}

/**
 * Writes the slab of consecutive `sections` (writeVolumeSlab); a block that could not be
 * restored is kept raw and noted on its section's record.
 */
export function writePlannedSlab(
  volume: OpenVolume,
  sink: ChunkSink,
  sections: readonly PlannedSection[],
  settings: Omit<SlabSettings, 'onBlockFailed'>,
): Promise<'copied' | 'written'> {
  const z0 = sections[0].record.z;
  const plans = sections.flatMap((s) => (s.plan ? [s.plan] : []));
  const byZ = new Map(sections.map((s) => [s.record.z, s.record]));
  return writeVolumeSlab(volume, sink, z0, z0 + sections.length, plans, {
    ...settings,
    onBlockFailed: (z, scale, message) => byZ.get(z)?.notes.push(keptRawNote(scale, message)),
  });
}

/**
 * Writes the slab of sections [z0, z1): copied as stored when no section in it is restored, else
 * block by block at every scale.
 */
export async function writeVolumeSlab(
  volume: OpenVolume,
  sink: ChunkSink,
  z0: number,
  z1: number,
  plans: readonly SectionPlanRecord[],
  settings: SlabSettings,
): Promise<'copied' | 'written'> {
  if (plans.length === 0) {
    await copySlab(volume, sink, z0, z1, settings.signal);
    return 'copied';
  }
  await writeRestoredSlab(volume, sink, z0, z1, plans, settings);
  return 'written';
}
