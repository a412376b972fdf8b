import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSffError } from '../../../src/core/errors.js';
import { writeGrayPng } from '../../../src/io/png.js';
import { openPngStack, stackOfImages } from '../../../src/io/precomputed/index.js';
import { thrown } from '../../errors.js';
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
    expect(() => openPngStack(dir)).toThrow(`no PNG sections in ${dir}`);
    expect(
      isSffError(
        thrown(() => openPngStack(dir)),
        'StackError',
      ),
    ).toBe(true);
    expect(
      isSffError(
        thrown(() => openPngStack(join(dir, 'nope'))),
        'StackError',
      ),
    ).toBe(true);
    writeGrayPng(join(dir, 'a.png'), randomSections(6, 4, 1, 1)[0]);
    writeGrayPng(join(dir, 'b.png'), randomSections(6, 5, 1, 1)[0]);
    expect(() => openPngStack(dir)).toThrow(/b\.png is 6×5, expected 6×4/);
  });

  it('rejects a file that is not a PNG before decoding anything', () => {
    writeGrayPng(join(dir, 'a.png'), randomSections(6, 4, 1, 1)[0]);
    writeFileSync(join(dir, 'b.png'), 'not an image');
    expect(
      isSffError(
        thrown(() => openPngStack(dir)),
        'PngReadError',
      ),
    ).toBe(true);
  });

  it('rejects in-memory sections of mixed sizes', () => {
    expect(
      isSffError(
        thrown(() => stackOfImages([...randomSections(4, 4, 1, 1), ...randomSections(4, 3, 1, 1)])),
        'StackError',
      ),
    ).toBe(true);
    expect(
      isSffError(
        thrown(() => stackOfImages([])),
        'StackError',
      ),
    ).toBe(true);
  });
});
