/** Which detector the offline tools get: the learned one when foldnet.onnx loads, else hand-tuned with the reason. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handTunedDetector } from '../../src/core/detection/index.js';
import { makeGray } from '../../src/core/image.js';
import { lazyDetector, loadDetector } from '../../src/offline/detector.js';
import { FOLD_MODEL } from '../../src/restoration/fold_net.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { hasModel, modelPath, MODELS_DIR } from '../training/model_files.js';

let empty: string;
beforeAll(() => (empty = mkdtempSync(join(tmpdir(), 'sff-detector-'))));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('loadDetector', () => {
  it('gives the hand-tuned detector when asked for it, with no model read', async () => {
    const loaded = await loadDetector('hand-tuned', empty);
    expect(loaded.name).toBe('hand-tuned');
    expect(loaded.fallback).toBeUndefined();
    expect(loaded.detect).toBe(handTunedDetector);
  });

  it('falls back to hand-tuned, saying why, when foldnet.onnx is not there', async () => {
    const loaded = await loadDetector('learned-else-hand-tuned', empty);
    expect(loaded.name).toBe('hand-tuned');
    expect(loaded.detect).toBe(handTunedDetector);
    expect(loaded.fallback).toBe(`${join(empty, 'foldnet.onnx')} not found`);
  });

  it('falls back to hand-tuned when foldnet.onnx is not a model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sff-detector-'));
    writeFileSync(join(dir, 'foldnet.onnx'), 'not an onnx file');
    try {
      const loaded = await loadDetector('learned-else-hand-tuned', dir);
      expect(loaded.name).toBe('hand-tuned');
      expect(loaded.fallback).toMatch(/foldnet/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('lazyDetector', () => {
  it('loads on the first detection, reports a fallback once, and detects with hand-tuned then', async () => {
    const reasons: string[] = [];
    const lazy = lazyDetector('learned-else-hand-tuned', empty, (why) => reasons.push(why));
    expect(lazy.name).toBe('learned-else-hand-tuned');
    expect(reasons).toEqual([]);
    const section = makeGray(64, 64, new Uint8Array(64 * 64).fill(128));
    for (let k = 0; k < 2; k++) expect((await lazy.detect(section, {})).flagged).toBe(false);
    expect(reasons).toEqual([`${join(empty, 'foldnet.onnx')} not found`]);
    await lazy.dispose();
  });
});

describeIfAvailable(hasModel(FOLD_MODEL) ? [] : [modelPath(FOLD_MODEL)], 'loadDetector with the model', () => {
  it('loads the learned detector from a folder with foldnet.onnx', async () => {
    const loaded = await loadDetector('learned-else-hand-tuned', MODELS_DIR, 1);
    try {
      expect(loaded.name).toBe('learned-else-hand-tuned');
      expect(loaded.fallback).toBeUndefined();
      expect(loaded.detect).not.toBe(handTunedDetector);
    } finally {
      await loaded.dispose();
    }
  });
});
