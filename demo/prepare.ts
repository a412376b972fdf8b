/**
 * `npm run demo:prepare`: builds the demo volumes under demo/data/ from the Gerhard et al. 2013
 * stack, with simulated support-film folds on a few sections, unless they are already up to date.
 *
 *   demo/data/gerhard/        precomputed volume of the degraded stack (what the viewer shows)
 *   demo/data/gerhard.zarr/   the same degraded stack as OME-Zarr (sff:// over zarr)
 *   demo/data/gerhard_truth/  per fold section: clean.png, mask.png, params.json; index.json
 *   demo/data/manifest.json   hash of every input, so a changed input or generator rebuilds
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { GrayImage } from '../src/core/image.js';
import { makeRng } from '../src/core/rng.js';
import { type FoldParams, sampleFoldParams, simulateFold } from '../src/core/simulation/index.js';
import { writeGrayPng } from '../src/io/png.js';
import { writeDirAtomically } from '../src/io/precomputed/atomic_dir.js';
import { type Vec3, openPngStack, stackOfImages, writeOmeZarr, writePrecomputed } from '../src/io/precomputed/index.js';

/** Bump when the layout of demo/data changes in a way the input hash cannot see. */
const DATA_VERSION = 1;
/**
 * Three validation sections (14–19 are never trained on), pairwise non-adjacent so every fold has
 * two clean neighbours, plus the first section, whose only neighbour is section 1.
 */
export const FOLD_SECTIONS: readonly number[] = [0, 14, 16, 18];
const SEED = 2013;
const RESOLUTION: Vec3 = [4.6, 4.6, 50];
/**
 * One section deep: the viewer shows one section at a time and the restored layer needs whole
 * sections, so deeper chunks would fetch sections nobody looks at. 64² keeps each request small.
 */
const CHUNK: Vec3 = [64, 64, 1];
const SCALES = 3;
const ZARR_CHUNK: Vec3 = [256, 256, 1];

/** Generator sources whose change must rebuild the data. */
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GENERATOR_DIRS = ['src/core/simulation', 'src/io/precomputed'];

export interface PrepareOptions {
  /** Repository root: reads data/gerhard2013/raw, writes demo/data. */
  root: string;
  /** Rebuild even when the manifest says the data is current. */
  force?: boolean;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface PrepareResult {
  rebuilt: boolean;
  seconds: number;
  dataDir: string;
}

interface Manifest {
  version: number;
  inputsHash: string;
  foldSections: number[];
}

function inputsHash(rawDir: string): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ DATA_VERSION, FOLD_SECTIONS, SEED, RESOLUTION, CHUNK, SCALES, ZARR_CHUNK }));
  const files = readdirSync(rawDir)
    .filter((n) => n.endsWith('.png'))
    .sort()
    .map((n) => join(rawDir, n));
  files.push(fileURLToPath(import.meta.url));
  for (const dir of GENERATOR_DIRS) {
    files.push(
      ...readdirSync(join(REPO, dir))
        .filter((n) => n.endsWith('.ts'))
        .sort()
        .map((n) => join(REPO, dir, n)),
    );
  }
  for (const file of files) hash.update(file.slice(file.lastIndexOf('/') + 1)).update(readFileSync(file));
  return hash.digest('hex');
}

function readManifest(path: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

interface Fold {
  z: number;
  params: FoldParams;
  clean: GrayImage;
  mask: GrayImage;
}

/** Folds whole sections in place; each section has its own seed so the list can change freely. */
function applyFolds(sections: GrayImage[]): Fold[] {
  return FOLD_SECTIONS.filter((z) => z < sections.length).map((z) => {
    const clean = sections[z];
    const params = sampleFoldParams(makeRng(SEED + z), clean.width, clean.height, 'test');
    const { degraded, mask } = simulateFold(clean, params);
    sections[z] = degraded;
    return { z, params, clean, mask };
  });
}

async function writeTruth(dir: string, folds: Fold[]): Promise<void> {
  const isOurs = (d: string): boolean => existsSync(join(d, 'index.json'));
  await writeDirAtomically(dir, { isOurs, what: 'demo ground truth' }, async (tmp) => {
    const index = {
      volume: 'gerhard',
      source: 'data/gerhard2013/raw (Gerhard et al. 2013, CC BY-NC-SA 3.0)',
      model: 'docs/fold-model.md, test distribution',
      seed: SEED,
      folds: folds.map(({ z, params }) => ({ z, dir: String(z).padStart(2, '0'), params })),
    };
    for (const [i, { z, params, clean, mask }] of folds.entries()) {
      const sub = join(tmp, index.folds[i].dir);
      mkdirSync(sub);
      writeGrayPng(join(sub, 'clean.png'), clean);
      // 0/255 so the mask is visible in any image viewer.
      writeGrayPng(join(sub, 'mask.png'), { ...mask, data: mask.data.map((v) => (v ? 255 : 0)) });
      writeFileSync(join(sub, 'params.json'), JSON.stringify({ z, ...params }, null, 2) + '\n');
    }
    writeFileSync(join(tmp, 'index.json'), JSON.stringify(index, null, 2) + '\n');
  });
}

export async function prepareDemoData(options: PrepareOptions): Promise<PrepareResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const rawDir = join(options.root, 'data', 'gerhard2013', 'raw');
  const dataDir = join(options.root, 'demo', 'data');
  const manifestPath = join(dataDir, 'manifest.json');
  const outputs = {
    volume: join(dataDir, 'gerhard'),
    zarr: join(dataDir, 'gerhard.zarr'),
    truth: join(dataDir, 'gerhard_truth'),
  };
  const hash = inputsHash(rawDir);
  const manifest = readManifest(manifestPath);
  const seconds = (): number => (performance.now() - started) / 1000;
  if (!options.force && manifest?.inputsHash === hash && Object.values(outputs).every((p) => existsSync(p))) {
    log('demo data is up to date');
    return { rebuilt: false, seconds: seconds(), dataDir };
  }
  log(`building demo data from ${rawDir} (folds on sections ${FOLD_SECTIONS.join(', ')})`);
  // Stale until the very end: an interrupted build is redone next time.
  rmSync(manifestPath, { force: true });
  const png = openPngStack(rawDir);
  const sections = Array.from({ length: png.depth }, (_, z) => png.section(z));
  const folds = applyFolds(sections);
  const degraded = stackOfImages(sections);
  const { signal } = options;
  await writePrecomputed(outputs.volume, degraded, {
    resolution: RESOLUTION,
    chunkSize: CHUNK,
    scales: SCALES,
    signal,
  });
  await writeOmeZarr(outputs.zarr, degraded, {
    resolution: RESOLUTION,
    chunkSize: ZARR_CHUNK,
    name: 'gerhard',
    signal,
  });
  await writeTruth(outputs.truth, folds);
  const next: Manifest = { version: DATA_VERSION, inputsHash: hash, foldSections: folds.map((f) => f.z) };
  writeFileSync(manifestPath, JSON.stringify(next, null, 2) + '\n');
  log(`demo data written to ${dataDir} in ${seconds().toFixed(1)} s`);
  return { rebuilt: true, seconds: seconds(), dataDir };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const force = process.argv.includes('--force');
  prepareDemoData({ root: REPO, force, log: (line) => console.log(line) }).catch((err: unknown) => {
    console.error(`demo:prepare: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
