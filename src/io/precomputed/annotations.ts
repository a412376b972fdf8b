/**
 * A Neuroglancer precomputed annotation source of line segments (neuroglancer
 * src/datasource/precomputed/annotations.md) in its simplest valid form: unsharded, no
 * relationships, an id index and one spatial level whose single cell holds every line. Any viewer
 * adds it as an annotation layer with `precomputed://<url of the directory>`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Point3 = [number, number, number];

export interface LineAnnotation {
  /** Unique, ≥ 1; also the file name in the id index. */
  id: number;
  a: Point3;
  b: Point3;
  /** Float32 properties, in the order of `LineSourceOptions.properties`. */
  values: number[];
}

export interface LineSourceOptions {
  /** Physical size of one coordinate unit per axis x, y, z, in nanometres (a volume's resolution). */
  resolutionNm: Point3;
  lowerBound: Point3;
  upperBound: Point3;
  /** Float32 properties carried by every line (shown in Neuroglancer's selection panel). */
  properties: Array<{ id: string; description: string }>;
}

/** Geometry then the float32 properties: 4-byte values throughout, so never any padding. */
function encodeOne(line: LineAnnotation, view: DataView, offset: number): number {
  for (const v of [...line.a, ...line.b, ...line.values]) {
    view.setFloat32(offset, v, true);
    offset += 4;
  }
  return offset;
}

function lineBytes(propertyCount: number): number {
  return 4 * (6 + propertyCount);
}

/** Multiple-annotation encoding: uint64 count, the annotations, then their uint64 ids. */
function encodeList(lines: readonly LineAnnotation[], propertyCount: number): Uint8Array {
  const bytes = new Uint8Array(8 + lines.length * (lineBytes(propertyCount) + 8));
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(lines.length), true);
  let offset = 8;
  for (const line of lines) offset = encodeOne(line, view, offset);
  for (const line of lines) {
    view.setBigUint64(offset, BigInt(line.id), true);
    offset += 8;
  }
  return bytes;
}

/** Writes `info`, `by_id/<id>` and `spatial0/0_0_0` into `dir` (created if missing). */
export function writeLineAnnotations(dir: string, lines: readonly LineAnnotation[], options: LineSourceOptions): void {
  const n = options.properties.length;
  for (const line of lines) {
    if (!Number.isInteger(line.id) || line.id < 1)
      throw new RangeError(`annotation id ${line.id} is not a positive integer`);
    if (line.values.length !== n)
      throw new RangeError(`annotation ${line.id} has ${line.values.length} values, expected ${n}`);
  }
  const { lowerBound, upperBound } = options;
  const info = {
    '@type': 'neuroglancer_annotations_v1',
    dimensions: Object.fromEntries(
      ['x', 'y', 'z'].map((axis, i) => [axis, [Number((options.resolutionNm[i] * 1e-9).toPrecision(12)), 'm']]),
    ),
    lower_bound: lowerBound,
    upper_bound: upperBound,
    annotation_type: 'LINE',
    properties: options.properties.map(({ id, description }) => ({ id, type: 'float32', description })),
    relationships: [],
    by_id: { key: 'by_id' },
    spatial: [
      {
        key: 'spatial0',
        grid_shape: [1, 1, 1],
        chunk_size: upperBound.map((u, i) => u - lowerBound[i]),
        limit: Math.max(1, lines.length),
      },
    ],
  };
  mkdirSync(join(dir, 'by_id'), { recursive: true });
  mkdirSync(join(dir, 'spatial0'), { recursive: true });
  writeFileSync(join(dir, 'info'), JSON.stringify(info, null, 2) + '\n');
  for (const line of lines) {
    const bytes = new Uint8Array(lineBytes(n));
    encodeOne(line, new DataView(bytes.buffer), 0);
    writeFileSync(join(dir, 'by_id', String(line.id)), bytes);
  }
  writeFileSync(join(dir, 'spatial0', '0_0_0'), encodeList(lines, n));
}
