/**
 * The learned fold detector (models/foldnet.onnx) on sections it never saw in training (Gerhard
 * 14–19, ISBI 25–29): it finds thin folds (L 1–3 px) that the hand-tuned detector misses at their
 * scale, and flags no clean section (dark membranes, mitochondria, black padding along the frame).
 */
import { join, resolve } from 'node:path';
import { detectFolds } from '../../src/core/detection/index.js';
import type { FoldDetector } from '../../src/core/detection/index.js';
import { type GrayImage, makeGray } from '../../src/core/image.js';
import { cropGray, maskIoU } from '../../src/core/metrics/index.js';
import { simulateShape } from '../../src/core/simulation/index.js';
import { modelsFromDirectory } from '../../src/inference/model_files.js';
import type { Tensors } from '../../src/inference/model_runner.js';
import { OrtRunner } from '../../src/inference/ort_runner.js';
import { readGrayPng } from '../../src/io/png.js';
import {
  detectFoldsLearned,
  FOLD_MODEL,
  learnedElseHandTuned,
  netScaleFactor,
} from '../../src/restoration/fold_net.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { FakeRunner } from '../inference/fake_runner.js';
import { hasModel, modelPath, MODELS_DIR } from '../training/model_files.js';

const DATA = resolve(import.meta.dirname, '..', '..', 'data');
const read = (stack: string, z: number): GrayImage =>
  readGrayPng(join(DATA, stack, 'raw', `${String(z).padStart(2, '0')}.png`));

/** The same section with black padding along its left border, as a rotated frame leaves it (a wedge). */
function padded(section: GrayImage): GrayImage {
  const data = section.data.slice();
  for (let y = 0; y < section.height; y++) {
    const depth = Math.round((40 * y) / section.height);
    data.fill(0, y * section.width, y * section.width + depth);
  }
  return { ...section, data };
}

describe('netScaleFactor', () => {
  it('runs the net at the simulation scale: sections at a coarser band scale are block-averaged', () => {
    expect(netScaleFactor()).toBe(1);
    expect(netScaleFactor(1)).toBe(1);
    expect(netScaleFactor(15)).toBe(3);
  });
});

/** A stand-in fold net: probability 1 on a vertical band x ∈ [band[0], band[1]), 0 elsewhere. */
function bandNet(band: [number, number] | undefined): FakeRunner {
  const run = ({ image }: Tensors): Tensors => {
    const [h, w] = [image.dims[2], image.dims[3]];
    const fold = new Float32Array(w * h);
    if (band) for (let y = 0; y < h; y++) fold.fill(1, y * w + band[0], y * w + band[1]);
    return { fold: { data: fold, dims: [1, 1, h, w] } };
  };
  return new FakeRunner(new Map([[FOLD_MODEL, { inputNames: ['image'], outputNames: ['fold'], run }]]));
}

describe('learnedElseHandTuned', () => {
  const section = makeGray(256, 256, new Uint8Array(256 * 256).fill(128));
  const neighbours = [section, section];
  const fallbackCalls: number[] = [];
  const fallback: FoldDetector = async (s, options) => {
    fallbackCalls.push(options.neighbours?.length ?? 0);
    return { ...detectFolds(s), score: 0.25 };
  };
  beforeEach(() => (fallbackCalls.length = 0));

  it('returns the learned detection when the net flags the section, without the fallback', async () => {
    const result = await learnedElseHandTuned(bandNet([120, 136]), fallback)(section, { neighbours });
    expect(result.flagged).toBe(true);
    expect(result.folds).toHaveLength(1);
    expect(result.folds[0].line.every(([x]) => Math.abs(x - 127.5) < 3)).toBe(true);
    expect(fallbackCalls).toEqual([]);
  });

  it('asks the fallback, with the neighbours, when the net flags nothing', async () => {
    const result = await learnedElseHandTuned(bandNet(undefined), fallback)(section, { neighbours });
    expect(result.score).toBe(0.25);
    expect(fallbackCalls).toEqual([2]);
  });
});

describeIfAvailable(hasModel(FOLD_MODEL) ? [] : [modelPath(FOLD_MODEL)], 'the learned fold detector', () => {
  let runner: OrtRunner;
  beforeAll(async () => {
    runner = await OrtRunner.create(modelsFromDirectory(MODELS_DIR, [FOLD_MODEL]), { backend: 'wasm', numThreads: 1 });
  });
  afterAll(() => runner.dispose());

  it('finds thin folds on validation sections that the hand-tuned detector misses', async () => {
    // Thin bands (half-width 1.5–2.5 px, textured) across 512² crops of three validation sections.
    const cases: [number, number, number][] = [
      [15, 1.5, 0.25],
      [16, 2, 0.3],
      [17, 2.5, 0.1],
    ];
    const learned: number[] = [],
      handTuned: number[] = [];
    for (const [z, L, bandGain] of cases) {
      const section = cropGray(read('gerhard2013', z), { x: 256, y: 256, width: 512, height: 512 });
      const line: [number, number][] = [
        [-10, 80],
        [250, 260],
        [522, 400],
      ];
      const { degraded, mask } = simulateShape(section, {
        folds: [{ line, L: [L, L, L], pull: [10, 10, 10], s: 0.02, bandGain }],
      });
      const result = await detectFoldsLearned(runner, degraded, { minHalfWidth: 1 });
      learned.push(result.flagged ? maskIoU(result.mask, mask) : 0);
      const hand = detectFolds(degraded, { minHalfWidth: 1 });
      handTuned.push(hand.flagged ? maskIoU(hand.mask, mask) : 0);
    }
    const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
    for (const iou of learned) expect(iou).toBeGreaterThan(0.3);
    expect(mean(learned)).toBeGreaterThan(mean(handTuned) + 0.3);
  });

  it('flags no clean section, with or without black padding along the frame', async () => {
    const clean: [string, GrayImage][] = [
      ['Gerhard 15', read('gerhard2013', 15)],
      ['Gerhard 18 padded', padded(read('gerhard2013', 18))],
      ['ISBI 27 padded', padded(read('isbi2012', 27))],
    ];
    const flagged: string[] = [];
    for (const [name, image] of clean) {
      const result = await detectFoldsLearned(runner, image);
      if (result.flagged) flagged.push(`${name} (score ${result.score.toFixed(2)})`);
    }
    expect(flagged).toEqual([]);
  });
});
