/**
 * The "Folds" tab of an sff:// image layer's side panel: restoration on/off, the fold mask
 * overlay, the fold lines, the raw | restored action, and the sections treated as folded (score, restoration
 * state, click to jump, a mark to override the detector). Every setting is written into the
 * source URL (sff_layer_source.ts), so it is part of the shared state.
 */
import type { UserLayer } from 'neuroglancer/unstable/layer/index.js';
import { Tab } from 'neuroglancer/unstable/widget/tab_view.js';
import { type SectionAxis, sectionAt, sectionAxis, sectionCentre } from '../datasource/sff/fold_lines.js';
import { type SectionMark, withMark } from '../datasource/sff/pipeline/overrides.js';
import { foldRows } from './fold_rows.js';
import { setFoldLinesShown, setSffOptions, sffLayerSource, type SffLayerSource } from './sff_layer_source.js';
import { canShowSideBySide, showSideBySide } from './side_by_side_action.js';

const MARKS: SectionMark[] = ['auto', 'folded', 'clean'];

export class FoldTab extends Tab {
  private readonly body = document.createElement('div');
  private unfollowReport: (() => void) | undefined;
  private renderQueued = false;

  constructor(private readonly layer: UserLayer) {
    super();
    this.element.classList.add('sff-fold-tab');
    this.element.appendChild(this.body);
    const render = () => this.queueRender();
    this.registerDisposer(layer.dataSourcesChanged.add(render));
    this.registerDisposer(layer.manager.root.globalPosition.changed.add(render));
    this.registerDisposer(() => this.unfollowReport?.());
    this.render();
  }

  private queueRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      if (!this.wasDisposed) this.render();
    });
  }

  private render(): void {
    const source = sffLayerSource(this.layer);
    this.body.replaceChildren();
    if (source === undefined) {
      this.body.append(line('No sff:// source with valid options on this layer.'));
      return;
    }
    const folds = source.volume?.folds.value;
    this.follow(source);
    if (source.notRestored !== undefined) {
      const div = line(
        `Not restored: fold restoration supports uint8 only, and this volume is ${source.notRestored}; it is shown unchanged.`,
      );
      div.dataset.sff = 'not-restored';
      this.body.append(div);
      return;
    }
    for (const problem of source.options.problems ?? []) {
      const div = line(`Option ignored (${problem}): raw pixels are shown until the option is fixed.`);
      div.dataset.sff = 'problem';
      this.body.append(div);
    }
    this.body.append(
      checkbox('Restore flagged sections', 'restore', source.options.restore, (on) =>
        setSffOptions(source, { ...source.options, restore: on }),
      ),
      checkbox('Show fold mask', 'mask', source.options.mask === true, (on) =>
        setSffOptions(source, { ...source.options, mask: on }),
      ),
    );
    const foldLines = source.foldLines;
    if (foldLines !== undefined) {
      this.body.append(
        checkbox('Show fold lines (annotations)', 'lines', foldLines.enabled, (on) => setFoldLinesShown(foldLines, on)),
      );
    }
    if (canShowSideBySide()) {
      this.body.append(
        button('Raw | restored side by side', 'side-by-side', () =>
          showSideBySide(this.layer.managedLayer.name, source.innerUrl),
        ),
      );
    }
    if (folds === undefined) {
      this.body.append(line('Fold detection starts when the layer is shown.'));
      return;
    }
    const axis = sectionAxis(folds.detectionTransform, this.layer.manager.root.globalPosition.value.length);
    const current = sectionAt(axis, this.layer.manager.root.globalPosition.value[axis.dim]);
    const rows = foldRows(folds.report.sections, folds.report.restorations, source.options);
    const currentRow = rows.find((r) => r.z === current);
    this.body.append(
      line(`${folds.report.sections.size} sections checked, ${rows.filter((r) => r.folded).length} treated as folded.`),
      markControl(`Section ${current} (in view)`, current, currentRow?.mark ?? 'auto', source),
    );
    const list = document.createElement('div');
    list.className = 'sff-fold-list';
    for (const row of rows) {
      const score = row.score === undefined ? 'not checked' : `score ${row.score.toFixed(2)}`;
      const item = markControl('', row.z, row.mark, source);
      item.prepend(
        button(`z ${row.z}`, 'jump', () => this.jumpTo(axis, row.z)),
        span(` ${score}${row.detected ? '' : ' (not detected)'} — ${row.state} `),
      );
      list.append(item);
    }
    this.body.append(list);
    const gaps = [...folds.report.sections.values()]
      .filter((s) => (s.missingChunks ?? 0) > 0)
      .sort((a, b) => a.z - b.z);
    if (gaps.length > 0) {
      const text = gaps.map((s) => `z ${s.z} (${s.missingChunks})`).join(', ');
      const div = line(`Missing chunks, not used as neighbours where they lie: ${text}.`);
      div.dataset.sff = 'missing';
      this.body.append(div);
    }
  }

  /** Re-renders when the worker reports; the report changes when the source URL does. */
  private follow(source: SffLayerSource): void {
    this.unfollowReport?.();
    const volume = source.volume;
    if (volume === undefined) return (this.unfollowReport = undefined);
    const render = () => this.queueRender();
    const unfollowFolds = volume.folds.changed.add(render);
    const unfollowReport = volume.folds.value?.report.changed.add(render);
    this.unfollowReport = () => {
      unfollowFolds();
      unfollowReport?.();
    };
  }

  private jumpTo(axis: SectionAxis, z: number): void {
    const position = this.layer.manager.root.globalPosition;
    const value = Float32Array.from(position.value);
    value[axis.dim] = sectionCentre(axis, z);
    position.value = value;
  }
}

function line(text: string): HTMLDivElement {
  const div = document.createElement('div');
  div.textContent = text;
  return div;
}

function span(text: string): HTMLSpanElement {
  const el = document.createElement('span');
  el.textContent = text;
  return el;
}

function button(text: string, role: string, onClick: () => void): HTMLButtonElement {
  const el = document.createElement('button');
  el.textContent = text;
  el.dataset.sff = role;
  el.addEventListener('click', onClick);
  return el;
}

function checkbox(text: string, role: string, checked: boolean, onChange: (on: boolean) => void): HTMLLabelElement {
  const label = document.createElement('label');
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.checked = checked;
  input.dataset.sff = role;
  input.addEventListener('change', () => onChange(input.checked));
  label.append(input, ` ${text}`);
  label.style.display = 'block';
  return label;
}

/** `title` and a choice of auto / folded / clean for section z. */
function markControl(title: string, z: number, mark: SectionMark, source: SffLayerSource): HTMLDivElement {
  const div = line(title);
  div.dataset.z = String(z);
  const select = document.createElement('select');
  select.dataset.sff = 'mark';
  for (const m of MARKS)
    select.add(new Option(m === 'auto' ? 'detector decides' : `marked ${m}`, m, false, m === mark));
  select.addEventListener('change', () =>
    setSffOptions(source, withMark(source.options, z, select.value as SectionMark)),
  );
  div.append(' ', select);
  return div;
}
