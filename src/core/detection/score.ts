/**
 * Fold confidence of one line's evidence, 0..1. Principled rather than fitted: a fold crosses the
 * section, so nearly all of its chord is dark (coverage), the dark stretch is long compared with
 * its own width (a dark blob at a corner covers a short chord too, but is not elongated) and long
 * compared with the section (reach). The product of the three is the score.
 */
import { ramp } from '../stats.js';

/** Coverage below LOW scores 0, above HIGH scores 1 (membrane networks reach ~0.5). */
const COVERAGE_LOW = 0.6;
const COVERAGE_HIGH = 0.9;
/** Covered length / band width: below LOW a blob, above HIGH clearly a band. */
const ELONGATION_LOW = 2;
const ELONGATION_HIGH = 5;
/**
 * Covered length / the section's shorter side. Anatomy can darken a short chord (a membrane along
 * a border); a fold's chord is short only when it cuts a corner. A stretch of a quarter of the side
 * is fold-sized; one of a twentieth is not, whatever else it looks like.
 */
const REACH_LOW = 0.05;
const REACH_HIGH = 0.25;

export function foldScore(coverage: number, chordLength: number, halfWidth: number, side: number): number {
  const covered = coverage * chordLength;
  return (
    ramp(coverage, COVERAGE_LOW, COVERAGE_HIGH) *
    ramp(covered / Math.max(1, 2 * halfWidth), ELONGATION_LOW, ELONGATION_HIGH) *
    ramp(covered / side, REACH_LOW, REACH_HIGH)
  );
}
