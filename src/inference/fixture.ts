/**
 * Parity fixtures written by training/export_onnx.py (models/fixtures/<name>.json + .bin): a
 * model's inputs and PyTorch's outputs. Pure, so Node tests and the browser self-check page decode
 * them the same way.
 */
import type { TensorData, Tensors } from './model_runner.js';

interface FixtureTensor {
  name: string;
  shape: number[];
  /** 'uint8/255': stored as bytes, fed as value / 255. */
  dtype: 'uint8/255' | 'float32';
  offset: number;
  bytes: number;
}

export interface FixtureMeta {
  inputs: FixtureTensor[];
  outputs: FixtureTensor[];
  /** File name of the blob, beside the JSON. */
  blob: string;
}

export interface ModelFixture {
  inputs: Tensors;
  outputs: Tensors;
}

function decode(blob: Uint8Array, t: FixtureTensor): TensorData {
  const raw = blob.subarray(t.offset, t.offset + t.bytes);
  const data =
    t.dtype === 'uint8/255'
      ? Float32Array.from(raw, (v) => v / 255)
      : new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  return { data, dims: t.shape };
}

export function decodeFixture(meta: FixtureMeta, blob: Uint8Array): ModelFixture {
  const tensors = (list: FixtureTensor[]): Tensors => Object.fromEntries(list.map((t) => [t.name, decode(blob, t)]));
  return { inputs: tensors(meta.inputs), outputs: tensors(meta.outputs) };
}

/** Largest absolute difference per output name between two sets of outputs of the same shapes. */
export function maxAbsDifference(got: Tensors, want: Tensors): Record<string, number> {
  const diff: Record<string, number> = {};
  for (const [name, w] of Object.entries(want)) {
    const g = got[name];
    if (g === undefined || g.data.length !== w.data.length) {
      diff[name] = Infinity;
      continue;
    }
    let d = 0;
    for (let i = 0; i < w.data.length; i++) d = Math.max(d, Math.abs(g.data[i] - w.data[i]));
    diff[name] = d;
  }
  return diff;
}
