/** `sff convert`: a directory of PNG sections → a Neuroglancer precomputed image volume. */
import type { Command } from 'commander';
import {
  type ChunkEncoding,
  type PrecomputedInfo,
  type Vec3,
  openPngStack,
  writePrecomputed,
} from '../../io/precomputed/index.js';
import { startProgress } from '../progress.js';

/** A command-line value we cannot use; reported as one line by main.ts. */
export class ConvertOptionError extends Error {
  readonly kind = 'ConvertOptionError';
}

interface RawOptions {
  stack: string;
  out: string;
  encoding: string;
  chunk: string;
  scales: string;
  resolution: string;
}

function parseVec(name: string, text: string, integer: boolean): Vec3 {
  const parts = text.split(',').map((p) => Number(p.trim()));
  const ok = parts.length === 3 && parts.every((x) => Number.isFinite(x) && x > 0 && (!integer || Number.isInteger(x)));
  if (!ok) {
    throw new ConvertOptionError(
      `--${name} must be three positive ${integer ? 'integers' : 'numbers'} like 64,64,16, got "${text}"`,
    );
  }
  return parts as Vec3;
}

function parseEncoding(text: string): ChunkEncoding {
  if (text !== 'raw' && text !== 'gzip') throw new ConvertOptionError(`--encoding must be raw or gzip, got "${text}"`);
  return text;
}

function parseScales(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 16)
    throw new ConvertOptionError(`--scales must be an integer in 1..16, got "${text}"`);
  return n;
}

async function convert(raw: RawOptions): Promise<void> {
  const chunkSize = parseVec('chunk', raw.chunk, true);
  const resolution = parseVec('resolution', raw.resolution, false);
  const encoding = parseEncoding(raw.encoding);
  const scales = parseScales(raw.scales);
  const stack = openPngStack(raw.stack);
  const abort = new AbortController();
  // The writer stops at the next slab and removes its temporary directory.
  const onSigint = (): void => abort.abort(new Error('interrupted; nothing was written'));
  process.once('SIGINT', onSigint);
  const bar = startProgress('convert', stack.depth, 'sections');
  let info: PrecomputedInfo;
  try {
    info = await writePrecomputed(raw.out, stack, {
      resolution,
      chunkSize,
      scales,
      encoding,
      signal: abort.signal,
      onProgress: (done) => bar.update(done),
    });
  } finally {
    bar.stop();
    process.off('SIGINT', onSigint);
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
