/** Runs the compiled `sff detect` the way a user does, on temporary PNGs. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeGray } from '../../src/core/image.js';
import { readGrayPng, writeGrayPng } from '../../src/io/png.js';
import { ROOT, sff, tempDir } from '../core/evaluation/cli_support.js';
import { fold, gerhard, iou } from '../core/detection/fixtures.js';

/** Compiles the CLI when dist/ lacks the detect command or is older than its sources. */
function ensureDetectBuilt(): void {
  const compiled = join(ROOT, 'dist', 'cli', 'commands', 'detect.js');
  const dirs = ['src/cli', 'src/cli/commands', 'src/core/detection'];
  const newest = Math.max(...dirs.flatMap((d) => readdirSync(join(ROOT, d)).map((n) => statSync(join(ROOT, d, n)).mtimeMs)));
  if (!existsSync(compiled) || statSync(compiled).mtimeMs < newest) {
    spawnSync('npx', ['tsc', '-p', 'tsconfig.cli.json'], { cwd: ROOT, stdio: 'ignore' });
  }
}

interface Record { file: string; flagged: boolean; score: number; maskFraction: number; segments: number[][] }

let dir: string;
let truth: ReturnType<typeof fold>['mask'];
beforeAll(() => {
  ensureDetectBuilt();
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
    expect(records.map((r) => [r.file, r.flagged])).toEqual([[join(dir, 'folded.png'), true], [join(dir, 'clean.png'), false]]);
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
});
