/**
 * What crosses the worker boundary for an `sff://` volume chunk source: plain, serialisable, and
 * defined once for both threads (frontend.ts and backend.ts pass the class to `WithParameters`).
 */

/** Names of the section processors the worker can load (see section_processor.ts). */
export type SectionProcessorName = 'identity';

export class SffVolumeChunkSourceParameters {
  static readonly RPC_ID = 'sff/VolumeChunkSource';
  /** Worker-side id of the wrapped data source's chunk source: we download through it. */
  declare innerRpcId: number;
  /** Which section processor turns raw chunks into served chunks. */
  declare processor: SectionProcessorName;
}
