import { baselineRegistry } from '../../src/core/baselines/index.js';
import { evaluate, resolveMethods } from '../../src/core/evaluation/index.js';
import { makeGray } from '../../src/core/image.js';
import { cropGray, psnr } from '../../src/core/metrics/index.js';
import { simulateFold } from '../../src/core/simulation/index.js';
import { readGrayPng } from '../../src/io/png.js';
import { learnedRegistry } from '../../src/restoration/eval_methods.js';
import { PIPELINE_METHODS, restoreSection } from '../../src/restoration/pipeline.js';
import { fakeRunner } from './fake_models.js';

describe('learnedRegistry', () => {
  test('offers the pipeline variants by name and creates one runner, lazily', async () => {
    let created = 0;
    const registry = learnedRegistry(async () => (created++, fakeRunner()));
    expect([...registry.keys()]).toEqual(['interp_net', 'unfold_fusion', 'interp_fusion', 'full']);
    expect(created).toBe(0);
    const methods = await resolveMethods(registry, ['full', 'interp_net']);
    expect(methods.map((m) => m.name)).toEqual(['full', 'interp_net']);
    expect(created).toBe(1);
  });

  test('runs inside the evaluation harness next to the baselines', async () => {
    const stack = Array.from({ length: 5 }, (_, z) => {
      const img = makeGray(96, 96);
      img.data.forEach((_, i) => (img.data[i] = 90 + ((i * 31 + z * 57) % 80)));
      return img;
    });
    const registry = new Map([...baselineRegistry(), ...learnedRegistry(async () => fakeRunner())]);
    const methods = await resolveMethods(registry, ['degraded', 'interp_net']);
    const report = await evaluate(stack, methods, { cases: 2, seed: 3 });
    expect(Object.keys(report.methods)).toEqual(['degraded', 'interp_net']);
    expect(Number.isFinite(report.methods.interp_net.psnr.mean)).toBe(true);
  });

  test('each method is the pipeline stage it is named after, on a simulated fold', async () => {
    const RAW = new URL('../../data/gerhard2013/raw/', import.meta.url).pathname;
    const crop = { x: 300, y: 400, width: 192, height: 192 };
    const [prev, clean, next] = [15, 16, 17].map((z) => cropGray(readGrayPng(`${RAW}${z}.png`), crop));
    const { degraded } = simulateFold(clean, { x0: 0, y0: 50, x1: 191, y1: 130, L: 8, F: 40, s: 0.02, bandGain: 0 });
    const runner = fakeRunner();
    const registry = learnedRegistry(async () => runner);
    const outputs = new Map<string, Uint8Array>();
    for (const name of PIPELINE_METHODS) {
      const [method] = await resolveMethods(registry, [name]);
      const got = await method.restore({ damaged: degraded, prev, next });
      const want = await restoreSection({ damaged: degraded, neighbours: { prev, next } }, runner, { method: name });
      expect(got.data).toEqual(want.restored.data);
      expect(got.data).not.toEqual(degraded.data); // the fold region was restored
      outputs.set(name, got.data);
    }
    // The stages are not one output under four names.
    expect(
      new Set([...outputs.values()].map((d) => psnr(clean, { ...clean, data: d }).toFixed(6))).size,
    ).toBeGreaterThan(1);
  });
});
