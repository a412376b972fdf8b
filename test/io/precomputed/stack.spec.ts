import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeGrayPng, PngReadError } from '../../../src/io/png.js';
import { openPngStack, StackError, stackOfImages } from '../../../src/io/precomputed/index.js';
import { randomSections, tempDir } from './helpers.js';

describe('openPngStack', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('stack');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('orders sections naturally and reads them lazily', () => {
    const sections = randomSections(6, 4, 3, 1);
    ['2.png', '10.png', '1.png'].forEach((name, i) => writeGrayPng(join(dir, name), sections[i]));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const stack = openPngStack(dir);
    expect([stack.width, stack.height, stack.depth]).toEqual([6, 4, 3]);
    expect([0, 1, 2].map((z) => stack.section(z))).toEqual([sections[2], sections[0], sections[1]]);
  });

  it('rejects an empty directory, a missing one and mixed sizes', () => {
    expect(() => openPngStack(dir)).toThrow(new StackError(`no PNG sections in ${dir}`));
    expect(() => openPngStack(join(dir, 'nope'))).toThrow(StackError);
    writeGrayPng(join(dir, 'a.png'), randomSections(6, 4, 1, 1)[0]);
    writeGrayPng(join(dir, 'b.png'), randomSections(6, 5, 1, 1)[0]);
    expect(() => openPngStack(dir)).toThrow(/b\.png is 6×5, expected 6×4/);
  });

  it('rejects a file that is not a PNG before decoding anything', () => {
    writeGrayPng(join(dir, 'a.png'), randomSections(6, 4, 1, 1)[0]);
    writeFileSync(join(dir, 'b.png'), 'not an image');
    expect(() => openPngStack(dir)).toThrow(PngReadError);
  });

  it('rejects in-memory sections of mixed sizes', () => {
    expect(() => stackOfImages([...randomSections(4, 4, 1, 1), ...randomSections(4, 3, 1, 1)])).toThrow(StackError);
    expect(() => stackOfImages([])).toThrow(StackError);
  });
});
