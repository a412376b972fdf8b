/** `sff detect`: flags sections with support-film folds, writes their band masks or a volume's catalogue. */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import type { DetectOptions, FoldDetector, Segment } from '../../core/detection/index.js';
import { isSffError, type SffError } from '../../core/errors.js';
import { type GrayImage, makeGray } from '../../core/image.js';
import { setHttpTimeout } from '../../io/http.js';
import { readGrayPng, writeGrayPng } from '../../io/png.js';
import { DEFAULT_MODELS_DIR, summarise, writeFoldCatalogue } from '../../offline/index.js';
import { DETECTOR_OPTION, openDetector } from '../detector.js';
import { withInterrupt } from '../interrupt.js';
import { optionError, parseNumber, parseSeconds, volumeOption } from '../options.js';
import { type Progress, startProgress } from '../progress.js';
import { formatTable } from '../table.js';

interface RawOptions {
  timeout: string;
  maskDir?: string;
  json?: boolean;
  minHalfWidth?: string;
  threshold?: string;
  stack?: boolean;
  precomputed?: string;
  zarr?: string;
  out?: string;
  models: string;
  detector: string;
}

/** One line of the report (the JSON array holds exactly these). */
export interface DetectRecord {
  file: string;
  flagged: boolean;
  score: number;
  maskFraction: number;
  segments: Segment[];
}

const round = (v: number, digits: number): number => Number(v.toFixed(digits));

function table(records: DetectRecord[]): string {
  const rows = records.map((r) => [
    r.file,
    r.flagged ? 'FOLD' : '-',
    r.score.toFixed(2),
    `${(100 * r.maskFraction).toFixed(2)} %`,
    r.segments.map((s) => `(${s.map((v) => Math.round(v)).join(',')})`).join(' '),
  ]);
  return formatTable(['file', 'fold', 'score', 'mask', 'segments x0,y0,x1,y1'], rows);
}

/**
 * Reads each file once while walking a stack: the section and its neighbours z±1, with unreadable
 * neighbours and neighbours of another size left out (the section's own turn reports the former).
 */
function stackReader(files: string[]): (k: number) => { section: GrayImage; neighbours: GrayImage[] } {
  const cache = new Map<number, GrayImage | SffError>();
  const load = (k: number): GrayImage | SffError => {
    if (!cache.has(k)) {
      try {
        cache.set(k, readGrayPng(files[k]));
      } catch (err) {
        if (!isSffError(err, 'PngReadError')) throw err;
        cache.set(k, err);
      }
    }
    return cache.get(k)!;
  };
  return (k) => {
    cache.delete(k - 2);
    const section = load(k);
    if (isSffError(section)) throw section;
    const neighbours: GrayImage[] = [];
    for (const j of [k - 1, k + 1]) {
      if (j < 0 || j >= files.length) continue;
      const n = load(j);
      if (isSffError(n)) continue;
      if (n.width === section.width && n.height === section.height) neighbours.push(n);
      else
        process.stderr.write(
          `sff detect: ${files[j]} is ${n.width}×${n.height}, not used as a neighbour of ${files[k]}\n`,
        );
    }
    return { section, neighbours };
  };
}

function detectOptions(raw: RawOptions): DetectOptions {
  return {
    minHalfWidth: parseNumber('--min-half-width', raw.minHalfWidth),
    threshold: parseNumber('--threshold', raw.threshold),
  };
}

/** `--precomputed|--zarr <src> --out <dir>`: the fold catalogue of a whole volume (src/offline/catalogue.ts). */
async function catalogue(files: string[], raw: RawOptions, detector: FoldDetector): Promise<void> {
  const option = raw.zarr !== undefined ? '--zarr' : '--precomputed';
  if (files.length > 0) throw optionError(`give PNG files or ${option}, not both`);
  const source = volumeOption(raw);
  if (raw.out === undefined) throw optionError(`${option} needs --out <dir> for the catalogue`);
  if (raw.maskDir !== undefined || raw.stack)
    throw optionError(`--mask-dir and --stack apply to PNG files, not to ${option}`);
  setHttpTimeout(parseSeconds('--timeout', raw.timeout));
  let bar: Progress | undefined;
  let result: Awaited<ReturnType<typeof writeFoldCatalogue>>;
  try {
    result = await withInterrupt('interrupted; nothing was written', (signal) =>
      writeFoldCatalogue(source, raw.out!, {
        detectOptions: detectOptions(raw),
        detector,
        signal,
        onSection: (done, total) => (bar ??= startProgress('detect', total, 'sections')).update(done),
      }),
    );
  } finally {
    bar?.stop();
  }
  const flagged = result.sections.filter((e) => e.flagged).map((e) => e.section);
  const list = flagged.length > 0 ? ` (z ${flagged.join(', ')})` : '';
  process.stdout.write(
    raw.json
      ? `${JSON.stringify(result.sections)}\n`
      : `${flagged.length} of ${result.sections.length} sections flagged${list}: wrote ${raw.out}/folds.json, folds.csv, annotations/\n`,
  );
}

async function detect(files: string[], raw: RawOptions, detector: FoldDetector): Promise<void> {
  if (files.length === 0) throw optionError('give PNG files to examine, or --precomputed <url or path> --out <dir>');
  const options = detectOptions(raw);
  if (raw.maskDir) mkdirSync(raw.maskDir, { recursive: true });
  const records: DetectRecord[] = [];
  const read = raw.stack ? stackReader(files) : (k: number) => ({ section: readGrayPng(files[k]), neighbours: [] });
  const progress = startProgress('detect', files.length, 'sections');
  let failed = 0;
  for (const [k, file] of files.entries()) {
    try {
      const { section, neighbours } = read(k);
      const result = await detector(section, { ...options, neighbours });
      if (raw.maskDir) {
        const { width, height, data } = result.mask;
        writeGrayPng(
          join(raw.maskDir, basename(file)),
          makeGray(
            width,
            height,
            data.map((v) => v * 255),
          ),
        );
      }
      const { flagged, score, segments } = summarise(result);
      records.push({ file, flagged, score, maskFraction: round(result.maskFraction, 6), segments });
    } catch (err) {
      // A bad option is the same for every file: stop. A bad file only costs its own line.
      if (!isSffError(err, 'PngReadError')) throw err;
      failed++;
      process.stderr.write(`sff detect: ${err.message}\n`);
    }
    progress.update(k + 1);
  }
  progress.stop();
  process.stdout.write(raw.json ? `${JSON.stringify(records)}\n` : table(records));
  if (failed) process.exitCode = 1;
}

async function runDetect(files: string[], raw: RawOptions): Promise<void> {
  const volume = raw.precomputed !== undefined || raw.zarr !== undefined;
  const detector = openDetector('detect', raw.detector, raw.models);
  try {
    await (volume ? catalogue : detect)(files, raw, detector.detect);
  } finally {
    await detector.dispose();
  }
}

export function registerDetect(program: Command): void {
  program
    .command('detect')
    .description('detect support-film folds in grey PNG sections')
    .argument('[png...]', 'sections to examine')
    .option('--mask-dir <dir>', 'write each fold mask (0/255 PNG, same file name) into this directory')
    .option('--json', 'print one JSON array [{file, flagged, score, maskFraction, segments}] instead of a table')
    .option('--min-half-width <px>', 'narrowest fold band to find, half-width in pixels (default 5; ~15 for ~50 nm/px)')
    .option('--threshold <score>', 'flag sections whose fold score reaches this (0..1, default 0.5)')
    .option(
      '--stack',
      'the files are consecutive sections of one stack, in order: each is checked with its neighbours z±1',
    )
    .option(
      '--precomputed <url|path>',
      'catalogue a whole uint8 precomputed volume (local or http) instead of PNG files',
    )
    .option('--zarr <url|path>', 'the same for a uint8 zarr array or OME-Zarr group (v2 or v3)')
    .option(
      '--out <dir>',
      'with --precomputed or --zarr: write folds.json, folds.csv and annotations/ (a precomputed annotation source) here',
    )
    .option('--timeout <seconds>', 'with an http volume: give up on a request after this long (3 tries)', '30')
    .option('--models <dir>', 'folder with foldnet.onnx (the learned detector)', DEFAULT_MODELS_DIR)
    .option(...DETECTOR_OPTION)
    .action((files: string[], raw: RawOptions) => runDetect(files, raw));
}
