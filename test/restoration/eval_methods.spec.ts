import { baselineRegistry } from '../../src/core/baselines/index.js';
import { evaluate, resolveMethods } from '../../src/core/evaluation/index.js';
import { makeGray } from '../../src/core/image.js';
import { learnedRegistry } from '../../src/restoration/eval_methods.js';
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
});
