/**
 * The offline restoration loop shared by `sff restore --stack` and `--precomputed`: walks a volume
 * section by section, detects folds (with neighbours, as `sff detect --stack`), restores flagged
 * and forced sections from the nearest clean neighbours within ±3 (the viewer's rules) with the
 * same pipeline the viewer runs, and yields each section for the caller to write.
 */
import { type FoldDetection, handTunedDetector } from '../core/detection/index.js';
import { isSffError } from '../core/errors.js';
import type { SectionGeometry } from '../core/geometry/fold_geometry.js';
import { type GrayImage, makeGray } from '../core/image.js';
import { yieldToEventLoop } from '../inference/abortable.js';
import type { ModelRunner } from '../inference/model_runner.js';
import { chooseNeighbours, NEIGHBOUR_REACH } from '../restoration/neighbours.js';
import { type PipelineMethod, restoreSection } from '../restoration/pipeline.js';
import { anyOverlaps, foldRegion } from '../restoration/regions.js';
import type { LoadedDetector } from './detector.js';
import { type FoldSummary, type SectionRecord, sectionRecord } from './records.js';
import { type SectionDetectOptions, SectionWindow } from './section_window.js';
import type { SectionSource } from './sources.js';

export interface RestoreSettings {
  /** False (`--no-detect`): nothing is detected, only the `force` sections are restored. */
  detect: boolean;
  /** Sections restored whatever the detector says (`--sections`). */
  force: ReadonlySet<number>;
  detectOptions?: SectionDetectOptions;
  /** Default: the hand-tuned detectFolds (the viewer's and src/distributed's detector). */
  detector?: Pick<LoadedDetector, 'name' | 'detect'>;
  /** Created on first use: a stack without folds never loads onnxruntime. */
  runner: () => Promise<ModelRunner>;
  method?: PipelineMethod;
  signal?: AbortSignal;
  /**
   * What is done with a flagged section once its neighbours are chosen; default: restore its
   * pixels (`restoreSection`). Volumes only plan here (the fold geometry) and restore block by
   * block when the slab is written.
   */
  act?: SectionAct;
}

export interface ActRequest {
  z: number;
  damaged: GrayImage;
  prev: GrayImage;
  next: GrayImage;
  prevZ: number;
  nextZ: number;
  detection: FoldDetection;
  method: PipelineMethod;
}

export type SectionAct = (
  request: ActRequest,
) => Promise<{ restored?: GrayImage; geometry?: SectionGeometry; notes: string[] }>;

export interface SectionOutcome {
  record: SectionRecord;
  /** The restored pixels; undefined when the section is written unchanged (or only planned). */
  restored?: GrayImage;
  /** The fold geometry the section is restored along (the section's own pixels), when planned. */
  geometry?: SectionGeometry;
}

/** Where to start, and what an earlier run already learned about the sections before it. */
export interface ResumePoint {
  from: number;
  known: ReadonlyMap<number, FoldSummary>;
}

const FORCED_WITHOUT_BAND =
  'no fold band found in this forced section: replaced by the interpolation of its neighbours';

/** A detection covering the whole section: the pipeline then restores everything it can. */
function wholeSection(image: GrayImage): FoldDetection {
  const mask = makeGray(image.width, image.height, new Uint8Array(image.width * image.height).fill(1));
  return { flagged: true, score: 1, mask, maskFraction: 1, segments: [], folds: [] };
}

async function restoreOne(
  z: number,
  window: SectionWindow,
  isFlagged: (k: number) => boolean,
  settings: RestoreSettings,
): Promise<Pick<SectionOutcome, 'restored' | 'geometry'> & Pick<SectionRecord, 'neighbours' | 'notes'>> {
  // Pixels of missing chunks are 0, not tissue: a section missing chunks where the restoration
  // reads is no neighbour, and a damaged one missing chunks in its fold region is kept as it is.
  const found = settings.detect ? await window.detection(z) : undefined;
  const region = found?.flagged ? foldRegion(found.mask) : null;
  if (anyOverlaps(await window.missing(z), region)) {
    return { neighbours: null, notes: [`section ${z} has missing chunks in its fold region: kept as it is`] };
  }
  const gaps = new Set<number>();
  for (let k = z - NEIGHBOUR_REACH; k <= z + NEIGHBOUR_REACH; k++) {
    if (k !== z && k >= 0 && k < window.source.depth && anyOverlaps(await window.missing(k), region)) gaps.add(k);
  }
  let choice;
  try {
    choice = chooseNeighbours(
      z,
      window.source.depth,
      (k) => isFlagged(k) || gaps.has(k),
      (k) => (isFlagged(k) ? 'flagged' : 'missing chunks'),
    );
  } catch (err) {
    // No clean section within reach: the section is kept as it is, and the report says why.
    if (isSffError(err, 'RestorationError')) return { neighbours: null, notes: [err.message] };
    throw err;
  }
  const [damaged, prev, next] = await Promise.all([z, choice.prev, choice.next].map((k) => window.image(k)));
  const notes = choice.note === undefined ? [] : [choice.note];
  let detection = settings.detect
    ? await window.detection(z)
    : await (settings.detector?.detect ?? handTunedDetector)(
        damaged,
        { ...settings.detectOptions, neighbours: [prev, next] },
        settings.signal,
      );
  let method = settings.method ?? 'full';
  if (!detection.flagged) {
    detection = wholeSection(damaged);
    method = 'interp_net';
    notes.push(FORCED_WITHOUT_BAND);
  }
  const act = settings.act ?? restoreAct(settings);
  const done = await act({ z, damaged, prev, next, prevZ: choice.prev, nextZ: choice.next, detection, method });
  return { ...done, neighbours: [choice.prev, choice.next], notes: [...notes, ...done.notes] };
}

/** The default act: the section's pixels restored whole (stacks of sections held in memory). */
function restoreAct(settings: RestoreSettings): SectionAct {
  return async ({ damaged, prev, next, prevZ, nextZ, detection, method }) => {
    const request = { damaged, neighbours: { prev, next, prevZ, nextZ }, detection };
    const result = await restoreSection(request, await settings.runner(), { method }, settings.signal);
    return { restored: result.region === null ? undefined : result.restored, notes: result.notes };
  };
}

export async function* restoreSections(
  source: SectionSource,
  settings: RestoreSettings,
  resume: ResumePoint = { from: 0, known: new Map() },
): AsyncGenerator<SectionOutcome> {
  const window = new SectionWindow(source, settings.detectOptions, settings.signal, settings.detector?.detect);
  for (const [z, summary] of resume.known) window.remember(z, summary);
  const isFlagged = (k: number): boolean => settings.force.has(k) || (window.summary(k)?.flagged ?? false);
  for (let z = resume.from; z < source.depth; z++) {
    await yieldToEventLoop();
    settings.signal?.throwIfAborted();
    // Neighbour choice looks up to ±3 sections away: know the flags that far ahead.
    if (settings.detect) {
      for (let k = z; k <= Math.min(z + NEIGHBOUR_REACH, source.depth - 1); k++) await window.detection(k);
    }
    const summary = settings.detect ? window.summary(z) : undefined;
    const record = sectionRecord(z, summary, settings.force.has(z));
    let restored: GrayImage | undefined, geometry: SectionGeometry | undefined;
    const started = performance.now();
    if (isFlagged(z)) {
      const outcome = await restoreOne(z, window, isFlagged, settings);
      ({ restored, geometry } = outcome);
      const changed = restored !== undefined || geometry?.flagged === true;
      Object.assign(record, { restored: changed, neighbours: outcome.neighbours, notes: outcome.notes });
    }
    record.ms = Math.round(window.detectionMs(z) + performance.now() - started);
    // Section z + 1 may still take z − 2 as its previous neighbour; nothing earlier is needed.
    window.forgetBefore(z + 1 - NEIGHBOUR_REACH);
    yield { record, restored, geometry };
  }
}
