/** Where the trained ONNX models are (models/, or $SFF_MODELS) and their torch-made fixtures. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeFixture, type FixtureMeta, type ModelFixture } from '../../src/inference/fixture.js';

export const MODELS_DIR = process.env.SFF_MODELS ?? fileURLToPath(new URL('../../models/', import.meta.url));

export function modelPath(name: string): string {
  return join(MODELS_DIR, `${name}.onnx`);
}

export function hasModel(name: string): boolean {
  return existsSync(modelPath(name));
}

/** Inputs and PyTorch outputs of models/fixtures/<name>.json, or null when it is absent. */
export function modelFixture(name: string): ModelFixture | null {
  const metaPath = join(MODELS_DIR, 'fixtures', `${name}.json`);
  if (!existsSync(metaPath)) return null;
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as FixtureMeta;
  return decodeFixture(meta, readFileSync(join(MODELS_DIR, 'fixtures', meta.blob)));
}
