/**
 * What a distributed restore keeps in Redis besides BullMQ's queue: the job's description (what to
 * restore, where, with which settings), each section's detection summary, each planned slab's
 * records and fold plans, each written task's result, and the set of live jobs that workers serve. Every write is a whole value under a fixed
 * key, so a task that runs twice writes the same thing twice.
 */
import type { Redis } from 'ioredis';
import type { FoldSummary, SectionRecord } from '../offline/records.js';
import type { SectionPlanRecord } from '../offline/volume_blocks.js';
import type { RunIdentity } from '../offline/volume_progress.js';
import { queueError } from './connection.js';

export interface JobDescription {
  version: 1;
  id: string;
  /** Where workers read the source (as opened by the planner) and where the output goes (absolute). */
  source: string;
  target: string;
  partial: string;
  identity: RunIdentity;
  width: number;
  height: number;
  depth: number;
  chunkDepth: number;
  /** The scale folds are detected and planned on (offline/detection_scale.ts). */
  detectionScale: number;
  /**
   * Tasks known when planning: a detection per section (with detection on), a planning task per
   * slab, the final one; the write tasks of each slab are counted once it is planned.
   */
  tasks: number;
  /** Voxels of the output at every scale (what the write tasks write). */
  voxels: number;
  plannedAt: number;
}

export interface DetectionResult {
  summary: FoldSummary;
  ms: number;
}

/** A planned slab: its sections' records, the plans of its restored ones, its write tasks' count. */
export interface SlabPlan {
  records: SectionRecord[];
  plans: SectionPlanRecord[];
  tasks: number;
}

/** A written task: its slab, scale and first block, voxels written, notes on its sections. */
export interface WriteResult {
  z0: number;
  scale: number;
  block: number;
  voxels: number;
  notes: Array<{ z: number; note: string }>;
}

const LIVE_JOBS = 'sff:jobs';

/** putWritten: KEYS written, slab-written, voxels-written, notes, last; ARGV task, voxels, z0, notes, now. */
const PUT_WRITTEN = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
  redis.call('INCRBY', KEYS[3], ARGV[2])
  if ARGV[4] ~= '' then redis.call('HSET', KEYS[4], ARGV[1], ARGV[4]) end
end
redis.call('SET', KEYS[5], ARGV[5])
`;
const key = (id: string, part?: string): string => `sff:job:${id}${part === undefined ? '' : `:${part}`}`;

/** BullMQ queue of one job: its task counts are the job's progress. */
export const queueName = (id: string): string => `sff-restore-${id}`;

export class JobStore {
  constructor(readonly redis: Redis) {}

  async describe(job: JobDescription): Promise<void> {
    await this.redis.multi().set(key(job.id), JSON.stringify(job)).sadd(LIVE_JOBS, job.id).exec();
  }

  async description(id: string): Promise<JobDescription> {
    const text = await this.redis.get(key(id));
    if (text === null) throw queueError(`no job ${id} on this queue`);
    return JSON.parse(text) as JobDescription;
  }

  /** Jobs with work left; a job leaves the set when its output is in place. */
  liveJobs(): Promise<string[]> {
    return this.redis.smembers(LIVE_JOBS);
  }

  async isLive(id: string): Promise<boolean> {
    return (await this.redis.sismember(LIVE_JOBS, id)) === 1;
  }

  async retire(id: string): Promise<void> {
    await this.redis.srem(LIVE_JOBS, id);
  }

  /** Forgets what earlier tasks of `id` learned (a fresh plan of the same output). */
  async clearResults(id: string): Promise<void> {
    const parts = ['detections', 'plans', 'slab-tasks', 'written', 'slab-written', 'voxels-written', 'notes'];
    await this.redis.del(...[...parts, 'started', 'last'].map((part) => key(id, part)));
  }

  async putDetection(id: string, z: number, result: DetectionResult): Promise<void> {
    await this.redis.hset(key(id, 'detections'), String(z), JSON.stringify(result));
  }

  /** The detections known among sections `zs`. */
  async detections(id: string, zs: readonly number[]): Promise<Map<number, DetectionResult>> {
    const out = new Map<number, DetectionResult>();
    if (zs.length === 0) return out;
    const values = await this.redis.hmget(key(id, 'detections'), ...zs.map(String));
    values.forEach((v, i) => v !== null && out.set(zs[i], JSON.parse(v) as DetectionResult));
    return out;
  }

  async detectedSections(id: string): Promise<Set<number>> {
    return new Set((await this.redis.hkeys(key(id, 'detections'))).map(Number));
  }

  async putSlabPlan(id: string, z0: number, plan: SlabPlan): Promise<void> {
    await this.redis
      .multi()
      .hset(key(id, 'plans'), String(z0), JSON.stringify(plan))
      .hset(key(id, 'slab-tasks'), String(z0), plan.tasks)
      .exec();
  }

  async slabPlan(id: string, z0: number): Promise<SlabPlan | undefined> {
    const text = await this.redis.hget(key(id, 'plans'), String(z0));
    return text === null ? undefined : (JSON.parse(text) as SlabPlan);
  }

  async slabPlans(id: string): Promise<Map<number, SlabPlan>> {
    const all = await this.redis.hgetall(key(id, 'plans'));
    return new Map(Object.entries(all).map(([z0, v]) => [Number(z0), JSON.parse(v) as SlabPlan]));
  }

  async plannedSlabs(id: string): Promise<Set<number>> {
    return new Set((await this.redis.hkeys(key(id, 'plans'))).map(Number));
  }

  /** Write tasks of each planned slab (the counts only: `sff status` reads them often). */
  async slabTaskCounts(id: string): Promise<Map<number, number>> {
    const all = await this.redis.hgetall(key(id, 'slab-tasks'));
    return new Map(Object.entries(all).map(([z0, n]) => [Number(z0), Number(n)]));
  }

  /**
   * Records a written task once: its id, its voxels and its slab's count of written tasks (the
   * counters `sff status` reads, however many tasks the job has), and its notes if any. A task
   * run twice counts once: the counters move only when the id is new (one script, atomic).
   */
  async putWritten(id: string, task: string, result: WriteResult): Promise<void> {
    const keys = ['written', 'slab-written', 'voxels-written', 'notes', 'last'].map((part) => key(id, part));
    const notes = result.notes.length === 0 ? '' : JSON.stringify(result);
    await this.redis.eval(PUT_WRITTEN, keys.length, ...keys, task, result.voxels, result.z0, notes, Date.now());
  }

  /** Which of `tasks` (ids) are written. */
  async writtenAmong(id: string, tasks: readonly string[]): Promise<Set<string>> {
    if (tasks.length === 0) return new Set();
    const values = await this.redis.hmget(key(id, 'written'), ...tasks);
    return new Set(tasks.filter((_, i) => values[i] !== null));
  }

  /** Written tasks per slab, and the voxels they wrote. */
  async writtenCounts(id: string): Promise<{ perSlab: Map<number, number>; voxels: number }> {
    const [perSlab, voxels] = await Promise.all([
      this.redis.hgetall(key(id, 'slab-written')),
      this.redis.get(key(id, 'voxels-written')),
    ]);
    return {
      perSlab: new Map(Object.entries(perSlab).map(([z0, n]) => [Number(z0), Number(n)])),
      voxels: Number(voxels ?? 0),
    };
  }

  /** The results of written tasks that left notes (blocks kept raw). */
  async writtenNotes(id: string): Promise<WriteResult[]> {
    return Object.values(await this.redis.hgetall(key(id, 'notes'))).map((v) => JSON.parse(v) as WriteResult);
  }

  /** Marks the first moment a task of the job ran (the rate in `sff status` counts from it). */
  async markStarted(id: string): Promise<void> {
    await this.redis.set(key(id, 'started'), Date.now(), 'NX');
  }

  /** When the first task started and the last write task finished (ms since the epoch), if they did. */
  async times(id: string): Promise<{ started?: number; last?: number }> {
    const [started, last] = await this.redis.mget(key(id, 'started'), key(id, 'last'));
    return { started: started === null ? undefined : Number(started), last: last === null ? undefined : Number(last) };
  }
}
