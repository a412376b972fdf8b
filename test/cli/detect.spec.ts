/** Runs the compiled `sff detect` the way a user does, on temporary PNGs. */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeGray } from '../../src/core/image.js';
import { readGrayPng, writeGrayPng } from '../../src/io/png.js';
import { fold, gerhard, iou } from '../core/detection/fixtures.js';
import { ensureCliBuilt, sff, tempDir } from '../core/evaluation/cli_support.js';
import { foldedStack, writeVolume } from '../offline/fixtures.js';

interface Record {
  file: string;
  flagged: boolean;
  score: number;
  maskFraction: number;
  segments: number[][];
}

let dir: string;
let truth: ReturnType<typeof fold>['mask'];
beforeAll(() => {
  ensureCliBuilt('detect', ['src/core/detection', 'src/offline', 'src/io/precomputed']);
  dir = tempDir('detect');
  const folded = fold(gerhard(15));
  truth = folded.mask;
  writeGrayPng(join(dir, 'folded.png'), folded.degraded);
  writeGrayPng(join(dir, 'clean.png'), gerhard(4));
  writeFileSync(join(dir, 'broken.png'), 'not a png');
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sff detect', () => {
  it('prints one JSON array and writes 0/255 masks under the same file names', () => {
    const masks = join(dir, 'masks');
    const run = sff('detect', join(dir, 'folded.png'), join(dir, 'clean.png'), '--json', '--mask-dir', masks);
    expect(run.status).toBe(0);
    const records = JSON.parse(run.stdout) as Record[];
    expect(records.map((r) => [r.file, r.flagged])).toEqual([
      [join(dir, 'folded.png'), true],
      [join(dir, 'clean.png'), false],
    ]);
    expect(Object.keys(records[0]).sort()).toEqual(['file', 'flagged', 'maskFraction', 'score', 'segments']);
    expect(records[0].score).toBeGreaterThanOrEqual(0.5);
    expect(records[0].maskFraction).toBeGreaterThan(0.01);
    expect(records[0].segments.length).toBeGreaterThan(0);
    expect(records[0].segments.every((s) => s.length === 4)).toBe(true);
    expect(records[1].segments).toEqual([]);
    const mask = readGrayPng(join(masks, 'folded.png'));
    expect(mask.data.every((v) => v === 0 || v === 255)).toBe(true);
    expect(iou(mask, truth)).toBeGreaterThanOrEqual(0.8);
    expect(readGrayPng(join(masks, 'clean.png')).data.every((v) => v === 0)).toBe(true);
  });

  it('prints a readable table without --json', () => {
    const run = sff('detect', join(dir, 'folded.png'), join(dir, 'clean.png'));
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^file\s+fold\s+score\s+mask/);
    expect(lines[1]).toMatch(/folded\.png\s+FOLD\s+\d\.\d\d/);
    expect(lines[2]).toMatch(/clean\.png\s+-\s+/);
  });

  it('reports unreadable files on stderr, exits non-zero and still reports the others', () => {
    const run = sff('detect', join(dir, 'missing.png'), join(dir, 'broken.png'), join(dir, 'clean.png'), '--json');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/missing\.png: cannot read/);
    expect(run.stderr).toMatch(/broken\.png: not a readable PNG/);
    const records = JSON.parse(run.stdout) as Record[];
    expect(records.map((r) => r.file)).toEqual([join(dir, 'clean.png')]);
  });

  it('rejects a bad option with one clear line', () => {
    const run = sff('detect', join(dir, 'clean.png'), '--min-half-width', 'wide');
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim()).toBe('sff: --min-half-width must be a number, got "wide"');
    const zero = sff('detect', join(dir, 'clean.png'), '--min-half-width', '0');
    expect(zero.status).not.toBe(0);
    expect(zero.stderr).toMatch(/minHalfWidth must be a number ≥ 1/);
  });

  it('runs the hand-tuned detector alone on --detector hand-tuned, and says so when foldnet.onnx does not load', () => {
    const files = [join(dir, 'folded.png'), join(dir, 'clean.png')];
    const learned = sff('detect', ...files, '--json');
    const hand = sff('detect', ...files, '--json', '--detector', 'hand-tuned');
    expect([learned.stderr, hand.stderr]).toEqual(['', '']);
    const empty = join(dir, 'no-models');
    mkdirSync(empty, { recursive: true });
    const fallback = sff('detect', ...files, '--json', '--models', empty);
    expect(fallback.status).toBe(0);
    expect(fallback.stderr).toBe(
      `sff detect: learned detector not loaded (${join(empty, 'foldnet.onnx')} not found): using the hand-tuned one\n`,
    );
    expect(fallback.stdout).toBe(hand.stdout);
    // The learned mask of the simulated fold is not the hand-tuned one.
    const score = (run: typeof hand): number => (JSON.parse(run.stdout) as Record[])[0].maskFraction;
    expect(score(learned)).not.toBe(score(hand));
    const bad = sff('detect', ...files, '--detector', 'best');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim()).toBe('sff: --detector must be learned-else-hand-tuned or hand-tuned, got "best"');
  });

  it('with --stack checks each section against its neighbours: a black band along a border is a fold', () => {
    const hugging = fold(gerhard(15), { x0: 500, y0: 0, x1: 0, y1: 10, L: 12, F: 40 });
    const files = ['z14.png', 'z15.png', 'z16.png'].map((f) => join(dir, f));
    writeGrayPng(files[0], gerhard(14));
    writeGrayPng(files[1], hugging.degraded);
    writeGrayPng(files[2], gerhard(16));
    const flags = (...extra: string[]): boolean[] =>
      (JSON.parse(sff('detect', ...files, '--json', ...extra).stdout) as Record[]).map((r) => r.flagged);
    // Alone it is the picture of black padding along the frame.
    expect(flags()).toEqual([false, false, false]);
    expect(flags('--stack')).toEqual([false, true, false]);
  });

  it('handles an all-black image without flagging it', () => {
    writeGrayPng(join(dir, 'black.png'), makeGray(64, 64));
    const run = sff('detect', join(dir, 'black.png'), '--json');
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as Record[])[0].flagged).toBe(false);
  });

  it('with --precomputed --out writes a fold catalogue of the whole volume: JSON, CSV and an annotation source', async () => {
    const volume = join(dir, 'volume');
    await writeVolume(volume, foldedStack(0, 6, [3]).sections, [128, 128, 2]);
    const out = join(dir, 'catalogue');
    const run = sff('detect', '--precomputed', `precomputed://${volume}`, '--out', out);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`1 of 6 sections flagged (z 3): wrote ${out}/folds.json, folds.csv, annotations/\n`);
    expect(readdirSync(out).sort()).toEqual(['annotations', 'folds.csv', 'folds.json']);
    expect(readFileSync(join(out, 'folds.csv'), 'utf8')).toMatch(/^section,score,flagged,segments\n0,/);
    const json = sff('detect', '--precomputed', volume, '--out', out, '--json');
    expect(json.status).toBe(0);
    const entries = JSON.parse(json.stdout) as Array<{ section: number; flagged: boolean; segments: number[][] }>;
    expect(entries.filter((e) => e.flagged).map((e) => e.section)).toEqual([3]);
    expect(JSON.parse(readFileSync(join(out, 'annotations', 'info'), 'utf8'))['@type']).toBe(
      'neuroglancer_annotations_v1',
    );
  });

  it('with --precomputed refuses PNG files, a missing --out and a volume it cannot read, in one line', () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['--precomputed', dir, join(dir, 'clean.png'), '--out', join(dir, 'c')],
        /give PNG files or --precomputed, not both/,
      ],
      [['--precomputed', dir], /--precomputed needs --out <dir>/],
      [
        ['--precomputed', join(dir, 'nowhere'), '--out', join(dir, 'c')],
        /nowhere\/info: not found \(not a precomputed volume;/,
      ],
      [[], /give PNG files to examine, or --precomputed/],
    ];
    for (const [args, message] of cases) {
      const run = sff('detect', ...args);
      expect(run.status).toBe(1);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
    expect(readdirSync(dir)).not.toContain('c');
  });
});
