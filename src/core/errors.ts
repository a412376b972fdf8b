/**
 * The one error convention of sff: every expected failure (bad input, refused output, a model that
 * does not load, a cancelled run) is an `SffError` whose `kind` names it. Callers tell them apart
 * with `isSffError(err, 'Kind')`, never by class or message; anything else that is thrown is a bug.
 * `kind` (and `name`, set to the kind) survive bundling and minification, unlike constructor names.
 * Pure: no DOM, no Node, no Neuroglancer, so every layer of the project can import it.
 */

export type SffErrorKind =
  // inference runtime
  | 'ModelLoadError' // a model could not be fetched, parsed or given a session
  | 'ModelRunError' // a loaded model rejected its inputs or failed while running
  | 'InferenceAbortedError' // the caller's AbortSignal fired
  | 'UnsupportedBackendError' // the requested execution provider does not exist here
  | 'TensorShapeError' // a tensor's length, rank or size does not fit
  | 'TilingError' // tiling parameters that cannot cover the image
  // the sff:// layer (messages shown in Neuroglancer's Source tab)
  | 'InvalidUrl' // the sff:// URL itself is malformed
  | 'InnerSourceFailed' // the wrapped data source could not be opened
  | 'NoImageVolume' // the wrapped data source has nothing we can serve
  | 'InnerChunkSourceMissing' // worker could not find the wrapped chunk source
  | 'NotUint8' // a chunk the detector needs is not 8-bit
  | 'CatalogueError' // a fold catalogue (#folds=) that cannot be fetched, parsed or does not fit the volume
  // pure core
  | 'DetectOptionsError' // detection options that are a caller mistake
  | 'FoldParamsError' // fold parameters outside the contract
  | 'GeometryError' // a fold geometry (catalogue) outside the contract
  | 'RestorationError' // missing neighbours, mismatched sizes
  | 'EvaluationError' // an evaluation set-up that cannot run
  | 'MetricsError' // inputs a metric cannot score
  // input / output
  | 'PngReadError' // a file that is not a readable PNG
  | 'StackError' // a section stack that cannot become a volume
  | 'PrecomputedFormatError' // an info file or chunk outside what we read and write
  | 'ZarrFormatError' // a zarr array or OME-Zarr group outside what we read
  | 'OutputExistsError' // the output holds something we did not write
  | 'UnsupportedDataType' // pixels of a bit depth or type we do not restore
  | 'FetchError' // an http request that failed, timed out or was refused
  | 'UnsupportedScheme' // a URL scheme we cannot read
  | 'OfflineError' // offline restoration / cataloguing refused its input or output
  | 'QueueError' // the distributed restore's queue: unreachable Redis, unknown job, nothing to resume
  // command line
  | 'OptionError' // a command-line value we cannot use
  | 'Interrupted'; // the user pressed Ctrl-C (the reason of the command's AbortSignal)

export interface SffErrorOptions {
  cause?: unknown;
}

export class SffError<K extends SffErrorKind = SffErrorKind> extends Error {
  constructor(
    readonly kind: K,
    message: string,
    options?: SffErrorOptions,
  ) {
    super(message, options);
    this.name = kind;
  }
}

/** Type guard in the style of zarrita's `isZarritaError(err, "NotFoundError")`. */
export function isSffError<K extends SffErrorKind>(err: unknown, kind?: K): err is SffError<K> {
  return err instanceof SffError && (kind === undefined || err.kind === kind);
}

/** Throws InferenceAbortedError when `signal` has fired; call at every await boundary. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted)
    throw new SffError('InferenceAbortedError', `inference aborted: ${what}`, { cause: signal.reason });
}

/** The message of anything thrown (ORT sometimes throws strings). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
