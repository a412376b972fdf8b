/**
 * The seam every detection caller goes through (pipeline, offline tools, `sff detect`): a section
 * and its options in, a FoldDetection out. Async because the learned detector runs a net
 * (src/restoration/fold_net.ts `learnedElseHandTuned`); the hand-tuned one is detectFolds itself.
 */
import type { GrayImage } from '../image.js';
import { detectFolds } from './detect.js';
import type { DetectOptions } from './options.js';
import type { FoldDetection } from './result.js';

export type FoldDetector = (section: GrayImage, options: DetectOptions, signal?: AbortSignal) => Promise<FoldDetection>;

/** detectFolds behind the seam: the default wherever no detector is given. */
export const handTunedDetector: FoldDetector = async (section, options) => detectFolds(section, options);
