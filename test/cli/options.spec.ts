/** The shared command-line parsers: one `OptionError` kind, the same `--sections` everywhere. */
import {
  parseChoice,
  parseInteger,
  parseNumber,
  parseSeconds,
  parseSections,
  parseSeed,
  parseVec3,
} from '../../src/cli/options.js';
import { isSffError } from '../../src/core/errors.js';
import { thrown } from '../errors.js';

const optionError = (fn: () => unknown): string => {
  const err = thrown(fn);
  expect(isSffError(err, 'OptionError')).toBe(true);
  return (err as Error).message;
};

describe('parseSections', () => {
  it('accepts a list, a range and a mix, the same for eval and restore', () => {
    expect([...parseSections('--sections', '3,7,9')]).toEqual([3, 7, 9]);
    expect([...parseSections('--sections', '15-18')]).toEqual([15, 16, 17, 18]);
    expect([...parseSections('--sections', '3, 5-7,3')]).toEqual([3, 5, 6, 7]);
    expect([...parseSections('--sections', '4')]).toEqual([4]);
  });

  it('refuses words, negative numbers and empty ranges with one OptionError naming the option', () => {
    expect(optionError(() => parseSections('--sections', '2,x'))).toMatch(/^--sections must list sections/);
    expect(optionError(() => parseSections('--sections', '-1'))).toMatch(/--sections/);
    expect(optionError(() => parseSections('--sections', ''))).toMatch(/--sections/);
    expect(optionError(() => parseSections('--sections', '9-3'))).toBe('--sections range 9-3 is empty');
  });
});

describe('number parsers', () => {
  it('parse what they should', () => {
    expect(parseNumber('--threshold', '0.5')).toBe(0.5);
    expect(parseNumber('--threshold', undefined)).toBeUndefined();
    expect(parseInteger('--scales', '3', 1, 16)).toBe(3);
    expect(parseSeed('0')).toBe(0);
    expect(parseSeconds('--timeout', '1.5')).toBe(1500);
    expect(parseVec3('--chunk', '64,64,16', true)).toEqual([64, 64, 16]);
    expect(parseVec3('--resolution', '4.6,4.6,50', false)).toEqual([4.6, 4.6, 50]);
    expect(parseChoice('--encoding', 'gzip', ['raw', 'gzip'])).toBe('gzip');
  });

  it('refuse the rest with OptionError', () => {
    expect(optionError(() => parseNumber('--threshold', 'abc'))).toBe('--threshold must be a number, got "abc"');
    expect(optionError(() => parseInteger('--scales', '17', 1, 16))).toMatch(/--scales must be an integer in 1..16/);
    expect(optionError(() => parseInteger('--cases', '', 1))).toMatch(/--cases must be an integer ≥ 1/);
    expect(optionError(() => parseSeed('-2'))).toMatch(/--seed/);
    expect(optionError(() => parseSeconds('--timeout', '0'))).toMatch(/--timeout/);
    expect(optionError(() => parseVec3('--chunk', '64,64', true))).toMatch(/--chunk must be three positive integers/);
    expect(optionError(() => parseChoice('--encoding', 'zip', ['raw', 'gzip']))).toBe(
      '--encoding must be raw or gzip, got "zip"',
    );
  });
});
