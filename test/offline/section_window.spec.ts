import type { GrayImage } from '../../src/core/image.js';
import { SectionWindow } from '../../src/offline/section_window.js';
import { foldedStack, SIZE } from './fixtures.js';

describe('SectionWindow', () => {
  const { sections } = foldedStack(0, 5, [2]);
  const reads: number[] = [];
  const source = {
    width: SIZE,
    height: SIZE,
    depth: 5,
    read: async (z: number): Promise<GrayImage> => (reads.push(z), sections[z]),
  };

  it('detects with z ± 1, reads each section once, and drops pixels but keeps summaries when told', async () => {
    const window = new SectionWindow(source);
    expect((await window.detection(2)).flagged).toBe(true);
    expect(reads.sort()).toEqual([1, 2, 3]);
    await window.detection(3);
    expect(reads.sort()).toEqual([1, 2, 3, 4]);
    expect(window.detectionMs(2)).toBeGreaterThan(0);
    window.forgetBefore(3);
    expect(window.summary(2)).toMatchObject({ flagged: true });
    await window.image(2);
    expect(reads.filter((z) => z === 2)).toHaveLength(2); // read again: the pixels were gone
    window.remember(0, { flagged: true, score: 0.9, segments: [] });
    expect(window.summary(0)).toEqual({ flagged: true, score: 0.9, segments: [] });
  });
});
