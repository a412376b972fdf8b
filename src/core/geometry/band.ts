/**
 * The fold band of any rectangle of any scale straight from the geometry: 1 where a pixel lies
 * within its fold's half-width of the centre curve (|D| < L, the same test foldField uses), so the
 * band is as sharp at full resolution as the geometry is, whatever scale it was detected on.
 */
import { newPlace, placeOnCurve, prepareCurve, rectDistance } from './curve_distance.js';
import type { GridRect } from './fold_field.js';
import type { SectionGeometry } from './fold_geometry.js';

/** 1 on the band of any fold over `rect`, row by row; the geometry in the rectangle's grid (geometryInFrame). */
export function bandMask(geometry: SectionGeometry, rect: GridRect): Uint8Array {
  const band = new Uint8Array(rect.width * rect.height);
  if (!geometry.flagged) return band;
  const far = geometry.frame[0] + geometry.frame[1];
  const [x1, y1] = [rect.x + rect.width - 1, rect.y + rect.height - 1];
  const curves = geometry.folds
    .map(prepareCurve)
    .filter((c) => rectDistance(c, rect.x, rect.y, x1, y1, far) < Math.max(...c.curve.halfWidths));
  const place = newPlace();
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      for (const c of curves) {
        placeOnCurve(c, rect.x + x, rect.y + y, place);
        if (place.dist < place.halfWidth) {
          band[y * rect.width + x] = 1;
          break;
        }
      }
    }
  }
  return band;
}
