/**
 * Folds from a probability map (the learned detector's post-processing): a long band of high
 * probability is a fold with its centre line and half-width; specks the net half-believes and
 * short blobs are not; a crossing gives a centre line per fold.
 */
import { combineDetections, detectFromProbability } from '../../../src/core/detection/learned.js';
import { makeGray } from '../../../src/core/image.js';
import { paintBand } from '../../fixtures/bands.js';

const SIZE = 256;
const section = makeGray(SIZE, SIZE, new Uint8Array(SIZE * SIZE).fill(128));

/** Probability p within `half` px of the segment a–b (a band of half-width `half`). */
const band = (prob: Float32Array, a: [number, number], b: [number, number], half: number, p = 0.95): Float32Array =>
  paintBand(prob, SIZE, a, b, half, p);

describe('detectFromProbability', () => {
  it('finds a band across the section with its centre line and half-width', () => {
    const prob = band(new Float32Array(SIZE * SIZE), [0, 40], [255, 200], 6);
    const result = detectFromProbability(section, prob);
    expect(result.flagged).toBe(true);
    expect(result.folds).toHaveLength(1);
    const fold = result.folds[0];
    // The centre line runs along the band: every vertex within 3 px of the true centre line.
    const dist = ([x, y]: [number, number]): number => Math.abs((x - 0) * 160 - (y - 40) * 255) / Math.hypot(160, 255);
    for (const p of fold.line) expect(dist(p)).toBeLessThan(3);
    const mid = fold.halfWidths[fold.halfWidths.length >> 1];
    expect(mid).toBeGreaterThan(4);
    expect(mid).toBeLessThan(8);
    expect(result.maskFraction).toBeGreaterThan(0.01);
  });

  it('flags neither a short blob nor a long band the net only half believes', () => {
    const blob = band(new Float32Array(SIZE * SIZE), [100, 100], [112, 104], 5);
    expect(detectFromProbability(section, blob).flagged).toBe(false);
    const weak = band(new Float32Array(SIZE * SIZE), [0, 128], [255, 128], 5, 0.4);
    const result = detectFromProbability(section, weak);
    expect(result.flagged).toBe(false);
    expect(result.maskFraction).toBe(0);
  });

  it('gives two crossing folds a centre line each', () => {
    const prob = band(band(new Float32Array(SIZE * SIZE), [0, 60], [255, 60], 5), [128, 0], [140, 255], 5);
    const result = detectFromProbability(section, prob);
    expect(result.flagged).toBe(true);
    expect(result.folds.length).toBeGreaterThanOrEqual(2);
  });

  it('combined: adds the arm the net sees to a flagged hand-tuned detection, never flags on its own', () => {
    const stem = band(new Float32Array(SIZE * SIZE), [0, 60], [255, 60], 5);
    const hand = detectFromProbability(section, stem);
    const withArm = band(stem.slice(), [128, 60], [200, 255], 5);
    const combined = combineDetections(section, hand, withArm);
    expect(combined.flagged).toBe(true);
    expect(combined.maskFraction).toBeGreaterThan(hand.maskFraction * 1.4);
    expect(combined.folds.length).toBe(hand.folds.length + 1);
    const unflagged = { ...hand, flagged: false };
    expect(combineDetections(section, unflagged, withArm)).toBe(unflagged);
  });
});
