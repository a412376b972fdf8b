/**
 * Frontend end of the worker's detection reports: per volume (keyed by volumeKeyOf: the detection
 * chunk source's rpc id, and the catalogue when folds are read from one), the sections checked so far and which are folded, and a status line saying so.
 */
import { StatusMessage } from 'neuroglancer/unstable/status.js';
import { NullarySignal } from 'neuroglancer/unstable/util/signal.js';
import { registerRPC } from 'neuroglancer/unstable/worker_rpc.js';
import {
  FOLD_REPORT_RPC_ID,
  type FoldReportMessage,
  RESTORE_EVENT_RPC_ID,
  type RestoreEvent,
  type RestoreEventMessage,
  type SectionFoldSummary,
} from './base.js';

export class FoldReport {
  /** Every section detected so far, by z. */
  readonly sections = new Map<number, SectionFoldSummary>();
  /** Latest restoration event per section. */
  readonly restorations = new Map<number, RestoreEvent>();
  private lastRestore: RestoreEvent | undefined;
  readonly changed = new NullarySignal();
  private status: StatusMessage | undefined;
  users = 0;

  constructor(readonly label: string) {}

  /** Flagged sections, ascending z. */
  flagged(): SectionFoldSummary[] {
    return [...this.sections.values()].filter((s) => s.flagged).sort((a, b) => a.z - b.z);
  }

  add(summary: SectionFoldSummary): void {
    this.sections.set(summary.z, summary);
    this.refresh();
  }

  addRestoreEvent(event: RestoreEvent): void {
    this.restorations.set(event.z, event);
    this.lastRestore = event;
    this.refresh();
  }

  /** Updates the status line (shows it again after dispose) and tells listeners. */
  refresh(): void {
    const flagged = this.flagged();
    const failed = [...this.sections.values()].filter((s) => s.failure !== undefined);
    if (flagged.length > 0 || failed.length > 0) {
      this.status ??= new StatusMessage(false);
      let text = statusText([...this.sections.values()], this.label);
      if (this.lastRestore !== undefined) text += ` — ${restoreText(this.lastRestore)}`;
      this.status.setText(text);
    }
    this.changed.dispatch();
  }

  dispose(): void {
    this.status?.dispose();
    this.status = undefined;
  }
}

/** The layer's status line for the sections checked so far (one line, whatever went wrong). */
export function statusText(sections: SectionFoldSummary[], label: string): string {
  const flaggedZ = sections
    .filter((s) => s.flagged)
    .map((s) => s.z)
    .sort((a, b) => a - b);
  const failed = sections.filter((s) => s.failure !== undefined);
  const last = failed[failed.length - 1];
  // One cause for every section (a catalogue that cannot be used, say) is said once.
  if (failed.length > 0 && failed.length === sections.length && failed.every((s) => s.failure === last.failure))
    return `sff: ${label} shown raw: ${last.failure}`;
  const noun = flaggedZ.length === 1 ? 'section' : 'sections';
  const list = flaggedZ.length > 0 ? `z ${flaggedZ.join(', ')}; ` : '';
  const found = sections.some((s) => s.fromCatalogue) ? 'in the fold catalogue' : 'detected';
  let text = `sff: ${flaggedZ.length} fold ${noun} ${found} (${list}${sections.length} checked) in ${label}`;
  if (failed.length > 0) text += `; ${failed.length} not checked, shown raw (z ${last.z}: ${last.failure})`;
  return text;
}

export function restoreText(event: RestoreEvent): string {
  switch (event.state) {
    case 'running':
      return `sff: restoring section ${event.z} (${event.backend})…`;
    case 'done':
      return `sff: section ${event.z} restored in ${(event.ms / 1000).toFixed(1)} s (${event.backend})${event.note ? ` (${event.note})` : ''}`;
    case 'failed':
      return `sff: section ${event.z} shown raw: ${event.message}`;
  }
}

/**
 * Reports outlive their chunk sources: the worker reports a section once, when it detects it, and
 * an sff:// source that is rebuilt (its URL options changed) gets the same wrapped source and so
 * the same worker cache. Only the status line goes while nobody shows the volume.
 */
const reports = new Map<string, FoldReport>();

/** The report of one volume, shared by its chunk sources; call the returned release when done. */
export function acquireFoldReport(volumeKey: string, label: string): { report: FoldReport; release(): void } {
  let report = reports.get(volumeKey);
  if (report === undefined) {
    report = new FoldReport(label);
    reports.set(volumeKey, report);
  }
  if (report.users++ === 0) report.refresh();
  const held = report;
  return {
    report,
    release: () => {
      if (--held.users === 0) held.dispose();
    },
  };
}

registerRPC(FOLD_REPORT_RPC_ID, (message: FoldReportMessage) => {
  const { volumeKey, functionName: _name, ...summary } = message as FoldReportMessage & { functionName?: string };
  // Reports for a volume nobody shows any more are dropped.
  reports.get(volumeKey)?.add(summary);
});

registerRPC(RESTORE_EVENT_RPC_ID, (message: RestoreEventMessage) => {
  const { volumeKey, functionName: _name, ...event } = message as RestoreEventMessage & { functionName?: string };
  reports.get(volumeKey)?.addRestoreEvent(event as RestoreEvent);
});
