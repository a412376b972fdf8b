/**
 * Frontend wrapper of a wrapped image volume: same scales, same chunk layout, but every chunk
 * source is an `sff://` source whose worker half downloads through the wrapped one. All scales
 * detect folds on one scale (detection_scale.ts) so they agree on which sections are folded, or
 * all read them from one fold catalogue (`#folds=`, in the finest scale's voxels).
 */
import { type ChunkManager, WithParameters } from 'neuroglancer/unstable/chunk_manager/frontend.js';
import type { SliceViewSingleResolutionSource } from 'neuroglancer/unstable/sliceview/frontend.js';
import type { DataType, VolumeSourceOptions, VolumeType } from 'neuroglancer/unstable/sliceview/volume/base.js';
import { MultiscaleVolumeChunkSource, VolumeChunkSource } from 'neuroglancer/unstable/sliceview/volume/frontend.js';
import { StatusMessage } from 'neuroglancer/unstable/status.js';
import { WatchableValue } from 'neuroglancer/unstable/trackable_value.js';
import { SffVolumeChunkSourceParameters, volumeKeyOf } from './base.js';
import { acquireFoldReport, type FoldReport } from './fold_report.js';
import { chooseDetectionScale, finestScale, MAX_DETECTION_SIDE, sameSections } from './pipeline/detection_scale.js';
import { outsideMarks, type SffOptions } from './url.js';

/** Detection results of a volume and where its detection scale's voxels sit in model space. */
export interface VolumeFolds {
  report: FoldReport;
  /** The detection scale's chunk-to-multiscale transform (see fold_lines.ts). */
  detectionTransform: Float32Array;
}

interface SffChunkSourceOptions {
  spec: VolumeChunkSource['spec'];
  parameters: SffVolumeChunkSourceParameters;
  /** Not part of the memo key: only used to hold references while this source lives. */
  inner: VolumeChunkSource;
  detectionSource: VolumeChunkSource;
  label: string;
}

export class SffVolumeChunkSource extends WithParameters<SffVolumeChunkSourceParameters, typeof VolumeChunkSource>(
  VolumeChunkSource,
  SffVolumeChunkSourceParameters,
) {
  /** Detection results of this volume, shared by all its scales. */
  readonly foldReport: FoldReport;

  constructor(chunkManager: ChunkManager, options: SffChunkSourceOptions) {
    super(chunkManager, options);
    // The worker half looks the wrapped sources up by rpcId, so they must outlive us.
    this.registerDisposer(options.inner.addRef());
    this.registerDisposer(options.detectionSource.addRef());
    const { report, release } = acquireFoldReport(volumeKeyOf(options.parameters), options.label);
    this.foldReport = report;
    this.registerDisposer(release);
  }
}

export class SffMultiscaleVolumeChunkSource extends MultiscaleVolumeChunkSource {
  /** The "no scale fits" message is shown once per volume, not on every getSources. */
  private warnedNoScale = false;
  /** Set once the render layers asked for chunk sources (the worker then starts detecting). */
  readonly folds = new WatchableValue<VolumeFolds | undefined>(undefined);

  constructor(
    private readonly inner: MultiscaleVolumeChunkSource,
    /** Names the volume in status lines. */
    private readonly label: string,
    private readonly options: SffOptions,
  ) {
    super(inner.chunkManager);
  }

  get dataType(): DataType {
    return this.inner.dataType;
  }

  get volumeType(): VolumeType {
    return this.inner.volumeType;
  }

  get rank(): number {
    return this.inner.rank;
  }

  getSources(options: VolumeSourceOptions): SliceViewSingleResolutionSource<SffVolumeChunkSource>[][] {
    // Neuroglancer's nesting: alternative chunk layouts outside, the scales (finest first) inside.
    const layouts = this.inner.getSources(options);
    const scales = layouts[0] ?? [];
    // A catalogue is in base voxels and needs no scale small enough to detect on: the finest is its frame.
    const catalogueUrl = this.options.folds && new URL(this.options.folds, window.location.href).href;
    const specs = scales.map((s) => s.chunkSource.spec);
    const detectionIndex = catalogueUrl === undefined ? chooseDetectionScale(specs) : finestScale(specs);
    const detection = detectionIndex === undefined ? undefined : scales[detectionIndex].chunkSource;
    const widths = scales.map((s) => s.chunkSource.spec.upperVoxelBound[0]);
    const factor = detection === undefined ? 1 : Math.max(...widths) / detection.spec.upperVoxelBound[0];
    const wrapped = layouts.map((layout) =>
      layout.map((source) => ({
        ...source,
        chunkSource: this.wrap(source.chunkSource, detection, factor, catalogueUrl),
      })),
    );
    if (detectionIndex === undefined && !this.warnedNoScale) {
      // Nothing silent: a volume we cannot check says so, and shows its raw pixels.
      this.warnedNoScale = true;
      const sides = scales.map((s) => Math.max(...Array.from(s.chunkSource.spec.upperVoxelBound).slice(0, 2)));
      StatusMessage.showTemporaryMessage(
        `sff: no scale of this volume is at most ${MAX_DETECTION_SIDE} px on a side (smallest ${Math.min(...sides)} px): ` +
          'folds are not detected, raw pixels shown',
        30000,
      );
    }
    if (detectionIndex !== undefined && this.folds.value === undefined) {
      const { chunkSource, chunkToMultiscaleTransform } = wrapped[0][detectionIndex];
      const outside = outsideMarks(this.options, chunkSource.spec.upperVoxelBound[2]);
      if (outside !== undefined) StatusMessage.showTemporaryMessage(`sff: ${outside}`, 15000);
      this.folds.value = { report: chunkSource.foldReport, detectionTransform: chunkToMultiscaleTransform };
    }
    // getSources handed us one reference to each inner source; the wrappers hold their own.
    for (const layout of layouts) for (const source of layout) source.chunkSource.dispose();
    return wrapped;
  }

  private wrap(
    inner: VolumeChunkSource,
    detection: VolumeChunkSource | undefined,
    detectionFactor: number,
    catalogueUrl: string | undefined,
  ): SffVolumeChunkSource {
    // Scales whose sections differ from the detection scale's (z downsampled) are served raw.
    const detects = detection !== undefined && sameSections(inner.spec, detection.spec);
    const detectionSource = detects ? detection : inner;
    const options: SffChunkSourceOptions = {
      spec: inner.spec,
      parameters: {
        innerRpcId: inner.rpcId!,
        // Options with bad values: raw pixels (the status line and the Folds tab say why).
        processor: !detects || this.options.problems ? 'identity' : this.options.restore ? 'restore' : 'detect',
        detectionRpcId: detectionSource.rpcId!,
        detectionFactor,
        // Resolved here: the worker's location is the worker script's, not the viewer's.
        modelsUrl: new URL(this.options.models ?? 'models/', window.location.href).href,
        folded: this.options.folded ?? [],
        clean: this.options.clean ?? [],
        showMask: this.options.mask === true,
        ...(catalogueUrl !== undefined && { catalogueUrl }),
      },
      inner,
      detectionSource,
      label: this.label,
    };
    return this.chunkManager.getChunkSource(SffVolumeChunkSource, options);
  }
}
