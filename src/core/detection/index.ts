export { detectFolds, detectFoldsSliced } from './detect.js';
export { type FoldDetector, handTunedDetector } from './detector.js';
export { DEFAULT_THRESHOLD, type DetectOptions, DetectOptionsError, minHalfWidthAt } from './options.js';
export type { DetectedFold, FoldDetection, Segment } from './result.js';
export { alongFrame, type FrameContact } from './padding.js';
