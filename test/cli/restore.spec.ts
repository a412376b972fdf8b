/**
 * Runs the compiled `sff restore` the way a user does, with the real models, on 256² crops of the
 * Gerhard validation sections (13–18) with a simulated fold on section 16: the CLI must give what
 * the pipeline gives, well above the damaged input, and leave clean sections byte for byte.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { psnr } from '../../src/core/metrics/index.js';
import { simulateFold } from '../../src/core/simulation/index.js';
import { modelsFromDirectory } from '../../src/inference/model_files.js';
import { OrtRunner } from '../../src/inference/ort_runner.js';
import { readGrayPng, writeGrayPng } from '../../src/io/png.js';
import { openVolume, readInfo, readScale } from '../../src/io/precomputed/index.js';
import { MODEL_NAMES } from '../../src/restoration/eval_methods.js';
import { restoreSection } from '../../src/restoration/pipeline.js';
import { ensureCliBuilt, sff, tempDir } from '../core/evaluation/cli_support.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { FOLD, foldedStack, gerhardCrop, writeVolume } from '../offline/fixtures.js';
import { hasModel } from '../training/model_files.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const FIRST = 13;
const FOLDED = 3; // section 16: validation, never trained on
const names = [13, 14, 15, 16, 17, 18].map((z) => `s${z}.png`);
const clean = names.map((_, k) => gerhardCrop(FIRST + k));
const degraded = simulateFold(clean[FOLDED], { x0: 0, y0: 60, x1: 255, y1: 180, ...FOLD }).degraded;

interface Row {
  file: string;
  z: number;
  flagged: boolean;
  restored: boolean;
  score: number | null;
  neighbours: number[] | null;
  ms: number;
  notes: string[];
}

let dir: string;
let stack: string;
beforeAll(() => {
  ensureCliBuilt('restore', ['src/offline', 'src/io', 'src/io/precomputed', 'src/io/zarr', 'src/restoration']);
  dir = tempDir('restore');
  stack = join(dir, 'stack');
  mkdirSync(stack);
  names.forEach((name, k) => writeGrayPng(join(stack, name), k === FOLDED ? degraded : clean[k]));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One `sff:` line on stderr, exit 1, and no output or temporary sibling left behind. */
function expectRefused(args: string[], message: RegExp, out: string): void {
  const before = readdirSync(dir).sort();
  const run = sff('restore', ...args);
  expect(run.status).toBe(1);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^sff: /);
  expect(lines[0]).toMatch(message);
  expect(run.stdout).toBe('');
  expect(readdirSync(dir).sort()).toEqual(before);
  if (!before.includes(out.slice(dir.length + 1))) expect(existsSync(out)).toBe(false);
}

const missing = MODEL_NAMES.filter((name) => !hasModel(name)).map((name) => `models/${name}.onnx`);
describeIfAvailable(missing, 'sff restore with the real models', () => {
  it('--stack restores the fold section as the pipeline does and copies the clean ones byte for byte', async () => {
    const out = join(dir, 'out');
    const run = sff('restore', '--stack', stack, '--out', out, '--json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const rows = JSON.parse(run.stdout) as Row[];
    expect(rows.map((r) => r.file)).toEqual(names);
    expect(rows.filter((r) => r.flagged).map((r) => r.z)).toEqual([FOLDED]);
    expect(rows[FOLDED]).toMatchObject({ restored: true, neighbours: [FOLDED - 1, FOLDED + 1] });
    expect(rows.every((r) => typeof r.score === 'number' && r.ms >= 0)).toBe(true);
    for (const [k, name] of names.entries()) {
      if (k !== FOLDED) expect(readFileSync(join(out, name)).equals(readFileSync(join(stack, name)))).toBe(true);
    }
    const restored = readGrayPng(join(out, names[FOLDED]));
    expect([restored.width, restored.height]).toEqual([256, 256]);

    const runner = await OrtRunner.create(
      modelsFromDirectory(join(import.meta.dirname, '..', '..', 'models'), MODEL_NAMES),
      { backend: 'wasm' },
    );
    try {
      const neighbours = { prev: clean[FOLDED - 1], next: clean[FOLDED + 1], prevZ: FOLDED - 1, nextZ: FOLDED + 1 };
      const reference = await restoreSection({ damaged: degraded, neighbours }, runner);
      const scores = {
        cli: psnr(restored, clean[FOLDED]),
        pipeline: psnr(reference.restored, clean[FOLDED]),
        degraded: psnr(degraded, clean[FOLDED]),
      };
      process.stderr.write(`restore CLI: PSNR ${JSON.stringify(scores)}\n`);
      expect(scores.cli).toBeGreaterThanOrEqual(scores.pipeline - 0.1);
      expect(scores.cli).toBeGreaterThan(scores.degraded + 3);
    } finally {
      await runner.dispose();
    }
  });

  it('--precomputed writes the same restored pixels into a copy of the volume', async () => {
    const out = join(dir, 'out');
    const volume = join(dir, 'volume');
    const fixed = join(dir, 'fixed');
    await writeVolume(
      volume,
      names.map((name) => readGrayPng(join(stack, name))),
      [64, 64, 1],
    );
    const run = sff('restore', '--precomputed', volume, '--out', fixed);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/wrote .*fixed: 1 of 6 sections restored \(z 3\); 5 slabs copied, 1 rewritten\n$/);
    const sections = readScale(fixed, readInfo(fixed), 0);
    expect(sections[FOLDED]).toEqual(readGrayPng(join(out, names[FOLDED])));
    expect(sections.filter((_, k) => k !== FOLDED)).toEqual(clean.filter((_, k) => k !== FOLDED));
    expectRefused(['--precomputed', volume, '--out', volume], /would write over the source/, volume);
    const info = JSON.parse(readFileSync(join(volume, 'info'), 'utf8'));
    writeFileSync(join(volume, 'info'), JSON.stringify({ ...info, data_type: 'uint16' }));
    expectRefused(
      ['--precomputed', volume, '--out', join(dir, 'wide')],
      /data_type "uint16" is not supported \(only uint8\)/,
      join(dir, 'wide'),
    );
  });

  it.each([
    ['--zarr', 'zarr/fold_v2.zarr', 'raw', undefined],
    ['--precomputed', 'precomputed/ts_sharded_jpeg', 'png', 'neuroglancer_uint64_sharded_v1'],
  ])(
    '%s %s: the fold section restored, the others as the source reads, in the copy the source calls for',
    async (option, fixture, encoding, sharding) => {
      const source = join(FIXTURES, fixture);
      const fixed = join(dir, `fixed-${basename(source)}`);
      const run = sff('restore', option, source, '--out', fixed);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/1 of 4 sections restored \(z 2\)/);
      const info = readInfo(fixed);
      expect([info.scales[0].encoding, info.scales[0].sharding?.['@type']]).toEqual([encoding, sharding]);
      const original = await openVolume(option === '--zarr' ? `zarr://${source}` : source);
      const copy = readScale(fixed, info, 0);
      for (const z of [0, 1, 3]) expect(copy[z]).toEqual(await original.section(z));
      expect(psnr(copy[2], foldedStack(0, 4, []).clean[2])).toBeGreaterThan(
        psnr(await original.section(2), foldedStack(0, 4, []).clean[2]),
      );
    },
  );

  it('--sections with --no-detect restores only the named section, from its neighbours', () => {
    const out = join(dir, 'forced');
    const run = sff('restore', '--stack', stack, '--out', out, '--sections', '1', '--no-detect', '--json');
    expect(run.status).toBe(0);
    const rows = JSON.parse(run.stdout) as Row[];
    expect(rows.filter((r) => r.restored).map((r) => r.z)).toEqual([1]);
    expect(rows[1]).toMatchObject({ flagged: false, score: null, neighbours: [0, 2] });
    expect(rows[FOLDED].restored).toBe(false);
    expect(readFileSync(join(out, names[FOLDED])).equals(readFileSync(join(stack, names[FOLDED])))).toBe(true);
    expect(readFileSync(join(out, names[1])).equals(readFileSync(join(stack, names[1])))).toBe(false);
  });
});

describe('sff restore refuses bad input with one line, writing nothing', () => {
  it('too few sections, mixed sizes, unreadable PNGs', () => {
    const out = join(dir, 'never');
    const small = join(dir, 'small');
    mkdirSync(small);
    writeGrayPng(join(small, 'a.png'), clean[0]);
    writeGrayPng(join(small, 'b.png'), clean[1]);
    expectRefused(['--stack', small, '--out', out], /has 2 sections; restoration needs at least 3/, out);
    writeGrayPng(join(small, 'c.png'), gerhardCrop(15, 128));
    expectRefused(['--stack', small, '--out', out], /c\.png is 128×128, expected 256×256/, out);
    writeFileSync(join(small, 'c.png'), 'not a png');
    expectRefused(['--stack', small, '--out', out], /c\.png: not a PNG file/, out);
    rmSync(small, { recursive: true });
  });

  it('an output that is not ours or is the source, contradictory options, bad --sections', () => {
    const foreign = join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'keep.txt'), 'x');
    expectRefused(['--stack', stack, '--out', foreign], /foreign exists and is not an sff restore output/, foreign);
    expect(readdirSync(foreign)).toEqual(['keep.txt']);
    rmSync(foreign, { recursive: true });
    const out = join(dir, 'never');
    expectRefused(['--stack', stack, '--out', stack], /would write over the source/, stack);
    expectRefused(
      ['--stack', stack, '--out', out, '--no-detect'],
      /--no-detect restores only the sections named by --sections/,
      out,
    );
    expectRefused(
      ['--stack', stack, '--out', out, '--sections', '2,x'],
      /--sections must list sections like 3,7,9 or 15-18 \(or both\), got "2,x"/,
      out,
    );
    expectRefused(['--stack', stack, '--out', out, '--sections', '9'], /--sections: section 9 is outside 0\.\.5/, out);
    expectRefused(['--out', out], /give exactly one of --stack <dir>, --precomputed <url or path> and --zarr/, out);
    expectRefused(
      ['--precomputed', stack, '--zarr', stack, '--out', out],
      /give --precomputed or --zarr, not both/,
      out,
    );
    expectRefused(
      ['--stack', stack, '--out', out, '--encoding', 'raw'],
      /--encoding applies to --precomputed and --zarr/,
      out,
    );
    expectRefused(
      ['--zarr', stack, '--out', out, '--encoding', 'jpeg'],
      /--encoding must be source or raw, got "jpeg"/,
      out,
    );
    expectRefused(
      ['--stack', stack, '--out', out, '--models', join(dir, 'nomodels')],
      /model failed to load: interp\.onnx, unfold\.onnx, fusion\.onnx not in/,
      out,
    );
  });
});
