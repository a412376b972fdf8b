import type { FoldDetection } from '../../../../src/core/detection/index.js';
import { makeGray } from '../../../../src/core/image.js';
import {
  applyMark,
  isTreatedFolded,
  markOf,
  marksNear,
  withMark,
} from '../../../../src/datasource/sff/pipeline/overrides.js';
import type { SffOptions } from '../../../../src/datasource/sff/url.js';

const options: SffOptions = { restore: true, folded: [3, 9], clean: [5] };

function detection(flagged: boolean, maskFraction: number): FoldDetection {
  const mask = makeGray(4, 2, Uint8Array.of(0, 1, 1, 0, 0, 0, 0, 0));
  if (maskFraction === 0) mask.data.fill(0);
  return { flagged, score: flagged ? 0.9 : 0.2, mask, maskFraction, segments: [], folds: [] };
}

describe('section marks', () => {
  it('read the override lists, else leave the detector in charge', () => {
    expect([3, 5, 4].map((z) => markOf(options, z))).toEqual(['folded', 'clean', 'auto']);
    expect(isTreatedFolded(options, 3, false)).toBe(true);
    expect(isTreatedFolded(options, 5, true)).toBe(false);
    expect(isTreatedFolded(options, 4, true)).toBe(true);
  });

  it('move a section between lists and drop empty lists', () => {
    expect(withMark(options, 5, 'folded')).toEqual({ restore: true, folded: [3, 5, 9] });
    expect(withMark(options, 3, 'auto')).toEqual({ restore: true, folded: [9], clean: [5] });
    expect(withMark({ restore: false }, 2, 'clean')).toEqual({ restore: false, clean: [2] });
  });

  it('name only the marks within reach, for the restoration cache key', () => {
    expect(marksNear(options, 7, 3)).toBe('folded=9;clean=5');
    expect(marksNear(options, 14, 3)).toBe('');
  });
});

describe('applyMark', () => {
  it('keeps the detection when the mark agrees or is auto', () => {
    const d = detection(true, 0.25);
    expect(applyMark(d, 'auto')).toBe(d);
    expect(applyMark(d, 'folded')).toBe(d);
  });

  it('unflags a section marked clean and flags one marked folded with its own band', () => {
    expect(applyMark(detection(true, 0.25), 'clean').flagged).toBe(false);
    const weak = detection(false, 0.25);
    const marked = applyMark(weak, 'folded');
    expect(marked.flagged).toBe(true);
    expect(marked.mask).toBe(weak.mask);
  });

  it('treats the whole section as lost when marked folded without any band', () => {
    const marked = applyMark(detection(false, 0), 'folded');
    expect(marked.flagged).toBe(true);
    expect(marked.maskFraction).toBe(1);
    expect([...marked.mask.data]).toEqual(new Array(8).fill(1));
  });
});
