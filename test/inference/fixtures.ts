/** Shared access to test/fixtures/onnx (models + torch-computed expected outputs). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TensorData, Tensors } from '../../src/inference/model_runner.js';

export const ONNX_DIR = fileURLToPath(new URL('../fixtures/onnx/', import.meta.url));

interface JsonTensor {
  dims: number[];
  data: number[];
}
interface Case {
  inputs: Record<string, JsonTensor>;
  outputs: Record<string, JsonTensor>;
}

const cases = JSON.parse(readFileSync(`${ONNX_DIR}expected.json`, 'utf8')) as Record<'box_blur' | 'warp', Case>;

function toTensors(json: Record<string, JsonTensor>): Tensors {
  return Object.fromEntries(
    Object.entries(json).map(([k, t]) => [k, { dims: t.dims, data: Float32Array.from(t.data) }]),
  );
}

export function fixtureCase(name: 'box_blur' | 'warp'): { inputs: Tensors; outputs: Tensors } {
  return { inputs: toTensors(cases[name].inputs), outputs: toTensors(cases[name].outputs) };
}

export function maxAbsDiff(a: TensorData, b: TensorData): number {
  expect(a.dims).toEqual(b.dims);
  let m = 0;
  for (let i = 0; i < a.data.length; ++i) m = Math.max(m, Math.abs(a.data[i] - b.data[i]));
  return m;
}

/** A deterministic [1, C, H, W] tensor with texture (no RNG dependency). */
export function pattern(channels: number, height: number, width: number): TensorData {
  const data = new Float32Array(channels * height * width);
  for (let i = 0; i < data.length; ++i) data[i] = 0.5 + 0.5 * Math.sin(i * 0.731 + Math.cos(i * 0.117) * 3);
  return { data, dims: [1, channels, height, width] };
}
