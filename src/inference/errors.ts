/**
 * Tagged errors of the inference runtime. Callers tell expected conditions ("model failed to
 * load", "work was cancelled") from bugs with `isSffError(err, 'ModelLoadError')` instead of
 * matching messages, and the layer shows `err.message` in its status as is.
 */

export type InferenceErrorTag =
  | 'ModelLoadError'
  | 'ModelRunError'
  | 'InferenceAbortedError'
  | 'UnsupportedBackendError'
  | 'TensorShapeError'
  | 'TilingError';

/** Base class: `tag` survives bundling and minification, unlike constructor names. */
export class SffInferenceError<T extends InferenceErrorTag = InferenceErrorTag> extends Error {
  constructor(
    readonly tag: T,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = tag;
  }
}

/** A model could not be fetched, parsed or given a session: "model failed to load: <name>: <why>". */
export class ModelLoadError extends SffInferenceError<'ModelLoadError'> {
  constructor(
    readonly model: string,
    why: string,
    options?: { cause?: unknown },
  ) {
    super('ModelLoadError', `model failed to load: ${model}: ${why}`, options);
  }
}

/** A loaded model rejected its inputs or failed while running. */
export class ModelRunError extends SffInferenceError<'ModelRunError'> {
  constructor(
    readonly model: string,
    why: string,
    options?: { cause?: unknown },
  ) {
    super('ModelRunError', `model failed to run: ${model}: ${why}`, options);
  }
}

/** The caller's AbortSignal fired; `cause` is the signal's reason. */
export class InferenceAbortedError extends SffInferenceError<'InferenceAbortedError'> {
  constructor(what: string, reason?: unknown) {
    super('InferenceAbortedError', `inference aborted: ${what}`, { cause: reason });
  }
}

/** The requested execution provider does not exist in this environment. */
export class UnsupportedBackendError extends SffInferenceError<'UnsupportedBackendError'> {
  constructor(backend: string, why: string) {
    super('UnsupportedBackendError', `unsupported backend: ${backend}: ${why}`);
  }
}

/** A tensor's data length, rank or size does not fit what the operation needs. */
export class TensorShapeError extends SffInferenceError<'TensorShapeError'> {
  constructor(why: string) {
    super('TensorShapeError', `bad tensor shape: ${why}`);
  }
}

/** Tiling parameters that cannot cover the image (e.g. halo eats the whole tile). */
export class TilingError extends SffInferenceError<'TilingError'> {
  constructor(why: string) {
    super('TilingError', `bad tiling: ${why}`);
  }
}

/** Type guard in the style of zarrita's `isZarritaError(err, "NotFoundError")`. */
export function isSffError<T extends InferenceErrorTag>(err: unknown, tag?: T): err is SffInferenceError<T> {
  return err instanceof SffInferenceError && (tag === undefined || err.tag === tag);
}

/** Throws InferenceAbortedError when `signal` has fired; call at every await boundary. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new InferenceAbortedError(what, signal.reason);
}

/** The message of anything thrown (ORT sometimes throws strings). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
