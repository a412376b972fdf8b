/**
 * The offline loop with stand-in models: which sections are detected, restored and from which
 * neighbours, what is read when, and what `--sections` / `--no-detect` change.
 */
import type { GrayImage } from '../../src/core/image.js';
import {
  type RestoreSettings,
  type SectionOutcome,
  type SectionSource,
  restoreSections,
} from '../../src/offline/index.js';
import { fakeRunner } from '../restoration/fake_models.js';
import { foldedStack, SIZE } from './fixtures.js';

/** An in-memory source that logs every read. */
function memorySource(sections: readonly GrayImage[]): SectionSource & { reads: number[] } {
  const reads: number[] = [];
  return { width: SIZE, height: SIZE, depth: sections.length, reads, read: async (z) => (reads.push(z), sections[z]) };
}

async function run(source: SectionSource, settings: Partial<RestoreSettings> = {}): Promise<SectionOutcome[]> {
  const runner = fakeRunner();
  const outcomes: SectionOutcome[] = [];
  for await (const o of restoreSections(source, {
    detect: true,
    force: new Set(),
    runner: async () => runner,
    ...settings,
  }))
    outcomes.push(o);
  return outcomes;
}

describe('restoreSections', () => {
  it('restores exactly the folded sections from z ± 1 and passes the others through', async () => {
    const { sections } = foldedStack(0, 8, [2, 5]);
    const outcomes = await run(memorySource(sections));
    expect(outcomes.map((o) => o.record.z)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(outcomes.filter((o) => o.record.flagged).map((o) => o.record.z)).toEqual([2, 5]);
    expect(outcomes.filter((o) => o.restored !== undefined).map((o) => o.record.z)).toEqual([2, 5]);
    const two = outcomes[2];
    expect(two.record).toMatchObject({ restored: true, forced: false, neighbours: [1, 3] });
    expect(two.record.score).toBeGreaterThanOrEqual(0.5);
    expect(two.record.segments.length).toBeGreaterThan(0);
    expect(two.restored).not.toEqual(sections[2]);
    expect(outcomes[0].record).toMatchObject({ flagged: false, restored: false, neighbours: null, segments: [] });
  });

  it('takes the nearest clean section when a direct neighbour is folded too', async () => {
    const { sections } = foldedStack(0, 7, [3, 4]);
    const outcomes = await run(memorySource(sections));
    expect(outcomes.filter((o) => o.record.restored).map((o) => [o.record.z, o.record.neighbours])).toEqual([
      [3, [2, 5]],
      [4, [2, 5]],
    ]);
    expect(outcomes[3].record.notes.join(' ')).toMatch(/section 4 is flagged: using 5 as the next section/);
  });

  it('reads each section once and looks at most four sections ahead', async () => {
    const { sections } = foldedStack(0, 8, [2, 5]);
    const source = memorySource(sections);
    const runner = fakeRunner();
    const settings: RestoreSettings = { detect: true, force: new Set(), runner: async () => runner };
    for await (const { record } of restoreSections(source, settings)) {
      expect(Math.max(...source.reads)).toBeLessThanOrEqual(record.z + 4);
    }
    expect(source.reads.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('with --no-detect restores only the named sections; a named section without a band is interpolated', async () => {
    const { sections } = foldedStack(0, 8, [2, 5]);
    const runner = fakeRunner();
    const outcomes = await run(memorySource(sections), {
      detect: false,
      force: new Set([2, 6]),
      runner: async () => runner,
    });
    expect(outcomes.filter((o) => o.record.restored).map((o) => o.record.z)).toEqual([2, 6]);
    expect(outcomes.every((o) => o.record.score === null && !o.record.flagged)).toBe(true);
    expect(outcomes[5].restored).toBeUndefined(); // folded, but neither detected nor named
    expect(outcomes[6].record.notes).toContain(
      'no fold band found in this forced section: replaced by the interpolation of its neighbours',
    );
    // The interp stand-in is the neighbour mean: the whole of section 6 is replaced by it.
    const mean = sections[5].data.map((v, i) => Math.round((v + sections[7].data[i]) / 2));
    const restored = outcomes[6].restored!;
    expect(restored.data.every((v, i) => Math.abs(v - mean[i]) <= 1)).toBe(true);
    expect(outcomes[6].record.neighbours).toEqual([5, 7]);
  });

  it('keeps a section with no clean neighbour within ±3 and says why', async () => {
    const { sections } = foldedStack(0, 3, []);
    const outcomes = await run(memorySource(sections), { detect: false, force: new Set([0, 1, 2]) });
    expect(outcomes.map((o) => o.restored)).toEqual([undefined, undefined, undefined]);
    expect(outcomes[1].record.notes).toEqual(['no clean neighbour section within ±3 of section 1']);
  });

  it('never loads the models when nothing needs restoring, and stops when aborted', async () => {
    const { sections } = foldedStack(0, 4, []);
    let loads = 0;
    const runner = fakeRunner();
    await run(memorySource(sections), { runner: async () => (loads++, runner) });
    expect(loads).toBe(0);
    const abort = new AbortController();
    abort.abort(new Error('stop'));
    await expect(run(memorySource(sections), { signal: abort.signal })).rejects.toThrow('stop');
  });
});
