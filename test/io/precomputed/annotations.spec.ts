import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeLineAnnotations, type LineAnnotation } from '../../../src/io/precomputed/index.js';
import { decodeLineList } from './annotation_decode.js';
import { tempDir } from './helpers.js';

const options = {
  resolutionNm: [4.6, 4.6, 50] as [number, number, number],
  lowerBound: [0, 0, 2] as [number, number, number],
  upperBound: [100, 80, 12] as [number, number, number],
  properties: [{ id: 'score', description: 'fold score' }],
};

describe('writeLineAnnotations', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir('annotations')));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes an unsharded LINE source: info, one spatial cell with every line, and the id index', () => {
    const lines: LineAnnotation[] = [
      { id: 1, a: [0.5, 10.5, 3.5], b: [99.5, 70.5, 3.5], values: [0.75] },
      { id: 2, a: [5, 6, 7.5], b: [8, 9, 7.5], values: [1] },
    ];
    writeLineAnnotations(dir, lines, options);
    const info = JSON.parse(readFileSync(join(dir, 'info'), 'utf8'));
    expect(info).toMatchObject({
      '@type': 'neuroglancer_annotations_v1',
      dimensions: { x: [4.6e-9, 'm'], y: [4.6e-9, 'm'], z: [5e-8, 'm'] },
      lower_bound: [0, 0, 2],
      upper_bound: [100, 80, 12],
      annotation_type: 'LINE',
      properties: [{ id: 'score', type: 'float32' }],
      relationships: [],
      by_id: { key: 'by_id' },
      spatial: [{ key: 'spatial0', grid_shape: [1, 1, 1], chunk_size: [100, 80, 10], limit: 2 }],
    });
    expect(Object.keys(info.dimensions)).toEqual(['x', 'y', 'z']);
    const decoded = decodeLineList(readFileSync(join(dir, 'spatial0', '0_0_0')), 1);
    expect(decoded).toEqual(lines);
    expect(readdirSync(join(dir, 'by_id')).sort()).toEqual(['1', '2']);
    // A single annotation: geometry and properties only (no relationships, no padding needed).
    const bytes = readFileSync(join(dir, 'by_id', '2'));
    const one = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(one.byteLength).toBe(28);
    expect([0, 1, 2, 3, 4, 5, 6].map((k) => one.getFloat32(4 * k, true))).toEqual([5, 6, 7.5, 8, 9, 7.5, 1]);
  });

  it('writes a valid empty source when there is no line', () => {
    writeLineAnnotations(dir, [], options);
    expect(decodeLineList(readFileSync(join(dir, 'spatial0', '0_0_0')), 1)).toEqual([]);
    expect(readdirSync(join(dir, 'by_id'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'info'), 'utf8')).spatial[0].limit).toBe(1);
  });

  it('rejects ids that are not positive integers and values that do not match the properties', () => {
    expect(() => writeLineAnnotations(dir, [{ id: 0, a: [0, 0, 0], b: [1, 1, 1], values: [1] }], options)).toThrow(
      /id 0/,
    );
    expect(() => writeLineAnnotations(dir, [{ id: 1, a: [0, 0, 0], b: [1, 1, 1], values: [] }], options)).toThrow(
      /0 values, expected 1/,
    );
  });
});
