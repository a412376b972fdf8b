/**
 * Writing a slab (a chunk's depth of sections) of a corrected volume block by block, at every
 * scale: a chunk whose sections no fold reaches is written as read; where a restored section's
 * fold reaches it, that layer comes from the restored block (≈ 512² at the chunk's scale, made
 * once for all its chunks) — the viewer's block engine, so the copy shows what the viewer shows.
 * Memory: the blocks of a slab being written and a reader's chunk cache, never a whole section.
 */
import { influences } from '../core/geometry/fold_field.js';
import { geometryInFrame, type SectionGeometry } from '../core/geometry/fold_geometry.js';
import type { GrayImage } from '../core/image.js';
import { blockAt } from '../datasource/sff/pipeline/block_assembly.js';
import { yieldToEventLoop } from '../inference/abortable.js';
import type { ModelRunner } from '../inference/model_runner.js';
import type { ChunkSink } from '../io/precomputed/chunk_sink.js';
import { slabChunks } from '../io/precomputed/chunks.js';
import type { OpenVolume, PrecomputedScale } from '../io/precomputed/index.js';
import { type BlockSection, FUSION_REACH, restoreBlock } from '../restoration/block_restore.js';
import type { PipelineMethod } from '../restoration/pipeline_method.js';
import type { SectionRecord } from './records.js';
import type { SectionOutcome } from './restore_sections.js';
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

async function writeScale(
  volume: OpenVolume,
  scale: PrecomputedScale,
  sink: ChunkSink,
  z0: number,
  z1: number,
  plans: readonly SectionPlanRecord[],
  settings: SlabSettings,
): Promise<void> {
  const [w, h] = scale.size;
  const grid = {
    chunkDataSize: Uint32Array.from(scale.chunk_sizes[0]),
    upperVoxelBound: Float32Array.from(scale.size),
  };
  const geometries = new Map(plans.map((p) => [p.z, geometryInFrame(p.geometry, w, h)]));
  const reader = new ScaleReader(volume, scale, settings.signal);
  // Blocks of the current row of blocks; a new row drops the last one (chunks come row by row).
  const blocks = new Map<string, Promise<GrayImage | null>>();
  let row = -1;
  const block = (plan: SectionPlanRecord, rect: ReturnType<typeof blockAt>): Promise<GrayImage | null> => {
    const key = `${plan.z}/${rect.x},${rect.y}`;
    let made = blocks.get(key);
    if (made === undefined) {
      const sectionOf: Record<BlockSection, number> = { damaged: plan.z, prev: plan.prev, next: plan.next };
      made = settings
        .runner()
        .then((runner) =>
          restoreBlock(
            {
              geometry: geometries.get(plan.z)!,
              block: rect,
              read: (section, r) => reader.rect(sectionOf[section], r),
              method: settings.method,
            },
            runner,
            settings.signal,
          ),
        )
        .then(
          (restored) => (restored.changed ? restored.image : null),
          (err: unknown) => {
            if (settings.signal?.aborted) throw err;
            settings.onBlockFailed?.(plan.z, scale.key, err instanceof Error ? err.message : String(err));
            return null;
          },
        );
      blocks.set(key, made);
    }
    return made;
  };
  for (const box of slabChunks(scale.size, scale.chunk_sizes[0], z0, z1)) {
    const rect = blockAt(grid, box.x0, box.y0);
    if (rect.y !== row) {
      blocks.clear();
      row = rect.y;
      await yieldToEventLoop();
      settings.signal?.throwIfAborted();
    }
    const bytes = await volume.chunk(scale, box, settings.signal);
    if (bytes === undefined) continue; // missing stays missing
    const bw = box.x1 - box.x0,
      bh = box.y1 - box.y0;
    let out = bytes;
    for (const plan of plans) {
      if (plan.z < box.z0 || plan.z >= box.z1) continue;
      if (!influences(geometries.get(plan.z)!, rect, FUSION_REACH)) continue;
      const image = await block(plan, rect);
      if (image === null) continue;
      if (out === bytes) out = bytes.slice();
      const layer = (plan.z - box.z0) * bw * bh;
      for (let y = 0; y < bh; y++) {
        const from = (box.y0 + y - rect.y) * image.width + box.x0 - rect.x;
        out.set(image.data.subarray(from, from + bw), layer + y * bw);
      }
    }
    await sink.write(scale, box, out, settings.signal);
  }
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
  const depth = volume.info.scales[0].size[2];
  for (const scale of volume.info.scales) {
    const restored = scale.size[2] === depth ? plans : [];
    await writeScale(volume, scale, sink, z0, z1, restored, settings);
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
    onBlockFailed: (z, scale, message) => byZ.get(z)?.notes.push(`a block of scale ${scale} kept raw: ${message}`),
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
