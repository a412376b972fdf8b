export { MetricsError } from './errors.js';
export { type Region, type RegionSpec, resolveRegion, cropGray, pairInRegion } from './region.js';
export { psnr } from './psnr.js';
export { ssim } from './ssim.js';
export { type LabelImage } from './contingency.js';
export { type VariationOfInformation, variationOfInformation } from './voi.js';
export { type AdaptedRand, adaptedRandError } from './adapted_rand.js';
export { maskIoU } from './mask_iou.js';
export { type StripScores, stripScores } from './strip.js';
