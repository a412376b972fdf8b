import { CURVE_MODELS } from './curve_fold.js';
import { type FoldModel, straightFold } from './fold_model.js';

/** The fold models by name (`--shape`): the straight fold and the curved families. */
export const FOLD_MODELS: ReadonlyMap<string, FoldModel<unknown>> = new Map(
  [straightFold as FoldModel<unknown>, ...(CURVE_MODELS as FoldModel<unknown>[])].map((m) => [m.name, m]),
);
