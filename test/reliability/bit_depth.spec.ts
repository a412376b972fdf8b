/** A 16-bit stack is refused in one line before anything is written (it used to come out mixed). */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { ensureCliBuilt, sff, tempDir } from '../core/evaluation/cli_support.js';

/** A 12-bit image in a 16-bit grey PNG, as microscopes write them. */
function twelveBitPng(seed: number): Buffer {
  const size = 64;
  const png = new PNG({
    width: size,
    height: size,
    bitDepth: 16,
    colorType: 0,
    inputColorType: 0,
    inputHasAlpha: false,
  });
  const samples = new Uint16Array(size * size).map((_, i) => (i * 37 + seed * 101) % 4096);
  png.data = Buffer.from(samples.buffer);
  return PNG.sync.write(png, { bitDepth: 16, colorType: 0, inputColorType: 0, inputHasAlpha: false });
}

let dir: string;
beforeAll(() => {
  ensureCliBuilt('restore', ['src/offline', 'src/io/precomputed', 'src/restoration']);
  dir = tempDir('bitdepth');
  mkdirSync(join(dir, 'stack'));
  for (let k = 0; k < 4; k++) writeFileSync(join(dir, 'stack', `${k}.png`), twelveBitPng(k));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('sff restore --stack refuses 16-bit sections with one line and writes nothing', () => {
  const run = sff('restore', '--stack', join(dir, 'stack'), '--out', join(dir, 'out'), '--sections', '1');
  expect(run.status).toBe(1);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^sff: .*0\.png is a 16-bit PNG.*8-bit/);
  expect(existsSync(join(dir, 'out'))).toBe(false);
  expect(readdirSync(dir).sort()).toEqual(['stack']);
});
