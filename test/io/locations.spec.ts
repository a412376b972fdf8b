/** Volume locations as Neuroglancer reads them; no network. */
import { isSffError } from '../../src/core/errors.js';
import { resolveLocation } from '../../src/io/precomputed/store.js';
import { thrown } from '../errors.js';

describe('resolveLocation', () => {
  it('maps gs:// and s3:// to their https endpoints and strips precomputed://', () => {
    expect(resolveLocation('gs://bucket/path/to/vol')).toEqual({
      url: 'https://storage.googleapis.com/bucket/path/to/vol',
    });
    expect(resolveLocation('s3://bucket/path/vol/')).toEqual({ url: 'https://bucket.s3.amazonaws.com/path/vol' });
    expect(resolveLocation('precomputed://gs://b/v')).toEqual({ url: 'https://storage.googleapis.com/b/v' });
    expect(resolveLocation('precomputed://https://host/data/v/')).toEqual({ url: 'https://host/data/v' });
    expect(resolveLocation('http://127.0.0.1:8080/v')).toEqual({ url: 'http://127.0.0.1:8080/v' });
    expect(resolveLocation('gs://bucket')).toEqual({ url: 'https://storage.googleapis.com/bucket' });
  });

  it('keeps local paths as paths', () => {
    expect(resolveLocation('/data/vol/')).toEqual({ path: '/data/vol' });
    expect(resolveLocation('precomputed://relative/vol')).toEqual({ path: 'relative/vol' });
    expect(resolveLocation('C:vol')).toEqual({ path: 'C:vol' });
    expect(resolveLocation('/')).toEqual({ path: '/' });
  });

  it.each([
    ['ftp://host/vol', /unsupported scheme ftp:\/\//],
    ['', /empty volume location/],
    ['  ', /empty volume location/],
    ['precomputed://', /no volume after precomputed:\/\//],
    ['zarr://http://h/v', /unsupported scheme zarr:\/\//],
    ['gs:///nobucket', /no bucket/],
  ])('refuses %j with one line naming the supported schemes', (location, why) => {
    const err = thrown(() => resolveLocation(location));
    expect(isSffError(err, 'UnsupportedScheme')).toBe(true);
    const message = (err as Error).message;
    expect(message).toMatch(why);
    expect(message).toMatch(/give a local path, http:\/\/, https:\/\/, gs:\/\/bucket\/path or s3:\/\/bucket\/path/);
    expect(message).not.toContain('\n');
  });
});
