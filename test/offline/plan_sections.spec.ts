import type { PrecomputedInfo } from '../../src/io/precomputed/index.js';
import { detectionOptions } from '../../src/offline/plan_sections.js';

/** A base scale of 8192² and a detection scale of 4096² (factor 2). */
const info = {
  scales: [{ size: [8192, 8192, 9] }, { size: [4096, 4096, 9] }],
} as unknown as PrecomputedInfo;

describe('detectionOptions', () => {
  it('scales the narrowest band to the detection scale', () => {
    expect(detectionOptions(info, 1)).toEqual({ minHalfWidth: 3 });
    expect(detectionOptions(info, 0)).toEqual({ minHalfWidth: 5 });
  });

  it('keeps the scaled default when the caller leaves the option undefined (an absent CLI flag)', () => {
    expect(detectionOptions(info, 1, { minHalfWidth: undefined, threshold: undefined })).toMatchObject({
      minHalfWidth: 3,
    });
  });

  it('takes the caller’s narrowest band when given', () => {
    expect(detectionOptions(info, 1, { minHalfWidth: 7, threshold: 0.6 })).toEqual({ minHalfWidth: 7, threshold: 0.6 });
  });
});
