/** Reads back the line annotation encoding (tests only): the spec's multiple-annotation form. */
export interface DecodedLine {
  id: number;
  a: number[];
  b: number[];
  values: number[];
}

export function decodeLineList(bytes: Uint8Array, propertyCount: number): DecodedLine[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = Number(view.getBigUint64(0, true));
  const stride = 4 * (6 + propertyCount);
  const floats = (offset: number, n: number): number[] =>
    Array.from({ length: n }, (_, k) => view.getFloat32(offset + 4 * k, true));
  const idsAt = 8 + count * stride;
  if (bytes.length !== idsAt + 8 * count)
    throw new Error(`${bytes.length} bytes for ${count} lines, expected ${idsAt + 8 * count}`);
  return Array.from({ length: count }, (_, i) => {
    const o = 8 + i * stride;
    return {
      id: Number(view.getBigUint64(idsAt + 8 * i, true)),
      a: floats(o, 3),
      b: floats(o + 12, 3),
      values: floats(o + 24, propertyCount),
    };
  });
}
