/**
 * What a distributed restore keeps in Redis besides BullMQ's queue: the job's description (what to
 * restore, where, with which settings), each section's detection summary, each finished slab's
 * records, and the set of live jobs that workers serve. Every write is a whole value under a fixed
 * key, so a task that runs twice writes the same thing twice.
 */
import type { Redis } from 'ioredis';
import type { FoldSummary, SectionRecord } from '../offline/records.js';
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
  /** Tasks of the whole job: a detection per section (with detection on), a slab task per slab, the final one. */
  tasks: number;
  plannedAt: number;
}

export interface DetectionResult {
  summary: FoldSummary;
  ms: number;
}

export interface SlabResult {
  records: SectionRecord[];
  outcome: 'copied' | 'written';
}

const LIVE_JOBS = 'sff:jobs';
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
    await this.redis.del(key(id, 'detections'), key(id, 'slabs'), key(id, 'started'), key(id, 'last'));
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

  async putSlab(id: string, z0: number, result: SlabResult): Promise<void> {
    await this.redis
      .multi()
      .hset(key(id, 'slabs'), String(z0), JSON.stringify(result))
      .set(key(id, 'last'), Date.now())
      .exec();
  }

  async slabResults(id: string): Promise<Map<number, SlabResult>> {
    const all = await this.redis.hgetall(key(id, 'slabs'));
    return new Map(Object.entries(all).map(([z0, v]) => [Number(z0), JSON.parse(v) as SlabResult]));
  }

  async finishedSlabs(id: string): Promise<Set<number>> {
    return new Set((await this.redis.hkeys(key(id, 'slabs'))).map(Number));
  }

  /** Marks the first moment a task of the job ran (the rate in `sff status` counts from it). */
  async markStarted(id: string): Promise<void> {
    await this.redis.set(key(id, 'started'), Date.now(), 'NX');
  }

  /** When the first task started and the last slab finished (ms since the epoch), if they did. */
  async times(id: string): Promise<{ started?: number; last?: number }> {
    const [started, last] = await this.redis.mget(key(id, 'started'), key(id, 'last'));
    return { started: started === null ? undefined : Number(started), last: last === null ? undefined : Number(last) };
  }
}
