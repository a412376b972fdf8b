/**
 * The detected folds as a read-only annotation source: the `sff://` data source offers it as its
 * `folds` subsource, and the image layer draws it as an annotation layer (user_layer.ts) that the
 * user can hide (Source tab), list and click (Annotations tab). Lines are added as the worker
 * reports flagged sections.
 */
import { AnnotationSource, AnnotationType } from 'neuroglancer/unstable/annotation/index.js';
import { foldLines } from './fold_lines.js';
import type { FoldReport } from './fold_report.js';

export const FOLD_SUBSOURCE_ID = 'folds';

export class FoldAnnotations {
  readonly source: AnnotationSource;
  private followed: FoldReport | undefined;
  private readonly added = new Set<number>();

  constructor(private readonly rank: number) {
    this.source = new AnnotationSource(rank);
    this.source.readonly = true;
  }

  /**
   * Adds the folds `report` holds now and later. `transform` is the detection scale's
   * chunk-to-multiscale transform. Only the first report followed counts: every scale of a volume
   * shares it.
   */
  follow(report: FoldReport, transform: Float32Array): void {
    if (this.followed !== undefined) return;
    this.followed = report;
    const sync = (): void => {
      for (const { z, folds } of report.flagged()) {
        if (this.added.has(z)) continue;
        this.added.add(z);
        for (const line of foldLines(z, folds, transform, this.rank)) {
          this.source.add({ ...line, type: AnnotationType.LINE, properties: [] });
        }
      }
    };
    report.changed.add(sync);
    sync();
  }
}
