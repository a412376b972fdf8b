import {
  chooseDetectionScale,
  MAX_DETECTION_SIDE,
  sameSections,
} from '../../../../src/datasource/sff/pipeline/detection_scale.js';

const grid = (w: number, h: number, d: number, channels = 1) => ({
  chunkDataSize: Uint32Array.of(64, 64, 1, channels),
  upperVoxelBound: Float32Array.of(w, h, d, channels),
});

describe('detection scale', () => {
  it('picks the finest scale small enough to detect on, in any order', () => {
    const big = MAX_DETECTION_SIDE * 2;
    expect(chooseDetectionScale([grid(1024, 1024, 20), grid(512, 512, 20), grid(256, 256, 20)])).toBe(0);
    expect(chooseDetectionScale([grid(big / 4, big / 4, 20), grid(big, big, 20), grid(big / 2, big / 2, 20)])).toBe(2);
  });

  it('finds none when every scale is too large or multi-channel', () => {
    expect(chooseDetectionScale([grid(MAX_DETECTION_SIDE + 1, 10, 5)])).toBeUndefined();
    expect(chooseDetectionScale([grid(512, 512, 5, 3)])).toBeUndefined();
  });

  it('tells scales with the same sections apart from z-downsampled ones', () => {
    expect(sameSections(grid(512, 512, 20), grid(1024, 1024, 20))).toBe(true);
    expect(sameSections(grid(512, 512, 10), grid(1024, 1024, 20))).toBe(false);
  });
});
