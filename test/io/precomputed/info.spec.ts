import { isSffError } from '../../../src/core/errors.js';
import { makeInfo, parseInfo } from '../../../src/io/precomputed/index.js';
import { thrown } from '../../errors.js';

const layout = {
  resolution: [4.6, 4.6, 50] as [number, number, number],
  chunkSize: [64, 64, 16] as [number, number, number],
  scales: 3,
};

describe('makeInfo', () => {
  it('describes a uint8 image with 2×2×1 scales, odd sizes rounded up', () => {
    const info = makeInfo(131, 70, 5, layout);
    expect(info).toMatchObject({
      '@type': 'neuroglancer_multiscale_volume',
      type: 'image',
      data_type: 'uint8',
      num_channels: 1,
    });
    expect(info.scales.map((s) => s.size)).toEqual([
      [131, 70, 5],
      [66, 35, 5],
      [33, 18, 5],
    ]);
    expect(info.scales.map((s) => s.key)).toEqual(['4.6_4.6_50', '9.2_9.2_50', '18.4_18.4_50']);
    expect(info.scales[2].resolution[0]).toBeCloseTo(18.4, 12);
    expect(info.scales[2].resolution[2]).toBe(50);
    for (const s of info.scales) {
      expect(s.chunk_sizes).toEqual([[64, 64, 16]]);
      expect(s.encoding).toBe('raw');
      expect(s.voxel_offset).toEqual([0, 0, 0]);
    }
  });

  it('stops once a section is 1×1', () => {
    expect(makeInfo(3, 2, 1, { ...layout, scales: 8 }).scales.map((s) => s.size)).toEqual([
      [3, 2, 1],
      [2, 1, 1],
      [1, 1, 1],
    ]);
  });

  it.each([
    [{ ...layout, scales: 0 }, /scales/],
    [{ ...layout, chunkSize: [64, 0, 1] as [number, number, number] }, /chunk size/],
    [{ ...layout, resolution: [4, -1, 50] as [number, number, number] }, /resolution/],
  ])('rejects bad layouts (%#)', (bad, message) => {
    expect(() => makeInfo(10, 10, 1, bad)).toThrow(message);
    expect(
      isSffError(
        thrown(() => makeInfo(10, 10, 1, bad)),
        'PrecomputedFormatError',
      ),
    ).toBe(true);
  });
});

describe('parseInfo', () => {
  it('accepts what makeInfo writes', () => {
    const info = makeInfo(100, 60, 4, layout);
    expect(parseInfo(JSON.parse(JSON.stringify(info)))).toEqual(info);
  });

  it('fills a missing voxel_offset with zeros', () => {
    const json = JSON.parse(JSON.stringify(makeInfo(8, 8, 1, layout)));
    delete json.scales[0].voxel_offset;
    expect(parseInfo(json).scales[0].voxel_offset).toEqual([0, 0, 0]);
  });

  it.each([
    ['data_type', 'uint16', /data_type "uint16" is not supported/],
    ['num_channels', 3, /num_channels 3/],
    ['type', 'segmentation', /type "segmentation"/],
    ['scales', [], /no scales/],
  ])('rejects %s = %j', (key, value, message) => {
    const json = { ...JSON.parse(JSON.stringify(makeInfo(8, 8, 1, layout))), [key]: value };
    expect(() => parseInfo(json, 'vol/info')).toThrow(message);
  });

  it('rejects encodings and sharding we cannot read (foreign.spec.ts reads the ones we can)', () => {
    const json = JSON.parse(JSON.stringify(makeInfo(8, 8, 1, layout)));
    json.scales[0].encoding = 'compressed_segmentation';
    expect(() => parseInfo(json)).toThrow(/encoding "compressed_segmentation" is not supported/);
    json.scales[0].encoding = 'raw';
    json.scales[0].sharding = { '@type': 'neuroglancer_uint64_sharded_v1' };
    expect(() => parseInfo(json)).toThrow(/sharding hash undefined is not supported/);
  });
});
