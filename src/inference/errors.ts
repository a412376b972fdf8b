/**
 * Errors of the inference runtime (kinds of src/core/errors.ts). Callers tell expected conditions ("model failed to
 * load", "work was cancelled") from bugs with `isSffError(err, 'ModelLoadError')` instead of
 * matching messages, and the layer shows `err.message` in its status as is.
 */

import { SffError } from '../core/errors.js';

export { errorMessage, isSffError, SffError, throwIfAborted } from '../core/errors.js';

/** A model could not be fetched, parsed or given a session: "model failed to load: <name>: <why>". */
export class ModelLoadError extends SffError<'ModelLoadError'> {
  constructor(
    readonly model: string,
    why: string,
    options?: { cause?: unknown },
  ) {
    super('ModelLoadError', `model failed to load: ${model}: ${why}`, options);
  }
}

/** A loaded model rejected its inputs or failed while running. */
export class ModelRunError extends SffError<'ModelRunError'> {
  constructor(
    readonly model: string,
    why: string,
    options?: { cause?: unknown },
  ) {
    super('ModelRunError', `model failed to run: ${model}: ${why}`, options);
  }
}

/** The caller's AbortSignal fired; `cause` is the signal's reason. */
export class InferenceAbortedError extends SffError<'InferenceAbortedError'> {
  constructor(what: string, reason?: unknown) {
    super('InferenceAbortedError', `inference aborted: ${what}`, { cause: reason });
  }
}

/** The requested execution provider does not exist in this environment. */
export class UnsupportedBackendError extends SffError<'UnsupportedBackendError'> {
  constructor(backend: string, why: string) {
    super('UnsupportedBackendError', `unsupported backend: ${backend}: ${why}`);
  }
}

/** A tensor's data length, rank or size does not fit what the operation needs. */
export class TensorShapeError extends SffError<'TensorShapeError'> {
  constructor(why: string) {
    super('TensorShapeError', `bad tensor shape: ${why}`);
  }
}

/** Tiling parameters that cannot cover the image (e.g. halo eats the whole tile). */
export class TilingError extends SffError<'TilingError'> {
  constructor(why: string) {
    super('TilingError', `bad tiling: ${why}`);
  }
}
