/**
 * Training sections for the learned fold detector (training/train_detector.py): simulated folds of
 * every shape family (the same sampler as the bench, docs/fold-model.md "Shape families") on the
 * TRAINING sections only — Gerhard 00–13 and ISBI 00–24; never the validation sections Gerhard
 * 14–19 (nor ISBI 25–29, the dev sections). Writes `<out>/<stack>_<z>_<family>_<k>_{d,m}.png`
 * (degraded, band mask 0/1) and skips files already there, so an interrupted run resumes.
 *
 *   node --import tsx training/tools/detector_data.ts <out> [per-section-per-family] [seed]
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeRng } from '../../src/core/rng.js';
import { SHAPE_FAMILIES, sampleFoldShape, simulateShape } from '../../src/core/simulation/index.js';
import { readGrayPng, writeGrayPng } from '../../src/io/png.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const TRAIN: [string, string, number[]][] = [
  ['gerhard', join(ROOT, 'data/gerhard2013/raw'), Array.from({ length: 14 }, (_, z) => z)],
  ['isbi', join(ROOT, 'data/isbi2012/raw'), Array.from({ length: 25 }, (_, z) => z)],
];

const [out, perArg, seedArg] = process.argv.slice(2);
if (!out) throw new Error('usage: detector_data.ts <out> [per-section-per-family] [seed]');
const per = Number(perArg ?? 3);
const rng = makeRng(Number(seedArg ?? 20261202));
mkdirSync(out, { recursive: true });
let written = 0;
for (const [stack, dir, sections] of TRAIN) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort();
  for (const z of sections) {
    const section = readGrayPng(join(dir, files[z]));
    for (const family of SHAPE_FAMILIES) {
      for (let k = 0; k < per; k++) {
        // Drawn even when the file exists, so a resumed run makes the same folds.
        const shape = sampleFoldShape(rng, section.width, section.height, family, { textured: k % 2 === 1 });
        const stem = join(out, `${stack}_${z}_${family}_${k}`);
        if (existsSync(`${stem}_m.png`)) continue;
        const { degraded, mask } = simulateShape(section, shape);
        writeGrayPng(`${stem}_d.png`, degraded);
        writeGrayPng(`${stem}_m.png`, mask);
        written++;
      }
    }
    process.stdout.write(`${stack} ${z}: ${written} written\n`);
  }
}
