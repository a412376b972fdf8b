/**
 * Builds a large precomputed test volume with simulated folds and its ground truth
 * (bench/big_volume/make_volume.ts says what is written):
 *
 *   node --import tsx bench/make_volume.ts --size 8192 --sections 9 --out <dir> [--folds 2,4,6]
 *
 * Resumable: rerun the same command after Ctrl-C and it skips the chunk files already written.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { parseInteger, parseSections, parseSeed } from '../src/cli/options.js';
import { openPngStack } from '../src/io/precomputed/index.js';
import { FOLD_MODELS } from './big_volume/fold_models.js';
import { makeBigVolume } from './big_volume/make_volume.js';

interface RawOptions {
  size: string;
  sections: string;
  out: string;
  folds?: string;
  shape: string;
  seed: string;
  chunk: string;
  gzipLevel: string;
  stack: string;
}

async function main(raw: RawOptions): Promise<void> {
  const sections = parseInteger('--sections', raw.sections, 1);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const result = await makeBigVolume({
    out: resolve(raw.out),
    size: parseInteger('--size', raw.size, 1),
    sections,
    stack: openPngStack(raw.stack),
    foldSections: raw.folds === undefined ? undefined : [...parseSections('--folds', raw.folds)],
    shape: raw.shape,
    seed: parseSeed(raw.seed),
    chunk: parseInteger('--chunk', raw.chunk, 2),
    gzipLevel: parseInteger('--gzip-level', raw.gzipLevel, 0, 9),
    signal: controller.signal,
    onProgress: (done, total) => process.stderr.write(`make_volume: section ${done}/${total}\n`),
  });
  const folds = result.folds.folds.map((f) => f.z).join(', ') || 'none';
  process.stdout.write(
    `wrote ${result.degraded} and ${result.truth} (folds on ${folds}; ${result.skipped} sections were already complete) in ${result.seconds.toFixed(1)} s\n`,
  );
}

new Command()
  .name('make_volume')
  .description('a large precomputed volume with simulated folds, its ground truth and folds.json')
  .requiredOption('--size <px>', 'section width and height')
  .requiredOption('--sections <n>', 'number of sections')
  .requiredOption('--out <dir>', 'output directory (rerun into it to resume)')
  .option('--folds <list>', 'fold sections, e.g. 2,4,6 (default 2, 4, … up to the third-last)')
  .option('--shape <name>', `fold shape (${[...FOLD_MODELS.keys()].join(', ')})`, 'straight')
  .option('--seed <n>', 'seed of the fold parameters', '1')
  .option('--chunk <px>', 'chunk width and height (depth 1)', '512')
  .option('--gzip-level <0-9>', 'zlib level of the .gz chunk files', '1')
  .option('--stack <dir>', 'PNG stack tiled into the sections', 'data/gerhard2013/raw')
  .action((options: RawOptions) => main(options))
  .parseAsync()
  .catch((err: unknown) => {
    process.stderr.write(`make_volume: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
