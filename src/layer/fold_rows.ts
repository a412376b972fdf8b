/**
 * What the layer panel lists: one row per section that is treated as folded (detected and not
 * marked clean, or marked folded) or carries a user mark, with its score and restoration state.
 * Pure, so the panel's content is tested without a browser.
 */
import type { RestoreEvent, SectionFoldSummary } from '../datasource/sff/base.js';
import { isTreatedFolded, markOf, type SectionMark } from '../datasource/sff/pipeline/overrides.js';
import type { SffOptions } from '../datasource/sff/url.js';

export interface FoldRow {
  z: number;
  /** Detector score, undefined when the section was not checked yet. */
  score?: number;
  detected: boolean;
  mark: SectionMark;
  folded: boolean;
  /** Restoration state in words, '' when none. */
  state: string;
}

export function foldRows(
  sections: ReadonlyMap<number, SectionFoldSummary>,
  restorations: ReadonlyMap<number, RestoreEvent>,
  options: SffOptions,
): FoldRow[] {
  const zs = new Set<number>([...(options.folded ?? []), ...(options.clean ?? [])]);
  for (const s of sections.values()) if (s.flagged) zs.add(s.z);
  return [...zs]
    .sort((a, b) => a - b)
    .map((z) => {
      const summary = sections.get(z);
      const detected = summary?.flagged ?? false;
      const folded = isTreatedFolded(options, z, detected);
      return {
        z,
        score: summary?.score,
        detected,
        mark: markOf(options, z),
        folded,
        state: stateText(folded, options, restorations.get(z)),
      };
    });
}

function stateText(folded: boolean, options: SffOptions, event: RestoreEvent | undefined): string {
  if (!folded) return 'shown raw (marked clean)';
  if (!options.restore) return 'shown raw (restoration off)';
  switch (event?.state) {
    case undefined:
      return 'restored when shown';
    case 'running':
      return `restoring (${event.backend})…`;
    case 'done':
      return `restored in ${(event.ms / 1000).toFixed(1)} s (${event.backend})${event.note ? `; ${event.note}` : ''}`;
    case 'failed':
      return `shown raw: ${event.message}`;
  }
}
