/** Runs the compiled `sff simulate` the way a user does. */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bandPixelCount, type FoldParams, simulateFold } from '../../src/core/simulation/index.js';
import { readGrayPng } from '../../src/io/png.js';
import { ensureCliBuilt, sff, tempDir, writeGerhardCrops } from '../core/evaluation/cli_support.js';

let dir: string;
beforeAll(() => {
  ensureCliBuilt('simulate');
  dir = tempDir('simulate');
  writeGerhardCrops(dir, 15, 1, 128);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sff simulate', () => {
  it('writes the degraded section, mask, flow and parameters of a seeded fold', () => {
    const out = join(dir, 'seeded');
    const run = sff('simulate', '--in', join(dir, '0.png'), '--seed', '7', '--out', out);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const record = JSON.parse(readFileSync(join(out, 'params.json'), 'utf8')) as { seed: number; params: FoldParams };
    expect(record.seed).toBe(7);
    expect(JSON.parse(run.stdout)).toEqual(record.params);
    const clean = readGrayPng(join(dir, '0.png'));
    const expected = simulateFold(clean, record.params);
    expect(readGrayPng(join(out, 'degraded.png')).data).toEqual(expected.degraded.data);
    const mask = readGrayPng(join(out, 'mask.png'));
    expect(mask.data.filter((v) => v === 255).length).toBe(bandPixelCount(record.params, 128, 128));
    expect(mask.data.every((v) => v === 0 || v === 255)).toBe(true);
    const flowInfo = JSON.parse(readFileSync(join(out, 'flow.json'), 'utf8')) as { shape: number[] };
    expect(flowInfo.shape).toEqual([3, 128, 128]);
    const flow = new Float32Array(new Uint8Array(readFileSync(join(out, 'flow.bin'))).buffer);
    expect(flow.length).toBe(3 * 128 * 128);
    expect(flow.subarray(0, 128 * 128)).toEqual(expected.flow.fx);
    expect(Array.from(flow.subarray(2 * 128 * 128)).every((v, i) => v === expected.flow.valid[i])).toBe(true);
    // Same seed, same fold.
    const again = sff('simulate', '--in', join(dir, '0.png'), '--seed', '7', '--out', join(dir, 'again'));
    expect(again.stdout).toBe(run.stdout);
  });

  it('applies explicit parameters given inline', () => {
    const params = { x0: 0, y0: 20, x1: 127, y1: 90, L: 6, F: 30, s: 0.05, bandGain: 0.2 };
    const out = join(dir, 'explicit');
    const run = sff('simulate', '--in', join(dir, '0.png'), '--params', JSON.stringify(params), '--out', out);
    expect(run.status).toBe(0);
    const expected = simulateFold(readGrayPng(join(dir, '0.png')), params).degraded;
    expect(readGrayPng(join(out, 'degraded.png')).data).toEqual(expected.data);
  });

  it.each([
    [['--in', 'missing.png', '--seed', '1'], /missing\.png: cannot read/],
    [['--seed', 'abc'], /--seed must be a non-negative integer/],
    [['--seed', '1', '--distribution', 'train'], /--distribution must be test or unfold/],
    [['--params', '{"x0": 1'], /--params: not valid JSON/],
    [['--params', '{"x0":0,"y0":0,"x1":9,"y1":9,"L":5,"F":3,"s":0.01,"bandGain":0}'], /F must exceed L/],
  ])('fails with one clear line for %j', (args, message) => {
    const input = args.includes('--in') ? [] : ['--in', join(dir, '0.png')];
    const run = sff('simulate', ...input, ...args, '--out', join(dir, 'bad'));
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});
