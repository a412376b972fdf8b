/**
 * The membrane net (models/membrane.onnx: `image` → `membrane` probability) as the segmentation
 * check's MembraneModel. It only scores restorations in `sff eval`; the restoration never runs it.
 */
import type { MembraneModel } from '../core/evaluation/segmentation.js';
import { ModelRunError } from '../inference/errors.js';
import type { ModelRunner } from '../inference/model_runner.js';
import { grayToTensor } from '../inference/region.js';
import { runTiled } from '../inference/tiling.js';
import { DEFAULT_TILES, type TileSettings } from './stages.js';

/** The model file's name (`membrane.onnx`). */
export const MEMBRANE_MODEL = 'membrane';
/** Half resolution, then three poolings (training/sff_train/nets.py, MembraneNet). */
const MULTIPLE = 16;

export function membraneModel(runner: ModelRunner, tiles: TileSettings = DEFAULT_TILES): MembraneModel {
  return async (image, signal) => {
    const rect = { x: 0, y: 0, width: image.width, height: image.height };
    const out = await runTiled(
      { image: grayToTensor([image], rect) },
      { ...tiles, multipleOf: MULTIPLE, signal },
      (t, _tile, s) => runner.run(MEMBRANE_MODEL, t, s),
    );
    const membrane = out.membrane;
    if (membrane === undefined) throw new ModelRunError(MEMBRANE_MODEL, `has no output 'membrane'`);
    return Float32Array.from(membrane.data);
  };
}
