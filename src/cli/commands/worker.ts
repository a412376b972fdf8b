/** `sff worker`: runs the tasks of distributed restores (src/distributed does the work). */
import type { Command } from 'commander';
import { serveJobs } from '../../distributed/index.js';
import { checkModels, DEFAULT_MODELS_DIR } from '../../offline/index.js';
import { withInterrupt } from '../interrupt.js';
import { parseInteger, parseSeconds } from '../options.js';

interface RawOptions {
  queue: string;
  concurrency: string;
  lease: string;
  job?: string;
  models: string;
  timeout: string;
}

async function work(raw: RawOptions): Promise<void> {
  const concurrency = parseInteger('--concurrency', raw.concurrency, 1, 256);
  const leaseMs = parseSeconds('--lease', raw.lease);
  const httpTimeoutMs = parseSeconds('--timeout', raw.timeout);
  checkModels(raw.models);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  await withInterrupt('interrupted', async (signal) => {
    // Ctrl-C: take no new task, finish the running ones, then exit (a second Ctrl-C exits at once).
    signal.addEventListener('abort', () => log('stopping: finishing the running tasks (Ctrl-C again to quit now)'));
    await serveJobs(raw.queue, { concurrency, leaseMs, httpTimeoutMs, models: raw.models, job: raw.job, log, signal });
  });
  // Every task has ended and the queues are closed; the retired task threads can take seconds to
  // wind down their runtimes, with nothing left for them to do.
  process.exit(0);
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run the tasks of distributed restores (sff restore --queue); any number, on any machines')
    .requiredOption('--queue <redis-url>', 'the Redis the jobs were planned on: redis://host:port[/db]')
    .option('--concurrency <n>', 'tasks run at once by this worker, each in a thread of its own', '1')
    .option('--lease <seconds>', 'a task of a killed worker returns to the queue after about this long', '30')
    .option('--job <id>', 'serve only this job, and exit once it has nothing left to run')
    .option('--models <dir>', 'folder with interp.onnx, unfold.onnx, fusion.onnx', DEFAULT_MODELS_DIR)
    .option('--timeout <seconds>', 'with an http source: give up on a request after this long (3 tries)', '30')
    .action((raw: RawOptions) => work(raw));
}
