import { isSffError } from '../../../src/core/errors.js';
import {
  makeSffUrl,
  outsideMarks,
  parseSffProviderUrl,
  parseSffSource,
  parseSffUrl,
} from '../../../src/datasource/sff/url.js';

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('parseSffUrl', () => {
  it.each([
    ['sff://precomputed://http://127.0.0.1:8080/data/gerhard', 'precomputed://http://127.0.0.1:8080/data/gerhard'],
    ['sff://zarr2://https://host/a.zarr', 'zarr2://https://host/a.zarr'],
    ['sff://n5://gs://bucket/vol', 'n5://gs://bucket/vol'],
    ['sff://https://host/vol', 'https://host/vol'],
    ['  sff://precomputed://gs://b/v  ', 'precomputed://gs://b/v'],
    ['SFF://precomputed://gs://b/v', 'precomputed://gs://b/v'],
  ])('%s → %s', (url, inner) => {
    expect(parseSffUrl(url)).toBe(inner);
  });

  it.each([
    ['sff://', /inner data source URL is empty/],
    ['sff://   ', /inner data source URL is empty/],
    ['sff://sff://precomputed://gs://b/v', /cannot wrap another sff:\/\//],
    ['sff://SFF://precomputed://gs://b/v', /cannot wrap another sff:\/\//],
    ['sff://https://host/vol.zarr|zarr2:', /pipeline/],
    ['sff://data/gerhard', /needs a scheme/],
    ['sff://precomputed://', /needs a scheme/],
    ['precomputed://gs://b/v', /start with sff:\/\//],
    ['sff:precomputed://gs://b/v', /start with sff:\/\//],
  ])('rejects %s', (url, message) => {
    const err = errorOf(() => parseSffUrl(url));
    expect(isSffError(err, 'InvalidUrl')).toBe(true);
    expect((err as Error).message).toMatch(message);
  });
});

describe('error messages', () => {
  it('quote the URL as typed, so the layer panel shows what is wrong', () => {
    const err = errorOf(() => parseSffUrl('sff://sff://precomputed://gs://b/v'));
    expect((err as Error).message).toContain('"sff://sff://precomputed://gs://b/v"');
  });
});

describe('parseSffProviderUrl', () => {
  it('takes the part after sff:// as Neuroglancer passes it', () => {
    expect(parseSffProviderUrl('precomputed://http://h/v')).toBe('precomputed://http://h/v');
  });
});

describe('makeSffUrl', () => {
  it('round-trips through parseSffUrl', () => {
    const inner = 'zarr://http://127.0.0.1:1/data/gerhard.zarr';
    expect(parseSffUrl(makeSffUrl(inner))).toBe(inner);
  });

  it('refuses to build a URL that could not be parsed back', () => {
    expect(
      isSffError(
        errorOf(() => makeSffUrl('sff://precomputed://h/v')),
        'InvalidUrl',
      ),
    ).toBe(true);
  });
});

describe('sff:// options', () => {
  it('defaults to restoring with the models beside the viewer', () => {
    expect(parseSffSource('precomputed://gs://b/v')).toEqual({
      innerUrl: 'precomputed://gs://b/v',
      options: { restore: true },
    });
  });

  it('reads restore and models after #, and writes them back into the canonical URL', () => {
    const parsed = parseSffSource('precomputed://gs://b/v#restore=off&models=https://h/m/');
    expect(parsed).toEqual({ innerUrl: 'precomputed://gs://b/v', options: { restore: false, models: 'https://h/m/' } });
    expect(makeSffUrl(parsed.innerUrl, parsed.options)).toBe(
      'sff://precomputed://gs://b/v#restore=off&models=https://h/m/',
    );
    expect(makeSffUrl('precomputed://gs://b/v', { restore: true })).toBe('sff://precomputed://gs://b/v');
  });

  it('reads a fold catalogue URL (folds=) and writes it back', () => {
    const parsed = parseSffSource('precomputed://gs://b/v#folds=https://h/cat/folds.json&mask=on');
    expect(parsed.options).toEqual({ restore: true, mask: true, folds: 'https://h/cat/folds.json' });
    expect(makeSffUrl(parsed.innerUrl, parsed.options)).toBe(
      'sff://precomputed://gs://b/v#mask=on&folds=https://h/cat/folds.json',
    );
    expect(parseSffSource('precomputed://gs://b/v#folds=cat/folds.json').options.folds).toBe('cat/folds.json');
  });

  it.each(['colour=red', 'colour'])('rejects the option %s', (option) => {
    const err = errorOf(() => parseSffSource(`precomputed://gs://b/v#${option}`));
    expect(isSffError(err, 'InvalidUrl')).toBe(true);
    expect((err as Error).message).toContain(`unknown option "${option}"`);
  });
});

describe('sff:// overrides and mask options', () => {
  it('reads mask, folded and clean, and writes them back in one canonical order', () => {
    const parsed = parseSffSource('precomputed://gs://b/v#clean=5&folded=7,3,7&mask=on');
    expect(parsed.options).toEqual({ restore: true, mask: true, folded: [3, 7], clean: [5] });
    expect(makeSffUrl(parsed.innerUrl, parsed.options)).toBe('sff://precomputed://gs://b/v#mask=on&folded=3,7&clean=5');
    expect(makeSffUrl('precomputed://gs://b/v', { restore: true, mask: false, folded: [], clean: [] })).toBe(
      'sff://precomputed://gs://b/v',
    );
  });

  it.each([
    ['mask=maybe', 'mask=maybe: expected on or off'],
    ['restore=maybe', 'restore=maybe: expected on or off'],
    ['folded=', 'folded=: expected section numbers, e.g. 3,7'],
    ['folded=1,,2', 'folded=1,,2: expected section numbers, e.g. 3,7'],
    ['clean=-1', 'clean=-1: expected section numbers, e.g. 3,7'],
    ['clean=2.5', 'clean=2.5: expected section numbers, e.g. 3,7'],
    ['models=', 'models=: expected a URL'],
    ['folds=', 'folds=: expected the URL of a fold catalogue (folds.json)'],
  ])('reports the bad value of a known option (%s) instead of failing the layer', (option, problem) => {
    const parsed = parseSffSource(`precomputed://gs://b/v#mask=on&${option}`);
    expect(parsed.innerUrl).toBe('precomputed://gs://b/v');
    expect(parsed.options.problems).toEqual([problem]);
    // The bad option is not written back; the good ones are.
    expect(makeSffUrl(parsed.innerUrl, parsed.options)).toMatch(/^sff:\/\/precomputed:\/\/gs:\/\/b\/v(#mask=on)?$/);
  });

  it('rejects a section marked both folded and clean', () => {
    const err = errorOf(() => parseSffSource('precomputed://gs://b/v#folded=2,4&clean=4'));
    expect(isSffError(err, 'InvalidUrl')).toBe(true);
    expect((err as Error).message).toContain('section 4 is marked both folded and clean');
  });
});

describe('sff:// marks outside the volume', () => {
  it('says which marks are ignored, with the valid range', () => {
    expect(outsideMarks({ restore: true, folded: [3, 999], clean: [30] }, 30)).toBe(
      'folded=999 ignored: outside 0–29; clean=30 ignored: outside 0–29',
    );
    expect(outsideMarks({ restore: true, folded: [3], clean: [29] }, 30)).toBeUndefined();
  });
});
