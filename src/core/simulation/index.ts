export { type FoldParams, FoldParamsError, validateFoldParams } from './fold_params.js';
export { type FoldLine, foldLine, signedDistance, bandPixelCount } from './fold_line.js';
export { bilinear, type SampledImage } from './bilinear.js';
export { type FoldFlow, foldFlow } from './flow.js';
export { type SimulatedFold, degradeFold, simulateFold } from './simulate.js';
export { type FoldDistribution, type SampleOptions, sampleFoldParams, simulateRandomFold } from './sample.js';
