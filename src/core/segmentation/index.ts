export { labelRegions, labelSegments, MEMBRANE_MAX, type SegmentOptions, segmentsFromMembranes } from './segments.js';
