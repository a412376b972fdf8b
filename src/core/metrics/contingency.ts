import { MetricsError } from './errors.js';

/** A label image: 0 is an ordinary label unless a metric is told to ignore it. */
export interface LabelImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint16Array | Uint32Array;
}

/** Joint pixel counts of (gt label, seg label), over pixels whose gt label is not ignored. */
export interface Contingency {
  /** Count per non-empty cell. */
  joint: number[];
  /** gt-marginal count of each cell's row and seg-marginal count of its column. */
  rowOfCell: number[];
  colOfCell: number[];
  rowTotals: number[];
  colTotals: number[];
  total: number;
}

/** Dense index per distinct label, so a cell key row·cols + col stays an exact float64 integer. */
function denseIndex(data: LabelImage['data']): { index: Uint32Array; count: number } {
  const ids = new Map<number, number>();
  const index = new Uint32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    let id = ids.get(data[i]);
    if (id === undefined) ids.set(data[i], (id = ids.size));
    index[i] = id;
  }
  return { index, count: ids.size };
}

/** Contingency table as skimage builds it: ignored labels are looked up in `gt` only. */
export function contingency(seg: LabelImage, gt: LabelImage, ignoreLabels: readonly number[]): Contingency {
  if (seg.width !== gt.width || seg.height !== gt.height) {
    throw new MetricsError(`segmentation is ${seg.width}×${seg.height} but ground truth is ${gt.width}×${gt.height}`);
  }
  const ignore = new Set(ignoreLabels);
  const g = denseIndex(gt.data);
  const s = denseIndex(seg.data);
  const cells = new Map<number, number>();
  for (let i = 0; i < gt.data.length; i++) {
    if (ignore.has(gt.data[i])) continue;
    const key = g.index[i] * s.count + s.index[i];
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  const table: Contingency = {
    joint: [],
    rowOfCell: [],
    colOfCell: [],
    rowTotals: new Array<number>(g.count).fill(0),
    colTotals: new Array<number>(s.count).fill(0),
    total: 0,
  };
  for (const [key, n] of cells) {
    const row = Math.floor(key / s.count);
    const col = key - row * s.count;
    table.joint.push(n);
    table.rowOfCell.push(row);
    table.colOfCell.push(col);
    table.rowTotals[row] += n;
    table.colTotals[col] += n;
    table.total += n;
  }
  if (table.total === 0) throw new MetricsError('every ground-truth pixel carries an ignored label');
  return table;
}
