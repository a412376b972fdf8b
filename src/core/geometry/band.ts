/**
 * The fold band of any rectangle of any scale straight from the geometry: 1 where a pixel lies
 * within its fold's half-width of the centre curve (|D| < L, the same test foldField uses), so the
 * band is as sharp at full resolution as the geometry is, whatever scale it was detected on. With
 * several folds, an earlier fold's band is where the later folds pulled it: the damaged section's
 * pixel is carried back through the later folds (latest first) before it is tested against it.
 */
import { newPlace, placeOnCurve, prepareCurve, rectDistance } from './curve_distance.js';
import { foldMaxShift, type GridRect } from './fold_field.js';
import type { SectionGeometry } from './fold_geometry.js';
import { forwardPull } from './fold_order.js';

/**
 * 1 on the band of any fold over `rect` of the damaged section, row by row; the geometry in the
 * rectangle's grid (geometryInFrame), its folds in the order they happened.
 */
export function bandMask(geometry: SectionGeometry, rect: GridRect): Uint8Array {
  const band = new Uint8Array(rect.width * rect.height);
  if (!geometry.flagged || geometry.folds.length === 0) return band;
  const far = geometry.frame[0] + geometry.frame[1];
  const [x1, y1] = [rect.x + rect.width - 1, rect.y + rect.height - 1];
  const curves = geometry.folds.map(prepareCurve);
  // A band is pulled at most the later folds' pulls away from where it lay.
  const carried = geometry.folds.reduce((sum, f) => sum + foldMaxShift(f), 0) - foldMaxShift(geometry.folds[0]);
  const near = (k: number): boolean =>
    rectDistance(curves[k], rect.x, rect.y, x1, y1, far) < Math.max(...curves[k].curve.halfWidths) + carried;
  if (!curves.some((_, k) => near(k))) return band;
  const place = newPlace();
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      let [px, py] = [rect.x + x, rect.y + y];
      for (let k = curves.length - 1; k >= 0; k--) {
        placeOnCurve(curves[k], px, py, place);
        if (place.dist < place.halfWidth) {
          band[y * rect.width + x] = 1;
          break;
        }
        const m = forwardPull(curves[k], place);
        px += m * place.ex;
        py += m * place.ey;
      }
    }
  }
  return band;
}
