import { makeGray, type GrayImage } from '../../src/core/image.js';
import { isSffError } from '../../src/inference/model_runner.js';
import { grayToTensor, maskBounds, pasteTensor, regionAround } from '../../src/inference/region.js';

function textured(width: number, height: number): GrayImage {
  return makeGray(
    width,
    height,
    Uint8Array.from({ length: width * height }, (_, i) => (i * 37 + (i >> 5)) & 255),
  );
}

describe('maskBounds', () => {
  test('finds the box of non-zero pixels, null when empty', () => {
    const mask = makeGray(20, 10);
    expect(maskBounds(mask)).toBeNull();
    mask.data[3 * 20 + 5] = 255;
    mask.data[7 * 20 + 2] = 1;
    mask.data[4 * 20 + 11] = 9;
    expect(maskBounds(mask)).toEqual({ x: 2, y: 3, width: 10, height: 5 });
  });
});

describe('regionAround', () => {
  test('dilates, aligns to the multiple and stays inside the image', () => {
    const r = regionAround({ x: 100, y: 50, width: 10, height: 3 }, 512, 512, { margin: 8, multipleOf: 16 });
    // x: dilated [92, 118) is 26 wide -> 32, 6 extra split 3/3; y: [42, 61) is 19 -> 32, 13 extra split 6/7.
    expect(r).toEqual({ x: 89, y: 36, width: 32, height: 32 });
    const corner = regionAround({ x: 500, y: 0, width: 12, height: 4 }, 512, 512, { margin: 20, multipleOf: 16 });
    expect(corner).toEqual({ x: 480, y: 0, width: 32, height: 32 });
  });

  test('sticks out only past the far edge when the aligned size exceeds the image', () => {
    expect(regionAround({ x: 0, y: 0, width: 30, height: 30 }, 30, 30, { margin: 4, multipleOf: 16 })).toEqual({
      x: 0,
      y: 0,
      width: 32,
      height: 32,
    });
  });

  test('rejects a bad multiple', () => {
    let err: unknown;
    try {
      regionAround({ x: 0, y: 0, width: 1, height: 1 }, 10, 10, { margin: 1, multipleOf: 0 });
    } catch (e) {
      err = e;
    }
    expect(isSffError(err, 'TensorShapeError')).toBe(true);
  });
});

describe('grayToTensor / pasteTensor', () => {
  test('stack sections as channels in [0, 1], edge-replicated past the border', () => {
    const a = textured(5, 4);
    const b = makeGray(
      5,
      4,
      a.data.map((v) => 255 - v),
    );
    const t = grayToTensor([a, b], { x: 3, y: 2, width: 4, height: 3 });
    expect(t.dims).toEqual([1, 2, 3, 4]);
    // Row y=2 of a at x = 3, 4, then 4 again twice (clamped).
    expect(Array.from(t.data.subarray(0, 4), (v) => Math.round(v * 255))).toEqual(
      [3, 4, 4, 4].map((x) => a.data[2 * 5 + x]),
    );
    expect(t.data[12]).toBeCloseTo(b.data[2 * 5 + 3] / 255, 6);
  });

  test('a crop pasted back unchanged is the identity; other pixels stay bit-identical', () => {
    const image = textured(67, 45);
    const rect = regionAround({ x: 50, y: 30, width: 9, height: 9 }, 67, 45, { margin: 6, multipleOf: 16 });
    const t = grayToTensor([image], rect);
    expect(Buffer.compare(pasteTensor(image, rect, t).data, image.data)).toBe(0);
    t.data.fill(2); // out of range: clamps to 255
    const pasted = pasteTensor(image, rect, t);
    for (let y = 0; y < 45; ++y) {
      for (let x = 0; x < 67; ++x) {
        const inside = x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
        expect(pasted.data[y * 67 + x]).toBe(inside ? 255 : image.data[y * 67 + x]);
      }
    }
    expect(image.data[0]).toBe(textured(67, 45).data[0]); // the input is not modified
  });

  test('regions sticking out of the image paste only their in-image part', () => {
    const image = textured(20, 20);
    const rect = { x: 8, y: 8, width: 16, height: 16 };
    const t = grayToTensor([image], rect);
    t.data.fill(0);
    const pasted = pasteTensor(image, rect, t);
    expect(pasted.data.filter((v, i) => v === 0 && image.data[i] !== 0).length).toBeGreaterThan(0);
    expect(Array.from(pasted.data.subarray(0, 8 * 20))).toEqual(Array.from(image.data.subarray(0, 8 * 20)));
  });

  test('size mismatches are TensorShapeErrors', () => {
    const image = textured(8, 8);
    const t = grayToTensor([image], { x: 0, y: 0, width: 4, height: 4 });
    expect(() => pasteTensor(image, { x: 0, y: 0, width: 5, height: 4 }, t)).toThrow(/cannot paste channel 0/);
    expect(() => pasteTensor(image, { x: 0, y: 0, width: 4, height: 4 }, t, 1)).toThrow(/cannot paste channel 1/);
    expect(() => grayToTensor([image, textured(8, 9)], { x: 0, y: 0, width: 2, height: 2 })).toThrow(/share width/);
  });
});
