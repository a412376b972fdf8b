/**
 * A write task: a restore task restores one fold-influenced block of a scale of a slab
 * (`slabBlockWriter`, the single-process engine's own block writer), a copy task copies clean
 * blocks' chunks as read (`copyChunks`). Chunks are written through the staging directory and
 * renamed, so a task killed mid-write leaves whole chunks only and a re-run writes the same bytes;
 * its result (voxels, notes of blocks kept raw) is recorded once it is on the disk.
 */
import { join } from 'node:path';
import { openChunkSink } from '../io/precomputed/chunk_sink.js';
import { FileWriteQueue } from '../io/precomputed/write_queue.js';
import { blockChunks, scaleBlocks } from '../offline/scale_blocks.js';
import { keptRawNote, scalePlans, slabBlockWriter } from '../offline/volume_blocks.js';
import { copyChunks } from '../offline/volume_slabs.js';
import { taskVoxels } from './block_plan.js';
import { queueError } from './connection.js';
import type { WriteResult } from './job_store.js';
import { settingsOf, STAGING_DIR, type TaskContext } from './run_tasks.js';
import { taskId, type WriteTaskData } from './tasks.js';

/** Writes a restore or copy task's blocks through the staging directory (whole files only). */
export async function writeTask(ctx: TaskContext, data: WriteTaskData): Promise<void> {
  const { job, store, signal } = ctx;
  const volume = await ctx.volume();
  const plan = await store.slabPlan(job.id, data.z0);
  if (plan === undefined) throw queueError(`job ${job.id}: slab ${data.z0} is not planned`);
  const scale = volume.info.scales[data.scale];
  const blocks = scaleBlocks(scale);
  const notes: WriteResult['notes'] = [];
  const files = new FileWriteQueue({ stagingDir: join(job.partial, STAGING_DIR) });
  try {
    const { sink } = openChunkSink(job.partial, volume.info, volume.infoBytes, { files });
    if (data.kind === 'copy') {
      const boxes = data.blocks.flatMap((b) => blockChunks(scale, blocks[b], data.z0, data.z1));
      await copyChunks(volume, scale, sink, boxes, signal);
    } else {
      const plans = scalePlans(volume.info, scale, plan.plans);
      const write = slabBlockWriter(volume, scale, sink, data.z0, data.z1, plans, {
        ...settingsOf(job),
        runner: ctx.runner,
        signal,
        onBlockFailed: (z, key, message) => notes.push({ z, note: keptRawNote(key, message) }),
      });
      for (const b of data.blocks) await write(blocks[b]);
    }
    await files.flush();
  } finally {
    await files.settle();
  }
  const voxels = taskVoxels(volume.info, data, data);
  await store.putWritten(job.id, taskId(data), {
    z0: data.z0,
    scale: data.scale,
    block: data.blocks[0],
    voxels,
    notes,
  });
}
