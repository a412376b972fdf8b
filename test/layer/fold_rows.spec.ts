import type { RestoreEvent, SectionFoldSummary } from '../../src/datasource/sff/base.js';
import { foldRows } from '../../src/layer/fold_rows.js';

const summary = (z: number, flagged: boolean, score: number): SectionFoldSummary => ({
  z,
  flagged,
  score,
  maskFraction: 0,
  folds: [],
});
const sections = new Map([2, 5, 8].map((z) => [z, summary(z, z !== 5, z / 10)]));
const restorations = new Map<number, RestoreEvent>([
  [2, { state: 'done', z: 2, backend: 'WASM (2 threads)', ms: 38100 }],
  [8, { state: 'failed', z: 8, message: 'interp.onnx: 404' }],
]);

describe('foldRows', () => {
  it('lists flagged and marked sections with their state', () => {
    const rows = foldRows(sections, restorations, { restore: true, folded: [5, 11], clean: [8] });
    expect(rows.map(({ z, mark, folded, state }) => ({ z, mark, folded, state }))).toEqual([
      { z: 2, mark: 'auto', folded: true, state: 'restored in 38.1 s (WASM (2 threads))' },
      { z: 5, mark: 'folded', folded: true, state: 'restored when shown' },
      { z: 8, mark: 'clean', folded: false, state: 'shown raw (marked clean)' },
      { z: 11, mark: 'folded', folded: true, state: 'restored when shown' },
    ]);
    expect(rows[1]).toMatchObject({ score: 0.5, detected: false });
    expect(rows[3].score).toBeUndefined();
  });

  it('says when restoration is off or failed', () => {
    expect(foldRows(sections, restorations, { restore: false }).map((r) => r.state)).toEqual([
      'shown raw (restoration off)',
      'shown raw (restoration off)',
    ]);
    expect(foldRows(sections, restorations, { restore: true })[1].state).toBe('shown raw: interp.onnx: 404');
  });
});
