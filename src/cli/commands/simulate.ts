/** `sff simulate`: one simulated support-film fold on a clean section, with its labels. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { makeGray } from '../../core/image.js';
import { makeRng } from '../../core/rng.js';
import {
  type FoldDistribution,
  type FoldParams,
  sampleFoldParams,
  simulateFold,
  validateFoldParams,
} from '../../core/simulation/index.js';
import { readGrayPng, writeGrayPng } from '../../io/png.js';
import { optionError, parseChoice, parseSeed } from '../options.js';

interface RawOptions {
  in: string;
  out: string;
  seed?: string;
  distribution: string;
  params?: string;
}

/** `--params` is inline JSON (starts with "{") or the path of a JSON file. */
function loadParams(text: string): FoldParams {
  let source = text;
  if (!text.trim().startsWith('{')) {
    try {
      source = readFileSync(text, 'utf8');
    } catch (err) {
      throw optionError(`--params: cannot read ${text} (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (err) {
    throw optionError(`--params: not valid JSON (${(err as Error).message})`);
  }
  return validateFoldParams(value);
}

/** The flow as float32 little-endian planes fx, fy, valid (0/1), each height × width, row-major. */
function flowBytes(flow: { fx: Float32Array; fy: Float32Array; valid: Uint8Array }): Buffer {
  const planes = new Float32Array(flow.fx.length * 3);
  planes.set(flow.fx, 0);
  planes.set(flow.fy, flow.fx.length);
  planes.set(flow.valid, 2 * flow.fx.length);
  // Typed arrays use the host's byte order: little-endian on every platform Node ships for.
  return Buffer.from(planes.buffer);
}

function simulate(raw: RawOptions): void {
  const distribution = parseChoice<FoldDistribution>('--distribution', raw.distribution, ['test', 'unfold']);
  const image = readGrayPng(raw.in);
  const seed = raw.params === undefined ? parseSeed(raw.seed) : undefined;
  const params =
    raw.params !== undefined
      ? loadParams(raw.params)
      : sampleFoldParams(makeRng(seed!), image.width, image.height, distribution);
  const { degraded, mask, flow } = simulateFold(image, params);
  mkdirSync(raw.out, { recursive: true });
  writeGrayPng(join(raw.out, 'degraded.png'), degraded);
  writeGrayPng(
    join(raw.out, 'mask.png'),
    makeGray(
      mask.width,
      mask.height,
      mask.data.map((v) => v * 255),
    ),
  );
  writeFileSync(join(raw.out, 'flow.bin'), flowBytes(flow));
  const flowInfo = {
    file: 'flow.bin',
    dtype: 'float32',
    byteOrder: 'little',
    shape: [3, image.height, image.width],
    planes: ['fx', 'fy', 'valid'],
    meaning: 'clean(x, y) = degraded(x + fx, y + fy) where valid = 1 (docs/fold-model.md)',
  };
  writeFileSync(join(raw.out, 'flow.json'), `${JSON.stringify(flowInfo, null, 2)}\n`);
  const record = { input: raw.in, width: image.width, height: image.height, seed: seed ?? null, distribution, params };
  writeFileSync(join(raw.out, 'params.json'), `${JSON.stringify(record, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(params)}\n`);
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('simulate a support-film fold on a clean section (docs/fold-model.md)')
    .requiredOption('--in <png>', 'clean grey section')
    .requiredOption('--out <dir>', 'output directory: degraded.png, mask.png, flow.bin + flow.json, params.json')
    .option('--seed <n>', 'seed of the random fold (required unless --params is given)')
    .option('--distribution <name>', 'fold distribution: test (L ≤ 20, black band) or unfold (L ≤ 50)', 'test')
    .option('--params <json>', 'explicit fold parameters: inline JSON or a JSON file')
    .action((raw: RawOptions) => simulate(raw));
}
