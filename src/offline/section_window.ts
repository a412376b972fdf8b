/**
 * The sections around the one being processed, read once each and dropped once no later section
 * can use them as a neighbour (restoration looks ±3 sections away), so memory stays bounded on a
 * volume of any depth. Detections are made here too, each with its neighbours z ± 1 as
 * `sff detect --stack` does; their summaries outlive the pixels.
 */
import {
  type DetectOptions,
  type FoldDetection,
  type FoldDetector,
  handTunedDetector,
} from '../core/detection/index.js';
import type { GrayImage } from '../core/image.js';
import type { MissingBox } from '../io/precomputed/volume.js';
import { type FoldSummary, summarise } from './records.js';
import type { SectionSource } from './sources.js';

export type SectionDetectOptions = Omit<DetectOptions, 'neighbours'>;

export class SectionWindow {
  private readonly images = new Map<number, Promise<GrayImage>>();
  private readonly detections = new Map<number, FoldDetection>();
  private readonly summaries = new Map<number, FoldSummary>();
  private readonly detectMs = new Map<number, number>();

  constructor(
    readonly source: SectionSource,
    private readonly detectOptions: SectionDetectOptions = {},
    private readonly signal?: AbortSignal,
    private readonly detector: FoldDetector = handTunedDetector,
  ) {}

  image(z: number): Promise<GrayImage> {
    let image = this.images.get(z);
    if (image === undefined) {
      image = this.source.read(z, this.signal);
      this.images.set(z, image);
    }
    return image;
  }

  /** Boxes of section z whose chunks are missing (pixels 0, not data). */
  async missing(z: number): Promise<MissingBox[]> {
    return (await this.source.missing?.(z, this.signal)) ?? [];
  }

  /** Section z's detection with its neighbours z ± 1 (those that exist), made once. */
  async detection(z: number): Promise<FoldDetection> {
    let detection = this.detections.get(z);
    if (detection === undefined) {
      this.signal?.throwIfAborted();
      const around = [z - 1, z + 1].filter((k) => k >= 0 && k < this.source.depth);
      const [section, ...neighbours] = await Promise.all([z, ...around].map((k) => this.image(k)));
      const started = performance.now();
      detection = await this.detector(section, { ...this.detectOptions, neighbours }, this.signal);
      this.detectMs.set(z, performance.now() - started);
      this.detections.set(z, detection);
      this.summaries.set(z, summarise(detection));
    }
    return detection;
  }

  summary(z: number): FoldSummary | undefined {
    return this.summaries.get(z);
  }

  /** Milliseconds the detection of z took (0 when it was not detected in this run). */
  detectionMs(z: number): number {
    return this.detectMs.get(z) ?? 0;
  }

  /** A summary known from an earlier run (resume): its section is never detected again. */
  remember(z: number, summary: FoldSummary): void {
    this.summaries.set(z, summary);
  }

  /** Drops the pixels and masks of sections before z; their summaries stay. */
  forgetBefore(z: number): void {
    for (const map of [this.images, this.detections, this.detectMs]) {
      for (const k of map.keys()) if (k < z) map.delete(k);
    }
  }
}
