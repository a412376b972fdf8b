export { chooseNeighbours, NEIGHBOUR_REACH, type NeighbourChoice, type NeighbourSet } from './neighbours.js';
export {
  PIPELINE_METHODS,
  type PipelineMethod,
  type PipelineOptions,
  type RestorationRequest,
  type RestorationResult,
  restoreSection,
  type StageName,
} from './pipeline.js';
export { DEFAULT_TILES, type TileSettings } from './stages.js';
export { learnedRegistry, MODEL_NAMES, pipelineMethod } from './eval_methods.js';
