/**
 * The offline restoration loop shared by `sff restore --stack` and `--precomputed`: walks a volume
 * section by section, detects folds (with neighbours, as `sff detect --stack`), restores flagged
 * and forced sections from the nearest clean neighbours within ±3 (the viewer's rules) with the
 * same pipeline the viewer runs, and yields each section for the caller to write.
 */
import { detectFolds, type FoldDetection } from '../core/detection/index.js';
import { isSffError } from '../core/errors.js';
import { type GrayImage, makeGray } from '../core/image.js';
import { yieldToEventLoop } from '../inference/abortable.js';
import type { ModelRunner } from '../inference/model_runner.js';
import { chooseNeighbours, NEIGHBOUR_REACH } from '../restoration/neighbours.js';
import { type PipelineMethod, restoreSection } from '../restoration/pipeline.js';
import { anyOverlaps, foldRegion } from '../restoration/regions.js';
import type { FoldSummary, SectionRecord } from './records.js';
import { type SectionDetectOptions, SectionWindow } from './section_window.js';
import type { SectionSource } from './sources.js';

export interface RestoreSettings {
  /** False (`--no-detect`): nothing is detected, only the `force` sections are restored. */
  detect: boolean;
  /** Sections restored whatever the detector says (`--sections`). */
  force: ReadonlySet<number>;
  detectOptions?: SectionDetectOptions;
  /** Created on first use: a stack without folds never loads onnxruntime. */
  runner: () => Promise<ModelRunner>;
  method?: PipelineMethod;
  signal?: AbortSignal;
}

export interface SectionOutcome {
  record: SectionRecord;
  /** The restored pixels; undefined when the section is written unchanged. */
  restored?: GrayImage;
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
): Promise<Pick<SectionOutcome, 'restored'> & Pick<SectionRecord, 'neighbours' | 'notes'>> {
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
    : detectFolds(damaged, { ...settings.detectOptions, neighbours: [prev, next] });
  let method = settings.method ?? 'full';
  if (!detection.flagged) {
    detection = wholeSection(damaged);
    method = 'interp_net';
    notes.push(FORCED_WITHOUT_BAND);
  }
  const request = { damaged, neighbours: { prev, next, prevZ: choice.prev, nextZ: choice.next }, detection };
  const result = await restoreSection(request, await settings.runner(), { method }, settings.signal);
  return {
    restored: result.region === null ? undefined : result.restored,
    neighbours: [choice.prev, choice.next],
    notes: [...notes, ...result.notes],
  };
}

export async function* restoreSections(
  source: SectionSource,
  settings: RestoreSettings,
  resume: ResumePoint = { from: 0, known: new Map() },
): AsyncGenerator<SectionOutcome> {
  const window = new SectionWindow(source, settings.detectOptions, settings.signal);
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
    const record: SectionRecord = {
      z,
      flagged: summary?.flagged ?? false,
      forced: settings.force.has(z),
      restored: false,
      score: summary?.score ?? null,
      segments: summary?.segments ?? [],
      neighbours: null,
      ms: 0,
      notes: [],
    };
    let restored: GrayImage | undefined;
    const started = performance.now();
    if (isFlagged(z)) {
      const outcome = await restoreOne(z, window, isFlagged, settings);
      ({ restored } = outcome);
      Object.assign(record, { restored: restored !== undefined, neighbours: outcome.neighbours, notes: outcome.notes });
    }
    record.ms = Math.round(window.detectionMs(z) + performance.now() - started);
    // Section z + 1 may still take z − 2 as its previous neighbour; nothing earlier is needed.
    window.forgetBefore(z + 1 - NEIGHBOUR_REACH);
    yield { record, restored };
  }
}
