export { EvaluationError } from './errors.js';
export { type CaseOptions, type EvalCase, drawCases, targetSections } from './cases.js';
export { type MeanStd, meanStd } from './stats.js';
export { resolveMethods } from './methods.js';
export { type EvalHooks, type EvalOptions, type EvalReport, type MethodScores, evaluate, ORACLE } from './evaluate.js';
export { describeProtocol, formatReport } from './report.js';
export {
  type MembraneModel,
  type SegmentationCheck,
  type SegmentationScores,
  scoreSegmentation,
} from './segmentation.js';
