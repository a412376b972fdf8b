/**
 * Real `sff restore --queue`, `sff worker` and `sff status` processes on a private redis-server,
 * with the real models, on the small folded volume of the offline tests: several workers write
 * exactly what the single-process restore writes, the fold sections' slabs as one restore task per
 * block and scale; a worker SIGKILLed mid-task costs only its task;
 * a task that always fails is reported with its message while the rest complete, and --resume
 * re-plans only it; a Redis restart mid-job is survived.
 */
import { existsSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { connectRedis, type JobProgress, jobProgress } from '../../src/distributed/index.js';
import { queueName } from '../../src/distributed/job_store.js';
import { describeTask, type TaskData } from '../../src/distributed/tasks.js';
import type { Vec3 } from '../../src/io/precomputed/index.js';
import { partialDirOf, VOLUME_REPORT } from '../../src/offline/index.js';
import { MODEL_NAMES } from '../../src/restoration/eval_methods.js';
import { ensureCliBuilt, sff, tempDir } from '../core/evaluation/cli_support.js';
import { REDIS_MISSING, RedisServer } from '../helpers/redis_server.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { foldedStack, writeVolume } from '../offline/fixtures.js';
import { startSff } from '../reliability/stack_process.js';
import { hasModel } from '../training/model_files.js';

const CHUNK: Vec3 = [128, 128, 2];
/** Short leases so that a killed worker's task comes back within seconds. */
const LEASE = ['--lease', '2'];

let dir: string;
let folded: string;
let clean: string;
let server: RedisServer;

/** Every file under dir, relative path → bytes; the report without its timings. */
function files(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const rel = path.slice(root.length + 1);
    let bytes = readFileSync(path).toString('base64');
    if (rel === VOLUME_REPORT) {
      const report = JSON.parse(readFileSync(path, 'utf8'));
      report.sections = report.sections.map(({ ms: _ms, ...rest }: { ms: number }) => rest);
      bytes = JSON.stringify(report);
    }
    out.set(rel, bytes);
  }
  return out;
}

function expectSameVolume(out: string, reference: string): void {
  const [a, b] = [files(reference), files(out)];
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  for (const [path, bytes] of a) expect([path, b.get(path) === bytes]).toEqual([path, true]);
  expect(existsSync(partialDirOf(out))).toBe(false);
}

/** `sff restore … --queue`: the job id is the last line of stdout. */
function plan(source: string, out: string, url: string, ...extra: string[]): string {
  const run = sff('restore', '--precomputed', source, '--out', out, '--queue', url, ...extra);
  expect([run.status, run.stderr]).toEqual([0, expect.stringContaining('planned job')]);
  return run.stdout.trim().split('\n').pop()!;
}

const worker = (url: string, ...extra: string[]) => startSff(['worker', '--queue', url, ...LEASE, ...extra]);

async function progress(url: string, job: string): Promise<JobProgress> {
  const redis = await connectRedis(url, false);
  try {
    return await jobProgress(redis, job);
  } finally {
    redis.disconnect();
  }
}

/** The completed write tasks of a job by kind, each named as `sff status` names it (without its kind). */
async function writeTasks(url: string, job: string): Promise<Record<string, string[]>> {
  const redis: Redis = await connectRedis(url, false);
  const queue = new Queue<TaskData>(queueName(job), { connection: redis });
  try {
    const out: Record<string, string[]> = {};
    for (const task of await queue.getCompleted(0, -1)) {
      if (task.data.kind !== 'restore' && task.data.kind !== 'copy') continue;
      (out[task.data.kind] ??= []).push(describeTask(task.data).slice(task.data.kind.length + 1));
    }
    for (const names of Object.values(out)) names.sort();
    return out;
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

/** Resolves once a restore task of the job is running (its worker is then inside restoreSections). */
async function restoreRunning(url: string, job: string): Promise<void> {
  const redis: Redis = await connectRedis(url, false);
  const queue = new Queue(queueName(job), { connection: redis });
  try {
    let running = false;
    const poll = async (): Promise<void> => {
      running = (await queue.getActive()).some((task) => task.name === 'restore');
    };
    const end = Date.now() + 60_000;
    while (!running && Date.now() < end) {
      await poll();
      if (!running) await new Promise((r) => setTimeout(r, 100));
    }
    if (!running) throw new Error('no restore task started');
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

beforeAll(async () => {
  ensureCliBuilt('worker', ['src/distributed', 'src/offline', 'src/io/precomputed', 'src/restoration']);
  dir = tempDir('distributed');
  folded = join(dir, 'folded');
  clean = join(dir, 'clean');
  await writeVolume(folded, foldedStack(0, 8, [2, 5]).sections, CHUNK);
  await writeVolume(clean, foldedStack(0, 8, []).sections, CHUNK);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const missing = [...REDIS_MISSING, ...MODEL_NAMES.filter((n) => !hasModel(n)).map((n) => `models/${n}.onnx`)];
describeIfAvailable(missing, 'distributed restore (sff restore --queue, sff worker, sff status)', () => {
  let reference: string;
  beforeAll(async () => {
    server = await RedisServer.start();
    reference = join(dir, 'reference');
    expect(sff('restore', '--precomputed', folded, '--out', reference, '--detector', 'hand-tuned').status).toBe(0);
  }, 120_000);
  afterAll(() => server?.dispose());

  it('three workers write what the single-process restore writes, byte for byte', async () => {
    const out = join(dir, 'three');
    const job = plan(folded, out, server.url);
    const runs = [0, 1, 2].map(() => worker(server.url, '--job', job));
    const ends = await Promise.all(runs.map((r) => r.done));
    expect(ends.map((e) => e.status)).toEqual([0, 0, 0]);
    const p = await progress(server.url, job);
    // A detection per section, a planning task per slab, a write task per block (one block per
    // scale, 2 scales) of each of the 4 slabs, finish.
    expect(p).toMatchObject({ total: 8 + 4 + 8 + 1, done: 21, failed: 0, waiting: 0, finished: true, complete: true });
    // The fold sections' slabs (z 2-3, 4-5) are restored block by block; the clean ones copied.
    expect(await writeTasks(server.url, job)).toEqual({
      copy: ['z 0-1 scale 0 block 0', 'z 0-1 scale 1 block 0', 'z 6-7 scale 0 block 0', 'z 6-7 scale 1 block 0'],
      restore: ['z 2-3 scale 0 block 0', 'z 2-3 scale 1 block 0', 'z 4-5 scale 0 block 0', 'z 4-5 scale 1 block 0'],
    });
    expectSameVolume(out, reference);
  }, 120_000);

  it('a worker SIGKILLed in a restore task costs only that task: the job finishes, nothing corrupt', async () => {
    const out = join(dir, 'killed');
    const job = plan(folded, out, server.url);
    const first = worker(server.url, '--job', job);
    await restoreRunning(server.url, job);
    await new Promise((r) => setTimeout(r, 500));
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    const second = worker(server.url, '--job', job);
    expect((await second.done).status).toBe(0);
    expect(await progress(server.url, job)).toMatchObject({ done: 21, failed: 0, complete: true });
    expectSameVolume(out, reference);
  }, 120_000);

  it('a task that always fails ends failed with its message, the rest complete; --resume re-plans only it', async () => {
    const cleanReference = join(dir, 'clean-reference');
    expect(sff('restore', '--precomputed', clean, '--out', cleanReference, '--detector', 'hand-tuned').status).toBe(0);
    // A chunk of the second scale cut short: the copy task of slab 4-5 cannot read it.
    const half = join(
      clean,
      readdirSync(clean).find((k) => k.startsWith('9.2'))!,
    );
    const broken = join(
      half,
      readdirSync(half).find((n) => n.endsWith('_4-6'))!,
    );
    const intact = readFileSync(broken);
    truncateSync(broken, 10);
    const out = join(dir, 'failing');
    const job = plan(clean, out, server.url);
    expect((await worker(server.url, '--job', job).done).status).toBe(0);
    const status = sff('status', '--queue', server.url, job, '--json');
    expect(status.status).toBe(0);
    const p = JSON.parse(status.stdout) as JobProgress;
    // The copy task and finish (failed with it) fail; every other task is done.
    expect(p).toMatchObject({ total: 21, done: 19, failed: 2, waiting: 0, finished: true, complete: false });
    expect(p.failures).toContainEqual({
      task: 'copy z 4-5 scale 1 block 0',
      error: expect.stringMatching(/10 bytes, expected \d+/),
    });
    const watched = sff('status', '--queue', server.url, job, '--watch');
    expect(watched.status).toBe(1);
    expect(watched.stdout).toMatch(/^failed copy z 4-5 scale 1 block 0: .*10 bytes, expected/m);
    expect(watched.stderr.trim()).toMatch(/^sff: job \w+ ended with 2 failed and 0 blocked tasks$/);
    expect(existsSync(out)).toBe(false);

    // Repaired: --resume queues that copy task (of slab 4-5, scale 1) and finish only.
    writeFileSync(broken, intact);
    const resumed = sff('restore', '--precomputed', clean, '--out', out, '--queue', server.url, '--resume');
    expect(resumed.stdout.trim()).toBe(job);
    expect(resumed.stderr).toMatch(/2 of 21 tasks queued now/);
    expect((await worker(server.url, '--job', job).done).status).toBe(0);
    expect(await progress(server.url, job)).toMatchObject({ failed: 0, complete: true });
    expectSameVolume(out, cleanReference);
  }, 120_000);

  it('Redis restarted mid-job: the workers reconnect and the job completes', async () => {
    const own = await RedisServer.start({ appendOnly: true }); // the queue must survive the restart
    try {
      const out = join(dir, 'restarted');
      const job = plan(folded, out, own.url);
      const runs = [worker(own.url, '--job', job), worker(own.url, '--job', job)];
      await restoreRunning(own.url, job);
      await own.stop();
      await new Promise((r) => setTimeout(r, 1000));
      await own.run();
      const ends = await Promise.all(runs.map((r) => r.done));
      expect(ends.map((e) => e.status)).toEqual([0, 0]);
      expect(await progress(own.url, job)).toMatchObject({ done: 21, failed: 0, complete: true });
      expectSameVolume(out, reference);
    } finally {
      await own.dispose();
    }
  }, 120_000);
});
