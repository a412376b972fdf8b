/** Where the trained ONNX models are (models/, or $SFF_MODELS) and their torch-made fixtures. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TensorData, Tensors } from '../../src/inference/model_runner.js';

export const MODELS_DIR = process.env.SFF_MODELS ?? fileURLToPath(new URL('../../models/', import.meta.url));

export function modelPath(name: string): string {
  return join(MODELS_DIR, `${name}.onnx`);
}

export function hasModel(name: string): boolean {
  return existsSync(modelPath(name));
}

interface JsonTensor {
  name: string;
  shape: number[];
  dtype: 'uint8/255' | 'float32';
  offset: number;
  bytes: number;
}

interface FixtureMeta {
  inputs: JsonTensor[];
  outputs: JsonTensor[];
  blob: string;
}

function decode(blob: Buffer, t: JsonTensor): TensorData {
  const raw = blob.subarray(t.offset, t.offset + t.bytes);
  const data =
    t.dtype === 'uint8/255'
      ? Float32Array.from(raw, (v) => v / 255)
      : new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  return { data, dims: t.shape };
}

/** Inputs and PyTorch outputs of models/fixtures/<name>.json, or null when it is absent. */
export function modelFixture(name: string): { inputs: Tensors; outputs: Tensors } | null {
  const metaPath = join(MODELS_DIR, 'fixtures', `${name}.json`);
  if (!existsSync(metaPath)) return null;
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as FixtureMeta;
  const blob = readFileSync(join(MODELS_DIR, 'fixtures', meta.blob));
  const tensors = (list: JsonTensor[]): Tensors => Object.fromEntries(list.map((t) => [t.name, decode(blob, t)]));
  return { inputs: tensors(meta.inputs), outputs: tensors(meta.outputs) };
}
