/**
 * The seam every restoration plugs into — classical baselines and the learned pipeline alike —
 * so the evaluation harness, the CLI and the Neuroglancer worker can run any of them by name.
 */
import { SffError } from './errors.js';
import type { GrayImage } from './image.js';

/**
 * What a method may see: the damaged section and its clean neighbours. Never the ground truth,
 * the fold parameters or the true mask — a method must find the fold itself.
 */
export interface RestorationInput {
  damaged: GrayImage;
  /** Section z − 1, same size as `damaged`. */
  prev?: GrayImage;
  /** Section z + 1, same size as `damaged`. */
  next?: GrayImage;
}

export interface RestorationMethod {
  /** Registry key and table label, e.g. `sub`, `interp`. */
  readonly name: string;
  restore(input: RestorationInput, signal?: AbortSignal): Promise<GrayImage>;
}

/** Methods by name, created on first use so heavy ones (onnxruntime, models) load only if picked. */
export type MethodRegistry = Map<string, () => Promise<RestorationMethod>>;

/** Expected failures of a restoration: missing neighbours, mismatched sizes. */
export class RestorationError extends SffError<'RestorationError'> {
  constructor(
    readonly reason: 'NoNeighbourSection' | 'SizeMismatch',
    message: string,
  ) {
    super('RestorationError', message);
  }
}

/** Checks that all given sections share the damaged section's size. */
export function checkInputSizes(input: RestorationInput): void {
  const { width, height } = input.damaged;
  for (const [which, img] of [
    ['prev', input.prev],
    ['next', input.next],
  ] as const) {
    if (img !== undefined && (img.width !== width || img.height !== height)) {
      throw new RestorationError(
        'SizeMismatch',
        `${which} section is ${img.width}×${img.height} but the damaged one is ${width}×${height}`,
      );
    }
  }
}
