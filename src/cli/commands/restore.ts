/** `sff restore`: restored copies of a PNG stack or a precomputed volume (src/offline does the work). */
import type { Command } from 'commander';
import { connectRedis, planRestore } from '../../distributed/index.js';
import { setHttpTimeout } from '../../io/http.js';
import {
  checkModels,
  DEFAULT_MODELS_DIR,
  lazyRunner,
  type RestoreSettings,
  restoreStack,
  restoreVolume,
  type SectionRecord,
} from '../../offline/index.js';
import { DETECTOR_OPTION, openDetector } from '../detector.js';
import { withInterrupt } from '../interrupt.js';
import { optionError, parseChoice, parseSeconds, parseSections, volumeOption } from '../options.js';
import { type Progress, startProgress } from '../progress.js';
import { formatTable } from '../table.js';

interface RawOptions {
  timeout: string;
  stack?: string;
  precomputed?: string;
  zarr?: string;
  encoding: string;
  out: string;
  json?: boolean;
  sections?: string;
  detect: boolean;
  models: string;
  detector: string;
  queue?: string;
  resume?: boolean;
}

function table(records: ReadonlyArray<SectionRecord & { file?: string }>): string {
  const rows = records.map((r) => [
    r.file ?? String(r.z),
    r.flagged ? 'FOLD' : r.forced ? 'forced' : '-',
    r.score === null ? '' : r.score.toFixed(2),
    r.restored ? 'restored' : r.flagged || r.forced ? 'kept' : 'copied',
    r.neighbours === null ? '' : r.neighbours.join(','),
    String(r.ms),
    r.notes.join('; '),
  ]);
  return formatTable(['section', 'fold', 'score', 'output', 'from', 'ms', 'notes'], rows);
}

/** The restored sections, e.g. "2 of 20 sections restored (z 3, 7)". */
function summary(records: readonly SectionRecord[]): string {
  const restored = records.filter((r) => r.restored).map((r) => r.z);
  return `${restored.length} of ${records.length} sections restored${restored.length > 0 ? ` (z ${restored.join(', ')})` : ''}`;
}

/** The bar starts on the first report: the total is known only once the input is open. */
function sectionBar(): { update(done: number, total: number): void; stop(): void } {
  let bar: Progress | undefined;
  return {
    update(done, total) {
      bar ??= startProgress('restore', total, 'sections');
      bar.update(done);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

async function restore(raw: RawOptions): Promise<void> {
  const volume = raw.precomputed !== undefined || raw.zarr !== undefined;
  if ((raw.stack === undefined) === !volume)
    throw optionError('give exactly one of --stack <dir>, --precomputed <url or path> and --zarr <url or path>');
  const source = volume ? volumeOption(raw) : undefined;
  const encoding = parseChoice('--encoding', raw.encoding, ['source', 'raw'] as const);
  if (!volume && encoding !== 'source') throw optionError('--encoding applies to --precomputed and --zarr copies');
  const force = raw.sections === undefined ? new Set<number>() : parseSections('--sections', raw.sections);
  if (!raw.detect && force.size === 0)
    throw optionError('--no-detect restores only the sections named by --sections; give them');
  setHttpTimeout(parseSeconds('--timeout', raw.timeout));
  if (raw.resume && raw.queue === undefined)
    throw optionError('--resume re-plans a job on a queue; give --queue (a single-process run resumes by itself)');
  if (raw.queue !== undefined) {
    if (raw.precomputed === undefined) throw optionError('--queue restores a --precomputed volume; give one');
    return plan(raw.queue, raw.precomputed, raw.out, { detect: raw.detect, force }, raw.resume === true);
  }
  checkModels(raw.models);
  const detector = openDetector('restore', raw.detector, raw.models);
  const runner = lazyRunner(raw.models);
  const resumable = volume;
  const bar = sectionBar();
  let records: Array<SectionRecord & { file?: string }> = [];
  let done = '';
  try {
    await withInterrupt(
      resumable ? 'interrupted; run the same command again to resume' : 'interrupted; nothing was written',
      async (signal) => {
        const settings: RestoreSettings = { detect: raw.detect, force, detector, runner: runner.get, signal };
        if (raw.stack !== undefined) {
          records = await restoreStack(raw.stack, raw.out, {
            ...settings,
            onSection: (_, n, total) => bar.update(n, total),
          });
          done = summary(records);
        } else {
          const result = await restoreVolume(source!, raw.out, {
            ...settings,
            encoding,
            onSlab: (n, total) => bar.update(n, total),
          });
          records = result.records;
          const resumed = result.resumedAt > 0 ? `, resumed at section ${result.resumedAt}` : '';
          done = `${summary(records)}; ${result.copiedSlabs} slabs copied, ${result.writtenSlabs} rewritten${resumed}`;
        }
      },
    );
  } finally {
    bar.stop();
    await runner.dispose();
    await detector.dispose();
  }
  process.stdout.write(raw.json ? `${JSON.stringify(records)}\n` : `${table(records)}wrote ${raw.out}: ${done}\n`);
}

/** Plans the job on the queue and returns: the job id is the last line (stdout), the rest on stderr. */
async function plan(
  url: string,
  source: string,
  out: string,
  settings: { detect: boolean; force: ReadonlySet<number> },
  resume: boolean,
): Promise<void> {
  const redis = await connectRedis(url, false);
  try {
    const result = await planRestore(redis, url, source, out, settings, resume);
    const again = result.resumed
      ? ` (resumed: ${result.total - result.planned} done or planned later by detections)`
      : '';
    process.stderr.write(
      `planned job ${result.job} for ${out}: ${result.planned} of ${result.total} tasks queued now${again}\n` +
        `run workers with: sff worker --queue ${url}\nfollow it with: sff status --queue ${url} --watch ${result.job}\n`,
    );
    process.stdout.write(`${result.job}\n`);
  } finally {
    redis.disconnect();
  }
}

export function registerRestore(program: Command): void {
  program
    .command('restore')
    .description('write restored copies of fold sections: a PNG stack, or a precomputed volume (resumable)')
    .option('--stack <dir>', 'directory of consecutive PNG sections (natural name order = z)')
    .option(
      '--precomputed <url|path>',
      'uint8 precomputed volume: a path, http(s)://, gs:// or s3:// (precomputed:// accepted)',
    )
    .option('--zarr <url|path>', 'uint8 zarr array or OME-Zarr group (v2 or v3); the copy is precomputed')
    .option(
      '--encoding <source|raw>',
      "a volume copy's chunks: as the source stores them (sharding kept; jpeg written as png) or raw, unsharded",
      'source',
    )
    .requiredOption('--out <path>', 'output directory (appears only when complete; never the source)')
    .option('--json', 'print one JSON array, one object per section, instead of a table')
    .option(
      '--sections <list>',
      'also restore these sections (0-based z: 3,7 or 15-18 or both), whatever detection says',
    )
    .option('--no-detect', 'skip detection: restore only the --sections ones')
    .option(
      '--models <dir>',
      'folder with interp.onnx, unfold.onnx, fusion.onnx and foldnet.onnx (learned detector)',
      DEFAULT_MODELS_DIR,
    )
    .option(...DETECTOR_OPTION)
    .option('--timeout <seconds>', 'with an http volume: give up on a request after this long (3 tries)', '30')
    .option(
      '--queue <redis-url>',
      'with --precomputed: plan the restore as tasks on this Redis for sff worker, print the job id, return (workers detect with the hand-tuned detector)',
    )
    .option('--resume', 'with --queue: keep what the job already did and re-plan only what is missing')
    .action((raw: RawOptions) => restore(raw));
}
