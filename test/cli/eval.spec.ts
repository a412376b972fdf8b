/** Runs the compiled `sff eval` on small crops of the Gerhard stack. */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baselineRegistry } from '../../src/core/baselines/index.js';
import { evaluate, resolveMethods } from '../../src/core/evaluation/index.js';
import { makeGray } from '../../src/core/image.js';
import { readGrayPng, writeGrayPng } from '../../src/io/png.js';
import { ensureCliBuilt, sff, tempDir, writeGerhardCrops } from '../core/evaluation/cli_support.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { hasModel, modelPath } from '../training/model_files.js';

let dir: string;
let stack: string;
beforeAll(() => {
  ensureCliBuilt('eval');
  dir = tempDir('eval');
  stack = join(dir, 'stack');
  mkdirSync(stack);
  writeGerhardCrops(stack, 14, 5, 128);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Report {
  n: number;
  crop: number;
  seed: number;
  sections: [number, number];
  methods: Record<string, { psnr: { mean: number; std: number }; ssim: { mean: number; std: number } }>;
}

describe('sff eval', () => {
  it('scores every method, baselines and learned, as JSON, reproducibly', async () => {
    const args = [
      'eval',
      '--stack',
      stack,
      '--cases',
      '4',
      '--seed',
      '3',
      '--crop',
      '64',
      '--sections',
      '2-3',
      '--json',
    ];
    const run = sff(...args);
    expect(run.stderr).toBe(''); // no progress bar when stderr is not a terminal
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report).toMatchObject({ n: 4, crop: 64, seed: 3, sections: [2, 3] });
    expect(Object.keys(report.methods)).toEqual([
      'degraded',
      'sub',
      'interp',
      'fill',
      'classic-unfold',
      'interp_net',
      'unfold_fusion',
      'interp_fusion',
      'full',
    ]);
    // The CLI scores what the library scores on the same stack and options.
    const sections = Array.from({ length: 5 }, (_, z) => readGrayPng(join(stack, `${z}.png`)));
    const baselines = ['degraded', 'sub', 'interp', 'fill', 'classic-unfold'];
    const direct = await evaluate(sections, await resolveMethods(baselineRegistry(), baselines), {
      cases: 4,
      seed: 3,
      crop: 64,
      border: 0, // the CLI's default
      sections: [2, 3],
    });
    for (const name of baselines) {
      expect(report.methods[name].psnr.mean).toBeCloseTo(direct.methods[name].psnr.mean, 9);
      expect(report.methods[name].psnr.std).toBeCloseTo(direct.methods[name].psnr.std, 9);
      expect(report.methods[name].ssim.mean).toBeCloseTo(direct.methods[name].ssim.mean, 9);
    }
    // The damage costs more than interpolating the neighbours.
    expect(report.methods.interp.psnr.mean).toBeGreaterThan(report.methods.degraded.psnr.mean);
    // Same seed, same scores (only the timings may differ).
    const again = JSON.parse(sff(...args).stdout) as Report;
    for (const [name, s] of Object.entries(report.methods)) {
      expect(again.methods[name].psnr).toEqual(s.psnr);
      expect(again.methods[name].ssim).toEqual(s.ssim);
    }
  });

  it('orders the ladder on whole simulated-fold sections: degraded < interp < classic-unfold', () => {
    const run = sff(
      ...['eval', '--stack', stack, '--cases', '4', '--seed', '3', '--sections', '2-3', '--json'],
      ...['--methods', 'degraded,interp,classic-unfold'],
    );
    expect(run.status).toBe(0);
    const psnrOf = (name: string): number => (JSON.parse(run.stdout) as Report).methods[name].psnr.mean;
    expect(psnrOf('interp')).toBeGreaterThan(psnrOf('degraded'));
    expect(psnrOf('classic-unfold')).toBeGreaterThan(psnrOf('interp'));
  });

  it('prints a markdown table for the chosen methods and the oracle', () => {
    const run = sff('eval', '--stack', stack, '--cases', '2', '--seed', '1', '--methods', 'interp,sub', '--oracle');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^2 cases on whole sections of sections 1–3/);
    expect(run.stdout).toMatch(
      /\| method \| PSNR \(dB\) \| SSIM \| strip PSNR \(dB\) \| strip sharpness \| ms \/ case \|\n(\|---){6}\|\n\| interp \| .*\n\| sub \| .*\n\| oracle \| /,
    );
  });

  it('--shape draws folds of one family and says so; an unknown family is refused in one line', () => {
    const run = sff('eval', '--stack', stack, '--cases', '2', '--methods', 'degraded', '--shape', 'arc', '--oracle');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^2 cases on whole sections of sections 1–3, seed 0, arc folds/);
    expect(sff('eval', '--stack', stack, '--shape', 'zigzag').stderr).toBe(
      'sff: --shape must be one of straight, arc, spline, multi, branch, varying, thin, ending, got "zigzag"\n',
    );
  });

  it('--labels: refused in one line without the membrane net or with a stack of another depth', () => {
    const labels = join(dir, 'labels-short');
    mkdirSync(labels);
    writeGerhardCrops(labels, 14, 4, 128, true);
    const empty = join(dir, 'no-models');
    mkdirSync(empty);
    const noNet = sff('eval', '--stack', stack, '--methods', 'sub', '--labels', labels, '--models', empty);
    expect(noNet.stderr).toMatch(/^sff: --labels needs membrane\.onnx in .*no-models\n$/);
    if (hasModel('membrane')) {
      const short = sff('eval', '--stack', stack, '--methods', 'sub', '--labels', labels);
      expect(short.stderr).toBe('sff: --labels has 4 sections, --stack 5\n');
    }
  });

  it('lists its methods', () => {
    expect(sff('eval', '--list-methods').stdout.split('\n')).toEqual(
      expect.arrayContaining(['degraded', 'sub', 'interp']),
    );
  });

  it.each([
    ['a missing directory', () => join(dir, 'nowhere'), /cannot read stack directory/],
    ['fewer than three sections', () => smallStack('two', 2), /at least 3/],
    ['mixed sizes', () => mixedStack(), /is 64×64, expected 128×128/],
    ['an unreadable PNG', () => brokenStack(), /not a PNG/],
  ])('fails with one clear line on %s', (_, make, message) => {
    const run = sff('eval', '--stack', make(), '--cases', '2');
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it('--sections takes a list as restore does: only the listed sections are targets', () => {
    const run = sff('eval', '--stack', stack, '--cases', '6', '--methods', 'sub', '--sections', '1,3', '--json');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.sections).toEqual([1, 3]);
    expect(sff('eval', '--stack', stack, '--methods', 'sub', '--sections', '0,99').stderr).toMatch(
      /^sff: no section in 0,99 has both neighbours/,
    );
  });

  it('rejects unknown methods and bad numbers', () => {
    expect(sff('eval', '--stack', stack, '--methods', 'magic').stderr).toMatch(
      /unknown method magic \(available: degraded, sub, interp, fill, classic-unfold/,
    );
    expect(sff('eval', '--stack', stack, '--crop', 'big').stderr).toMatch(/--crop must be an integer/);
    expect(sff('eval', '--stack', stack, '--sections', '9-3').stderr).toMatch(/is empty/);
    expect(sff('eval', '--stack', stack, '--sections', '2,x').stderr).toBe(
      'sff: --sections must list sections like 3,7,9 or 15-18 (or both), got "2,x"\n',
    );
    expect(sff('eval', '--stack', stack, '--crop', '200').stderr).toMatch(/does not fit/);
    expect(sff('eval', '--stack', stack, '--min-half-width', 'thin').stderr).toBe(
      'sff: --min-half-width must be a number, got "thin"\n',
    );
    expect(sff('eval', '--stack', stack, '--min-half-width', '0.5').stderr).toBe(
      'sff: --min-half-width must be ≥ 1 (pixels), got 0.5\n',
    );
  });
});

describeIfAvailable(hasModel('membrane') ? [] : [modelPath('membrane')], 'sff eval --labels', () => {
  it('segments each restoration with the membrane net and scores VOI / adapted Rand', () => {
    const labels = join(dir, 'labels');
    mkdirSync(labels);
    writeGerhardCrops(labels, 14, 5, 128, true);
    const run = sff(
      'eval',
      ...['--stack', stack, '--labels', labels, '--cases', '3', '--seed', '2', '--json'],
      ...['--methods', 'degraded,sub,classic-unfold'],
    );
    expect(run.status).toBe(0);
    type Seg = { voi: { mean: number }; arand: { mean: number } };
    const report = JSON.parse(run.stdout) as { methods: Record<string, { segmentation: Seg }>; segmentationFloor: Seg };
    const voi = (name: string): number => report.methods[name].segmentation.voi.mean;
    // the clean section segments best: the damaged one and the wrong section (z − 1) worse
    for (const name of ['degraded', 'sub']) {
      expect(report.segmentationFloor.voi.mean).toBeLessThan(voi(name));
      expect(report.segmentationFloor.arand.mean).toBeLessThan(report.methods[name].segmentation.arand.mean);
    }
    expect(voi('classic-unfold')).toBeGreaterThan(0);
  });
});

function smallStack(name: string, count: number): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  for (let k = 0; k < count; k++) copyFileSync(join(stack, `${k}.png`), join(d, `${k}.png`));
  return d;
}

function mixedStack(): string {
  const d = smallStack('mixed', 3);
  writeGrayPng(join(d, '3.png'), makeGray(64, 64));
  return d;
}

function brokenStack(): string {
  const d = smallStack('broken', 3);
  writeFileSync(join(d, '3.png'), 'not an image');
  return d;
}
