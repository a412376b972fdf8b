import type { MethodRegistry, RestorationMethod } from '../restoration_method.js';
import { classicUnfoldMethod, fillMethod } from './classic_unfold.js';
import { degradedMethod } from './identity.js';
import { interpMethod } from './interp.js';
import { subMethod } from './sub.js';

export { classicUnfoldMethod, fillMethod, unfoldWithFlow, unfoldWithParams } from './classic_unfold.js';
export { type FoldEstimate, estimateFold, refineBand } from './fold_geometry.js';
export { degradedMethod } from './identity.js';
export { interpMethod } from './interp.js';
export { type Reach, searchReach } from './reach_search.js';
export { pickNeighbour, subMethod } from './sub.js';

/** The classical ladder, in the order tables list it. */
export function baselineRegistry(): MethodRegistry {
  const methods: RestorationMethod[] = [degradedMethod, subMethod, interpMethod, fillMethod, classicUnfoldMethod];
  return new Map(methods.map((m) => [m.name, async () => m]));
}
