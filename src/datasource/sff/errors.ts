/**
 * Tagged errors of the `sff://` layer. Neuroglancer shows a data source's rejection message in the
 * layer's Source tab, so every message here is written for the person looking at that panel.
 */

export type SffLayerErrorKind =
  | 'InvalidUrl' // the sff:// URL itself is malformed
  | 'InnerSourceFailed' // the wrapped data source could not be opened
  | 'NoImageVolume' // the wrapped data source has nothing we can serve
  | 'InnerChunkSourceMissing' // worker could not find the wrapped chunk source
  | 'NotUint8'; // a chunk the detector needs is not 8-bit

export class SffLayerError extends Error {
  override readonly name = 'SffLayerError';
  constructor(
    readonly kind: SffLayerErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isSffLayerError(err: unknown, kind?: SffLayerErrorKind): err is SffLayerError {
  return err instanceof SffLayerError && (kind === undefined || err.kind === kind);
}
