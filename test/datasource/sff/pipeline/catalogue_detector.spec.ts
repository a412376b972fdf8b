import { makeCatalogueDetector } from '../../../../src/datasource/sff/pipeline/catalogue_detector.js';
import type { FoldCatalogue } from '../../../../src/datasource/sff/pipeline/fold_catalogue.js';
import { detectionBytes, type SectionDetection } from '../../../../src/datasource/sff/pipeline/section_detector.js';
import { SharedTaskCache } from '../../../../src/datasource/sff/pipeline/shared_tasks.js';

const pull = { a: 2, s: 0.3 };
const catalogue: FoldCatalogue = [
  { flagged: false, score: 0.1, geometry: { frame: [64, 32], flagged: false, score: 0.1, folds: [] } },
  {
    flagged: true,
    score: 0.8,
    geometry: {
      frame: [64, 32],
      flagged: true,
      score: 0.8,
      folds: [
        {
          line: [
            [0, 10],
            [30, 12],
            [63, 20],
          ],
          halfWidths: [3, 4, 3],
          pull: [pull, pull],
          score: 0.8,
        },
      ],
    },
  },
];
const never = new AbortController().signal;

function setup(load: () => Promise<FoldCatalogue>) {
  const reported: [number, SectionDetection][] = [];
  let loads = 0;
  const detect = makeCatalogueDetector({
    volumeKey: 'v#folds=u',
    catalogue: () => {
      loads++;
      return load();
    },
    cache: new SharedTaskCache<string, SectionDetection>(1 << 20, detectionBytes),
    onDetected: (z, d) => reported.push([z, d]),
  });
  return { detect, reported, loads: () => loads };
}

describe('catalogue detector', () => {
  it("gives each section the catalogue's flag, lines and geometry, reported once", async () => {
    const { detect, reported } = setup(async () => catalogue);
    const [a, b, clean] = await Promise.all([detect(1, never), detect(1, never), detect(0, never)]);
    expect(a).toBe(b);
    expect(a).toMatchObject({ flagged: true, score: 0.8, geometry: catalogue[1].geometry });
    expect(a.folds).toEqual([{ line: catalogue[1].geometry.folds[0].line, halfWidths: [3, 4, 3], score: 0.8 }]);
    expect(clean).toMatchObject({ flagged: false, geometry: { flagged: false } });
    expect(reported.map(([z]) => z).sort()).toEqual([0, 1]);
  });

  it("leaves every section unchecked, with the catalogue's error, when it cannot be used", async () => {
    const { detect, reported } = setup(() => Promise.reject(new Error('fold catalogue u: HTTP 404')));
    const results = await Promise.all([detect(0, never), detect(1, never)]);
    for (const r of results) expect(r).toMatchObject({ flagged: false, failure: 'fold catalogue u: HTTP 404' });
    expect(reported).toHaveLength(2);
  });
});
