import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isSffError } from '../../../../src/core/errors.js';
import { loadFoldCatalogue, parseFoldCatalogue } from '../../../../src/datasource/sff/pipeline/fold_catalogue.js';

const SIZE = [256, 128, 3];
const pull = { a: 4, s: 0.25 };
const geometry = {
  frame: [256, 128],
  flagged: true,
  score: 0.9,
  folds: [
    {
      line: [
        [0, 60],
        [255, 70],
      ],
      halfWidths: [6, 6],
      pull: [pull, pull],
      score: 0.9,
    },
  ],
};
/** What `sff detect --precomputed` writes (src/offline/catalogue.ts), voxel offset 10 in z. */
const catalogue = {
  source: 'file:///v',
  size: SIZE,
  resolution: [4, 4, 40],
  sections: [
    { section: 10, score: 0.1, flagged: false, segments: [] },
    { section: 11, score: 0.9, flagged: true, segments: [[0, 60, 255, 70]], geometry },
    { section: 12, score: 0.2, flagged: false, segments: [] },
  ],
};
const text = (value: unknown): string => JSON.stringify(value);

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (err) {
    return err as Error;
  }
  throw new Error('did not throw');
}

describe('parseFoldCatalogue', () => {
  it('gives each section by z: its flag, score and geometry (base voxels); clean ones without folds', () => {
    const sections = parseFoldCatalogue(text(catalogue), SIZE, 'u');
    expect(sections.map((s) => s.flagged)).toEqual([false, true, false]);
    expect(sections[1].geometry).toEqual(geometry);
    expect(sections[0].geometry).toEqual({ frame: [256, 128], flagged: false, score: 0.1, folds: [] });
  });

  const broken = (change: (c: any) => void): string => {
    const copy = JSON.parse(text(catalogue));
    change(copy);
    return text(copy);
  };
  it.each([
    ['not JSON', '{"size": [', /^fold catalogue u: not JSON/],
    ['not a catalogue', text({ hello: 1 }), /^fold catalogue u: expected the folds.json of sff detect --precomputed/],
    [
      'another volume',
      broken((c) => (c.size = [512, 128, 3])),
      /is for a volume of 512 × 128 × 3 voxels, this one is 256 × 128 × 3$/,
    ],
    ['a section missing', broken((c) => c.sections.pop()), /has 2 sections, the volume 3$/],
    ['sections out of order', broken((c) => c.sections.reverse()), /entry 1 is not section 13/],
    [
      'flagged without geometry',
      broken((c) => delete c.sections[1].geometry),
      /section 11 is flagged but has no geometry$/,
    ],
    [
      'a bad geometry',
      broken((c) => (c.sections[1].geometry.folds[0].halfWidths = [6])),
      /^fold catalogue u section 11: fold 0: halfWidths/,
    ],
    [
      'a geometry in another frame',
      broken((c) => (c.sections[1].geometry.frame = [128, 64])),
      /geometry frame 128 × 64 is not the base scale's 256 × 128$/,
    ],
  ])('refuses %s with one CatalogueError line', (_what, body, message) => {
    const err = errorOf(() => parseFoldCatalogue(body, SIZE, 'u'));
    expect(isSffError(err, 'CatalogueError')).toBe(true);
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain('\n');
  });
});

describe('loadFoldCatalogue', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url!);
      if (req.url === '/folds.json') res.end(text(catalogue));
      else res.writeHead(404).end('no');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('fetches and checks the catalogue', async () => {
    const sections = await loadFoldCatalogue(`${base}/folds.json`, SIZE);
    expect(sections[1].geometry.folds[0].line).toEqual([
      [0, 60],
      [255, 70],
    ]);
    expect(requests).toEqual(['/folds.json']);
  });

  it('names the URL and the HTTP status when there is none', async () => {
    const err = await loadFoldCatalogue(`${base}/missing.json`, SIZE).catch((e: Error) => e);
    expect(isSffError(err, 'CatalogueError')).toBe(true);
    expect((err as Error).message).toBe(`fold catalogue ${base}/missing.json: HTTP 404`);
  });

  it('says so when the server cannot be reached', async () => {
    const err = await loadFoldCatalogue('http://127.0.0.1:1/folds.json', SIZE).catch((e: Error) => e);
    expect(isSffError(err, 'CatalogueError')).toBe(true);
    expect((err as Error).message).toMatch(/^fold catalogue http:\/\/127\.0\.0\.1:1\/folds\.json: GET .*cannot fetch/);
  });
});
