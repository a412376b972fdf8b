/** `sff status`: progress of a distributed restore, once or followed to its end. */
import type { Command } from 'commander';
import { connectRedis, type JobProgress, jobProgress, queueError } from '../../distributed/index.js';
import { withInterrupt } from '../interrupt.js';
import { startProgress } from '../progress.js';

interface RawOptions {
  queue: string;
  watch?: boolean;
  json?: boolean;
}

const WATCH_MS = 1000;

function duration(seconds: number): string {
  const s = Math.round(seconds);
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
}

function text(p: JobProgress): string {
  const state = p.complete ? 'complete' : p.finished ? 'ended incomplete' : 'running';
  const rate = p.mpixPerSecond === null ? '' : `, ${p.mpixPerSecond.toFixed(2)} MPix/s`;
  const eta = p.etaSeconds === null ? '' : `, about ${duration(p.etaSeconds)} left`;
  return [
    `job ${p.job} (${state}): ${p.source} → ${p.target}`,
    `tasks: ${p.done} of ${p.total} done, ${p.failed} failed, ${p.waiting} waiting, ${p.running} running, ${p.blocked} blocked`,
    `sections written: ${p.sectionsDone} of ${p.sections}${rate}${eta}`,
    ...p.failures.map((f) => `failed ${f.task}: ${f.error}`),
  ].join('\n');
}

async function status(id: string, raw: RawOptions): Promise<void> {
  const redis = await connectRedis(raw.queue, false);
  try {
    let progress = await jobProgress(redis, id);
    if (raw.watch) {
      const bar = startProgress(`job ${id}`, progress.total, 'tasks');
      try {
        await withInterrupt('interrupted; the job goes on', async (signal) => {
          while (!progress.finished) {
            bar.update(progress.done + progress.failed);
            await new Promise((resolve) => setTimeout(resolve, WATCH_MS));
            signal.throwIfAborted();
            progress = await jobProgress(redis, id);
          }
        });
      } finally {
        bar.stop();
      }
    }
    process.stdout.write(`${raw.json ? JSON.stringify(progress) : text(progress)}\n`);
    if (raw.watch && !progress.complete)
      throw queueError(`job ${id} ended with ${progress.failed} failed and ${progress.blocked} blocked tasks`);
  } finally {
    redis.disconnect();
  }
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('progress of a distributed restore: tasks done, failed, waiting; MPix/s; failed tasks')
    .argument('<job>', 'the job id that sff restore --queue printed')
    .requiredOption('--queue <redis-url>', 'the Redis the job was planned on: redis://host:port[/db]')
    .option('--watch', 'follow the job with a progress bar until nothing is left to run')
    .option('--json', 'print one JSON object (total, done, failed, waiting, running, blocked, finished, …)')
    .action((id: string, raw: RawOptions) => status(id, raw));
}
