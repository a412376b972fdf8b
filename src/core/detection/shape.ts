/**
 * Shape features of a dark component, robust to curved and branched bands: width comes from the
 * mean distance to the component's edge (uniform over [0, h] across a band of half-width h, so its
 * mean is h/2), length from area / width.
 */
import { principalAxis } from '../principal_axis.js';
import type { Component } from './components.js';

export interface Shape {
  /** Estimated band half-width, coarse pixels. */
  halfWidth: number;
  /** Estimated centre-line length, coarse pixels. */
  length: number;
  /** length / width. */
  elongation: number;
  /** Centroid and unit direction of the principal axis. */
  cx: number;
  cy: number;
  ux: number;
  uy: number;
}

export function shapeOf(c: Component): Shape {
  const n = c.area;
  const halfWidth = Math.max(0.5, (2 * c.sumDistance) / n);
  const length = n / (2 * halfWidth);
  return {
    halfWidth,
    length,
    elongation: length / (2 * halfWidth),
    ...principalAxis(n, c),
  };
}
