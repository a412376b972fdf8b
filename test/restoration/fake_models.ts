/**
 * Stand-ins for the three nets with the real models' names and shapes, simple enough that a
 * test can predict every output: interp = neighbour mean, unfold = a constant shift of `shift`
 * px in x within `reach` of the band's bounding box (lost = the band), fusion = interp in the lost strip,
 * unfolded elsewhere.
 */
import type { TensorData, Tensors } from '../../src/inference/model_runner.js';
import { type FakeModel, FakeRunner } from '../inference/fake_runner.js';

export interface FakeOptions {
  /** Displacement written into the flow (px); 0 leaves every pixel still. */
  shift?: number;
  /** Pixels within this distance of the band's bounding box get moved. */
  reach?: number;
  /** Called at every model run (e.g. to abort mid-pipeline). */
  onRun?: (model: string) => void;
}

const like = (t: TensorData, channels = 1): TensorData => ({
  data: new Float32Array(channels * t.dims[2] * t.dims[3]),
  dims: [1, channels, t.dims[2], t.dims[3]],
});

export function fakeRunner(options: FakeOptions = {}): FakeRunner {
  const { shift = 0, reach = Infinity, onRun } = options;
  const models = new Map<string, FakeModel>([
    [
      'interp',
      {
        inputNames: ['prev', 'next'],
        outputNames: ['interp'],
        run: ({ prev, next }) => {
          onRun?.('interp');
          const out = like(prev);
          out.data.forEach((_, i) => (out.data[i] = 0.5 * (prev.data[i] + next.data[i])));
          return { interp: out };
        },
      },
    ],
    [
      'unfold',
      {
        inputNames: ['degraded', 'mask', 'prev', 'next'],
        outputNames: ['flow', 'lost', 'unfolded'],
        run: ({ degraded, mask }) => {
          onRun?.('unfold');
          const [h, w] = [degraded.dims[2], degraded.dims[3]];
          let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
          mask.data.forEach((v, i) => {
            if (v <= 0.5) return;
            const [x, y] = [i % w, Math.floor(i / w)];
            [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
          });
          const flow = like(degraded, 2);
          for (let y = 0; y < h; y++) {
            for (let x = 0; x < w; x++) {
              if (x > x0 - reach && x < x1 + reach && y > y0 - reach && y < y1 + reach) flow.data[y * w + x] = shift;
            }
          }
          return {
            flow,
            lost: { data: mask.data.slice(), dims: [...mask.dims] },
            unfolded: { data: degraded.data.map((v) => v * 0.5), dims: [...degraded.dims] },
          };
        },
      },
    ],
    [
      'fusion',
      {
        inputNames: ['unfolded', 'interp', 'lost', 'prev', 'next'],
        outputNames: ['restored'],
        run: ({ unfolded, interp, lost }: Tensors) => {
          onRun?.('fusion');
          const out = like(unfolded);
          out.data.forEach((_, i) => (out.data[i] = lost.data[i] > 0.5 ? interp.data[i] : unfolded.data[i]));
          return { restored: out };
        },
      },
    ],
  ]);
  return new FakeRunner(models);
}
