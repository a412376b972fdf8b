/** Runs the compiled CLI (`npm run build:cli` output) the way a user does. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeGrayPng } from '../../src/io/png.js';
import { readInfo, readScale } from '../../src/io/precomputed/index.js';
import { randomSections, tempDir } from '../io/precomputed/helpers.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const COMPILED = join(ROOT, 'dist', 'cli', 'commands', 'convert.js');

function newestSource(): number {
  const dirs = [join(ROOT, 'src', 'cli', 'commands'), join(ROOT, 'src', 'io', 'precomputed')];
  return Math.max(...dirs.flatMap((d) => readdirSync(d).map((n) => statSync(join(d, n)).mtimeMs)));
}

function sff(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'sff.js'), ...args], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  // `npm test` compiles first; building here too keeps a lone `jest test/cli` honest.
  if (!existsSync(COMPILED) || statSync(COMPILED).mtimeMs < newestSource()) {
    spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
  }
}, 180_000);

describe('sff convert', () => {
  let dir: string;
  let stack: string;
  beforeEach(() => {
    dir = tempDir('convert');
    stack = join(dir, 'stack');
    mkdirSync(stack);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('converts a PNG stack into a volume that reads back unchanged', () => {
    const sections = randomSections(40, 24, 3, 8);
    sections.forEach((s, z) => writeGrayPng(join(stack, `${z}.png`), s));
    const out = join(dir, 'vol');
    const run = sff(
      'convert',
      '--stack',
      stack,
      '--out',
      out,
      '--chunk',
      '16,16,2',
      '--scales',
      '2',
      '--resolution',
      '4,4,40',
      '--encoding',
      'gzip',
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/2 scales \(40×24×3, 20×12×3\)/);
    const info = readInfo(out);
    expect(info.scales[0].resolution).toEqual([4, 4, 40]);
    expect(info.scales[0].chunk_sizes).toEqual([[16, 16, 2]]);
    expect(readScale(out, info, 0)).toEqual(sections);
    expect(existsSync(join(out, '4_4_40', '0-16_0-16_0-2.gz'))).toBe(true);
  });

  function expectOneLineFailure(args: string[], message: RegExp): void {
    const run = sff('convert', ...args);
    expect(run.status).not.toBe(0);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^sff: /);
    expect(lines[0]).toMatch(message);
  }

  it('fails with one clear line on bad input and writes nothing', () => {
    const out = join(dir, 'vol');
    expectOneLineFailure(['--stack', stack, '--out', out], /no PNG sections/);
    writeGrayPng(join(stack, '0.png'), randomSections(8, 8, 1, 1)[0]);
    writeGrayPng(join(stack, '1.png'), randomSections(8, 9, 1, 1)[0]);
    expectOneLineFailure(['--stack', stack, '--out', out], /1\.png is 8×9, expected 8×8/);
    writeFileSync(join(stack, '1.png'), 'garbage');
    expectOneLineFailure(['--stack', stack, '--out', out], /1\.png: not a PNG/);
    rmSync(join(stack, '1.png'));
    expectOneLineFailure(
      ['--stack', stack, '--out', out, '--chunk', '64,64'],
      /--chunk must be three positive integers/,
    );
    expectOneLineFailure(['--stack', stack, '--out', out, '--encoding', 'jpeg'], /--encoding must be raw or gzip/);
    expect(readdirSync(dir)).toEqual(['stack']);
    mkdirSync(out);
    writeFileSync(join(out, 'thesis.tex'), 'precious');
    expectOneLineFailure(['--stack', stack, '--out', out], /exists and is not a precomputed volume/);
    expect(readdirSync(out)).toEqual(['thesis.tex']);
  });

  it('fails cleanly on a PNG whose pixels cannot be decoded', () => {
    const good = randomSections(8, 8, 2, 3);
    writeGrayPng(join(stack, '0.png'), good[0]);
    writeGrayPng(join(stack, '1.png'), good[1]);
    // A valid header with a truncated body passes the size check and fails while decoding.
    const bytes = readFileSync(join(stack, '1.png'));
    writeFileSync(join(stack, '1.png'), bytes.subarray(0, 40));
    const out = join(dir, 'vol');
    expectOneLineFailure(['--stack', stack, '--out', out, '--chunk', '8,8,1'], /1\.png: not a readable PNG/);
    expect(readdirSync(dir)).toEqual(['stack']);
  });
});
