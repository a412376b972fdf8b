/**
 * The simulated fold-shape cases of the detection table: every family on both stacks, seeded, so
 * each run measures the same folds. Gerhard sections 14–19 are the validation sections (never tuned
 * on): their cases are kept apart. `SFF_SHAPE_CACHE=<dir>` keeps the simulated sections there, so a
 * tuning loop does not simulate them again.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GrayImage } from '../src/core/image.js';
import { makeRng } from '../src/core/rng.js';
import { sampleFoldShape, type ShapeFamily, simulateShape } from '../src/core/simulation/index.js';
import { readGrayPng, writeGrayPng } from '../src/io/png.js';

const ROOT = new URL('..', import.meta.url).pathname;
export const STACKS = { gerhard: join(ROOT, 'data/gerhard2013/raw'), isbi: join(ROOT, 'data/isbi2012/raw') };
export type StackName = keyof typeof STACKS;
/** Gerhard sections held out for validation. */
export const VALIDATION = new Set([14, 15, 16, 17, 18, 19]);

export interface ShapeCase {
  stack: StackName;
  z: number;
  degraded: GrayImage;
  /** True band(s), 0/1. */
  mask: GrayImage;
}

const stackCache = new Map<StackName, GrayImage[]>();

export function loadStack(name: StackName): GrayImage[] {
  let sections = stackCache.get(name);
  if (!sections) {
    const dir = STACKS[name];
    sections = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.png'))
          .sort()
          .map((f) => readGrayPng(join(dir, f)))
      : [];
    stackCache.set(name, sections);
  }
  return sections;
}

/**
 * `count` cases of the family on the stack's sections (round robin over `sections`), textured bands
 * on every other case.
 */
export function shapeCases(stack: StackName, family: ShapeFamily, sections: number[], count: number): ShapeCase[] {
  const all = loadStack(stack);
  const seed = [...`${stack}/${family}/${sections.join(',')}`].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  const rng = makeRng(seed);
  const cache = process.env.SFF_SHAPE_CACHE;
  const cases: ShapeCase[] = [];
  for (let k = 0; k < count && sections.length; k++) {
    const z = sections[k % sections.length];
    const section = all[z];
    const shape = sampleFoldShape(rng, section.width, section.height, family, { textured: k % 2 === 1 });
    const file = cache && join(cache, `${seed}_${k}`);
    if (file && existsSync(`${file}_m.png`)) {
      cases.push({ stack, z, degraded: readGrayPng(`${file}_d.png`), mask: readGrayPng(`${file}_m.png`) });
      continue;
    }
    const { degraded, mask } = simulateShape(section, shape);
    if (file) {
      mkdirSync(cache!, { recursive: true });
      writeGrayPng(`${file}_d.png`, degraded);
      writeGrayPng(`${file}_m.png`, mask);
    }
    cases.push({ stack, z, degraded, mask });
  }
  return cases;
}
