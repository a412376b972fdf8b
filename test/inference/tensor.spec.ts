import { isSffError } from '../../src/inference/model_runner.js';
import { cropTensor, makeTensor, nchw } from '../../src/inference/tensor.js';

describe('tensor helpers', () => {
  test('nchw reads [1, C, H, W] and rejects other shapes with a tagged error', () => {
    expect(nchw(makeTensor([1, 3, 4, 5]))).toEqual({ channels: 3, height: 4, width: 5 });
    for (const bad of [
      { dims: [2, 1, 2, 2], data: new Float32Array(8) },
      { dims: [1, 1, 2, 2], data: new Float32Array(3) },
    ]) {
      let err: unknown;
      try {
        nchw(bad);
      } catch (e) {
        err = e;
      }
      expect(isSffError(err, 'TensorShapeError')).toBe(true);
    }
    expect(() => makeTensor([2, 2], new Float32Array(5))).toThrow('bad tensor shape: 5 values for dims [2, 2] (4)');
  });

  test('cropTensor copies inside and repeats edges outside, per channel', () => {
    // 2 channels of 2×3: channel c, row y, col x holds 100c + 10y + x.
    const t = makeTensor([1, 2, 2, 3], Float32Array.from([0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112]));
    const c = cropTensor(t, { x: 1, y: -1, width: 3, height: 3 });
    expect(c.dims).toEqual([1, 2, 3, 3]);
    expect(Array.from(c.data)).toEqual([1, 2, 2, 1, 2, 2, 11, 12, 12, 101, 102, 102, 101, 102, 102, 111, 112, 112]);
  });
});
