import { join } from 'node:path';
import {
  classicUnfoldMethod,
  estimateFold,
  fillMethod,
  interpMethod,
  refineBand,
  searchReach,
  unfoldWithParams,
} from '../../../src/core/baselines/index.js';
import { detectFolds } from '../../../src/core/detection/index.js';
import { cropGray, psnr } from '../../../src/core/metrics/index.js';
import { type FoldParams, simulateFold } from '../../../src/core/simulation/index.js';
import { readGrayPng } from '../../../src/io/png.js';

const RAW = join(import.meta.dirname, '..', '..', '..', 'data', 'gerhard2013', 'raw');
const region = { x: 300, y: 300, width: 256, height: 256 };
const [prev, clean, next] = ['15', '16', '17'].map((z) => cropGray(readGrayPng(join(RAW, `${z}.png`)), region));
const params: FoldParams = { x0: 0, y0: 60, x1: 255, y1: 200, L: 8, F: 30, s: 0.05, bandGain: 0 };
const { degraded, mask } = simulateFold(clean, params);
const input = { damaged: degraded, prev, next };

describe('classic unfolding', () => {
  it('with the true parameters and the clean section as fill, gives the clean section back', () => {
    const restored = unfoldWithParams(degraded, clean, params);
    expect(psnr(restored, clean)).toBeGreaterThan(25);
  });

  it('finds the band: line, position and half-width', () => {
    const fold = refineBand(degraded, estimateFold(detectFolds(degraded, { neighbours: [prev, next] }))!);
    const len = Math.hypot(255, 140);
    const nx = -140 / len,
      ny = 255 / len;
    expect(Math.abs(fold.ux * nx + fold.uy * ny)).toBeLessThan(0.01); // parallel to the true line
    expect(Math.abs((fold.cx - 0) * nx + (fold.cy - 60) * ny)).toBeLessThan(0.5);
    expect(fold.L).toBe(8);
    const reach = searchReach(degraded, prev, fold);
    expect(Math.abs(reach.a - 22)).toBeLessThanOrEqual(3);
  });

  it('beats the neighbours mean and the damaged input by a wide margin', async () => {
    const restored = await classicUnfoldMethod.restore(input);
    const interp = await interpMethod.restore(input);
    expect(psnr(restored, clean)).toBeGreaterThan(psnr(interp, clean) + 2);
    expect(psnr(restored, clean)).toBeGreaterThan(psnr(degraded, clean) + 4);
  });

  it('leaves a section without a fold as it is', async () => {
    const restored = await classicUnfoldMethod.restore({ damaged: clean, prev, next });
    expect(restored.data).toEqual(clean.data);
  });

  it('fill repairs the detected band from the neighbours and nothing else', async () => {
    const filled = await fillMethod.restore(input);
    const interp = await interpMethod.restore(input);
    let inBand = 0,
      same = 0,
      changedFar = 0;
    for (let i = 0; i < mask.data.length; i++) {
      if (mask.data[i]) {
        inBand++;
        if (filled.data[i] === interp.data[i]) same++;
      } else if (filled.data[i] !== degraded.data[i] && filled.data[i] !== interp.data[i]) {
        changedFar++;
      }
    }
    expect(same / inBand).toBeGreaterThan(0.95);
    expect(changedFar).toBe(0);
  });
});
