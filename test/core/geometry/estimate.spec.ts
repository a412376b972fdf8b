import { detectFolds } from '../../../src/core/detection/index.js';
import { estimateGeometry } from '../../../src/core/geometry/estimate.js';
import { cropGray } from '../../../src/core/metrics/index.js';
import { type CurveFold, simulateFold, simulateShape } from '../../../src/core/simulation/index.js';
import { readGrayPng } from '../../../src/io/png.js';
import { meanSection } from '../../../src/restoration/section_read.js';

const RAW = new URL('../../../data/gerhard2013/raw/', import.meta.url).pathname;

describe('estimateGeometry', () => {
  test("a lone straight fold's line comes from the mask fit, not the coarse polyline's chord", () => {
    // A dev crop (Gerhard 10, eval seed 1 case 50) where the chord of the detector's polyline was
    // 4.5° off the true line; the refinement seeded from it did not recover.
    const crop = { x: 556, y: 616, width: 400, height: 400 };
    const [prev, clean, next] = ['09', '10', '11'].map((z) => cropGray(readGrayPng(`${RAW}${z}.png`), crop));
    const truth = { x0: 0, y0: 175.65, x1: 166.14, y1: 399, L: 8, F: 73, s: 0.0736, bandGain: 0 };
    const { degraded } = simulateFold(clean, truth);
    const detection = detectFolds(degraded, { neighbours: [prev, next] });
    const geometry = estimateGeometry(detection, degraded, meanSection(prev, next));
    expect(geometry.folds).toHaveLength(1);
    const { line } = geometry.folds[0];
    const [[ax, ay], [bx, by]] = [line[0], line[line.length - 1]];
    const angle = (dx: number, dy: number): number => ((Math.atan2(dy, dx) * 180) / Math.PI + 180) % 180;
    const off = Math.abs(angle(bx - ax, by - ay) - angle(truth.x1 - truth.x0, truth.y1 - truth.y0)) % 180;
    expect(Math.min(off, 180 - off)).toBeLessThan(1);
    // Both ends of the estimated line lie on the true line, within a pixel.
    const len = Math.hypot(truth.x1 - truth.x0, truth.y1 - truth.y0);
    for (const [x, y] of [line[0], line[line.length - 1]]) {
      const d = ((x - truth.x0) * -(truth.y1 - truth.y0) + (y - truth.y0) * (truth.x1 - truth.x0)) / len;
      expect(Math.abs(d)).toBeLessThan(1.5);
    }
  });

  test('a straight fold that ends in the tissue tapers there: widths along it, the pull following them', () => {
    // A dev crop; the fold runs in from the left edge and tapers to nothing over its last 230 px.
    const crop = { x: 0, y: 0, width: 640, height: 640 };
    const [prev, clean, next] = ['06', '07', '08'].map((z) => cropGray(readGrayPng(`${RAW}${z}.png`), crop));
    const stations = Array.from({ length: 21 }, (_, k) => k / 20);
    const taper = (t: number): number => Math.min(1, (1 - t) / 0.45);
    const fold: CurveFold = {
      line: stations.map((t): [number, number] => [-20 + 500 * t, 200 + 140 * t]),
      L: stations.map((t) => Math.max(0.5, 12 * taper(t))),
      pull: stations.map((t) => 30 * taper(t)),
      s: 0.05,
      bandGain: 0,
    };
    const { degraded, mask } = simulateShape(clean, { folds: [fold] });
    const detected = { line: [fold.line[0], fold.line[18]], halfWidths: [12, 12], score: 1 };
    const detection = {
      flagged: true,
      score: 1,
      mask,
      maskFraction: 0,
      segments: [],
      folds: [detected],
    };
    const geometry = estimateGeometry(detection, degraded, meanSection(prev, next));
    expect(geometry.folds).toHaveLength(1);
    const [curve] = geometry.folds;
    expect(curve.ends).toEqual(['edge', 'free']);
    // Wide where the band is whole, narrow towards the free end.
    const widths = curve.halfWidths;
    expect(Math.max(...widths.slice(0, 3))).toBeGreaterThan(9);
    expect(widths[widths.length - 1]).toBeLessThan(0.5 * widths[0]);
    expect(curve.pullAlong).toBe('width');
    expect(curve.pull[0].a).toBeGreaterThan(20);
  });
});
