/**
 * A fold catalogue (`folds.json` of `sff detect --precomputed`, src/offline/catalogue.ts) as the
 * layer's source of fold geometry (`#folds=<URL>`): fetched once, checked against the volume it is
 * shown on, every flagged section's geometry validated. Anything wrong is one CatalogueError line
 * naming the URL; the layer then serves raw pixels and says so.
 */
import { SffError } from '../../../core/errors.js';
import { noFolds, parseGeometry, type SectionGeometry } from '../../../core/geometry/fold_geometry.js';
import { httpGet } from '../../../io/http.js';
import type { Catalogue } from '../../../offline/catalogue.js';

/** One section as the catalogue has it; `geometry` in base voxels (a clean section: no folds). */
export interface CatalogueSection {
  flagged: boolean;
  score: number;
  geometry: SectionGeometry;
}

/** The sections of the catalogue, by z (0 = the volume's first section). */
export type FoldCatalogue = CatalogueSection[];

const dims = (size: readonly number[]): string => size.join(' × ');

/**
 * Checks catalogue JSON for a volume whose base scale is `size` (x, y, sections): same size, one
 * entry per section in order, and a valid geometry in base voxels for every flagged section.
 */
export function parseFoldCatalogue(text: string, size: readonly number[], url: string): FoldCatalogue {
  const fail = (what: string): never => {
    throw new SffError('CatalogueError', `fold catalogue ${url}: ${what}`);
  };
  let json: Partial<Catalogue>;
  try {
    json = JSON.parse(text) as Partial<Catalogue>;
  } catch (err) {
    return fail(`not JSON (${(err as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || !Array.isArray(json.size) || !Array.isArray(json.sections))
    return fail('expected the folds.json of sff detect --precomputed (size and sections)');
  if (json.size.length !== 3 || json.size.some((v, i) => v !== size[i]))
    fail(`is for a volume of ${dims(json.size)} voxels, this one is ${dims(size)}`);
  const sections = json.sections;
  if (sections.length !== size[2]) fail(`has ${sections.length} sections, the volume ${size[2]}`);
  const first = sections[0]?.section;
  return sections.map((entry, z) => {
    const where = `fold catalogue ${url} section ${first + z}`;
    if (typeof entry !== 'object' || entry === null || entry.section !== first + z)
      fail(`entry ${z} is not section ${first + z} (sections must be listed in order)`);
    if (typeof entry.flagged !== 'boolean' || typeof entry.score !== 'number')
      fail(`section ${entry.section}: needs flagged and score`);
    if (!entry.flagged) return { flagged: false, score: entry.score, geometry: noFolds(size[0], size[1], entry.score) };
    if (entry.geometry === undefined) fail(`section ${entry.section} is flagged but has no geometry`);
    let geometry: SectionGeometry;
    try {
      geometry = parseGeometry(entry.geometry, where);
    } catch (err) {
      throw new SffError('CatalogueError', (err as Error).message, { cause: err });
    }
    if (geometry.frame[0] !== size[0] || geometry.frame[1] !== size[1])
      fail(
        `section ${entry.section}: geometry frame ${dims(geometry.frame)} is not the base scale's ${dims(size.slice(0, 2))}`,
      );
    return { flagged: true, score: entry.score, geometry: { ...geometry, flagged: true } };
  });
}

/** Fetches and checks the catalogue at `url` (absolute) for a volume of `size`. */
export async function loadFoldCatalogue(url: string, size: readonly number[]): Promise<FoldCatalogue> {
  let answer: Awaited<ReturnType<typeof httpGet>>;
  try {
    answer = await httpGet(url);
  } catch (err) {
    throw new SffError('CatalogueError', `fold catalogue ${url}: ${(err as Error).message}`, { cause: err });
  }
  if (answer.status !== 200) throw new SffError('CatalogueError', `fold catalogue ${url}: HTTP ${answer.status}`);
  return parseFoldCatalogue(new TextDecoder().decode(answer.bytes), size, url);
}
