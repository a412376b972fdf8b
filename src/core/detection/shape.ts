/**
 * Shape features of a dark component, robust to curved and branched bands: width comes from the
 * mean distance to the component's edge (uniform over [0, h] across a band of half-width h, so its
 * mean is h/2), length from area / width.
 */
import type { Component } from './components.js';

export interface Shape {
  /** Estimated band half-width, coarse pixels. */
  halfWidth: number;
  /** Estimated centre-line length, coarse pixels. */
  length: number;
  /** length / width. */
  elongation: number;
  /** Mean of the per-pixel value accumulated with the component (coarse intensity). */
  meanValue: number;
  /** Largest share of the length that lies on one image border: ~1 for padding along the frame. */
  frameContact: number;
  /** Length of a straight segment with the component's spread along its principal axis. */
  axisLength: number;
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
  const cx = c.sx / n, cy = c.sy / n;
  const vxx = c.sxx / n - cx * cx, vyy = c.syy / n - cy * cy, vxy = c.sxy / n - cx * cy;
  const angle = 0.5 * Math.atan2(2 * vxy, vxx - vyy);
  const major = 0.5 * (vxx + vyy) + Math.sqrt(0.25 * (vxx - vyy) ** 2 + vxy * vxy);
  return {
    halfWidth,
    length,
    elongation: length / (2 * halfWidth),
    meanValue: c.sumValue / n,
    frameContact: Math.max(...c.border) / length,
    axisLength: Math.sqrt(12 * major),
    cx,
    cy,
    ux: Math.cos(angle),
    uy: Math.sin(angle),
  };
}
