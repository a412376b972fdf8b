/** `sff convert`: a directory of PNG sections → a Neuroglancer precomputed image volume. */
import type { Command } from 'commander';
import {
  type ChunkEncoding,
  type PrecomputedInfo,
  openPngStack,
  writePrecomputed,
} from '../../io/precomputed/index.js';
import { withInterrupt } from '../interrupt.js';
import { parseChoice, parseInteger, parseVec3 } from '../options.js';
import { startProgress } from '../progress.js';

interface RawOptions {
  stack: string;
  out: string;
  encoding: string;
  chunk: string;
  scales: string;
  resolution: string;
}

async function convert(raw: RawOptions): Promise<void> {
  const chunkSize = parseVec3('--chunk', raw.chunk, true);
  const resolution = parseVec3('--resolution', raw.resolution, false);
  const encoding = parseChoice<ChunkEncoding>('--encoding', raw.encoding, ['raw', 'gzip']);
  const scales = parseInteger('--scales', raw.scales, 1, 16);
  const stack = openPngStack(raw.stack);
  const bar = startProgress('convert', stack.depth, 'sections');
  let info: PrecomputedInfo;
  try {
    // The writer stops at the next slab and removes its temporary directory.
    info = await withInterrupt('interrupted; nothing was written', (signal) =>
      writePrecomputed(raw.out, stack, {
        resolution,
        chunkSize,
        scales,
        encoding,
        signal,
        onProgress: (done) => bar.update(done),
      }),
    );
  } finally {
    bar.stop();
  }
  const sizes = info.scales.map((s) => s.size.join('×')).join(', ');
  process.stdout.write(
    `wrote ${raw.out}: ${info.scales.length} scales (${sizes}), chunks ${chunkSize.join('×')}, ${encoding}\n`,
  );
}

export function registerConvert(program: Command): void {
  program
    .command('convert')
    .description('convert a directory of PNG sections (sorted by name = z) into a Neuroglancer precomputed volume')
    .requiredOption('--stack <dir>', 'directory of same-sized grey PNG sections')
    .requiredOption(
      '--out <dir>',
      'output directory (written atomically; an existing one must be a precomputed volume)',
    )
    .option('--encoding <raw|gzip>', 'raw chunks, or raw plus precompressed .gz siblings', 'raw')
    .option('--chunk <x,y,z>', 'chunk size in voxels', '64,64,16')
    .option('--scales <n>', 'number of scales (2×2×1 downsampling)', '3')
    .option('--resolution <x,y,z>', 'voxel size in nm', '4.6,4.6,50')
    .action((options: RawOptions) => convert(options));
}
