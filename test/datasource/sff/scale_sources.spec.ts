import { anyScaleAwaited, finerScaleAwaited, registerScale } from '../../../src/datasource/sff/scale_sources.js';

describe('scale sources', () => {
  test('a coarser scale stands in while a finer one of its volume waits for visible chunks of that section', () => {
    const waiting = new Set<number>([4]);
    const fine = registerScale('v', { pixels: 8192 ** 2, awaitsVisible: (z) => waiting.has(z) });
    const coarse = registerScale('v', { pixels: 1024 ** 2, awaitsVisible: () => true });
    const other = registerScale('w', { pixels: 16384 ** 2, awaitsVisible: () => true });
    expect(finerScaleAwaited('v', 1024 ** 2, 4)).toBe(true);
    // Another section, the finest scale itself, another volume: nothing to wait for.
    expect(finerScaleAwaited('v', 1024 ** 2, 5)).toBe(false);
    expect(finerScaleAwaited('v', 8192 ** 2, 4)).toBe(false);
    // Any scale, the finest included: the section is not all shown yet.
    expect(anyScaleAwaited('v', 4)).toBe(true);
    expect(anyScaleAwaited('v', 5)).toBe(true);
    expect(anyScaleAwaited('u', 4)).toBe(false);
    expect(finerScaleAwaited('u', 1024 ** 2, 4)).toBe(false);
    // Served: the coarse scale goes ahead.
    waiting.clear();
    expect(finerScaleAwaited('v', 1024 ** 2, 4)).toBe(false);
    waiting.add(4);
    fine();
    expect(finerScaleAwaited('v', 1024 ** 2, 4)).toBe(false);
    coarse();
    other();
  });
});
