// Run an exported model in onnxruntime-web (wasm, Node) on its fixture and compare with PyTorch.
//   node training/tools/ort_check.mjs models/fixtures/unfold.json [extraH extraW]
import * as ort from 'onnxruntime-web';
import fs from 'node:fs';
import path from 'node:path';

const fx = process.argv[2];
const meta = JSON.parse(fs.readFileSync(fx, 'utf8'));
const dir = path.dirname(fx);
const blob = fs.readFileSync(path.join(dir, meta.blob));
const modelPath = path.join(dir, '..', meta.model);
ort.env.wasm.numThreads = 1;
const sess = await ort.InferenceSession.create(fs.readFileSync(modelPath));
const feeds = {};
for (const i of meta.inputs) {
  const b = blob.subarray(i.offset, i.offset + i.bytes);
  let data;
  if (i.dtype === 'uint8/255') data = Float32Array.from(b, (v) => v / 255);
  else data = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  feeds[i.name] = new ort.Tensor('float32', data, i.shape);
}
let t0 = performance.now();
const out = await sess.run(feeds);
console.log(`${meta.model}: ${(performance.now() - t0).toFixed(0)} ms`);
let ok = true;
for (const o of meta.outputs) {
  const b = blob.subarray(o.offset, o.offset + o.bytes);
  const ref = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  const got = out[o.name].data;
  let maxd = 0, sum = 0;
  for (let k = 0; k < ref.length; k++) { const d = Math.abs(ref[k] - got[k]); maxd = Math.max(maxd, d); sum += d; }
  console.log(`  ${o.name} [${out[o.name].dims}] max|diff| ${maxd.toExponential(2)} mean ${(sum / ref.length).toExponential(2)}`);
  if (maxd > 1e-3) ok = false;
}
if (process.argv[3]) {
  const H = +process.argv[3], W = +process.argv[4];
  const f2 = {};
  for (const i of meta.inputs) {
    const d = new Float32Array(H * W);
    for (let k = 0; k < d.length; k++) d[k] = i.name === 'mask' || i.name === 'lost' ? (Math.abs((k % W) - (k / W) * 0.7 - W * 0.3) < 8 ? 1 : 0) : Math.random();
    f2[i.name] = new ort.Tensor('float32', d, [1, 1, H, W]);
  }
  t0 = performance.now();
  const o2 = await sess.run(f2);
  console.log(`  ${H}x${W}: ${(performance.now() - t0).toFixed(0)} ms`, Object.entries(o2).map(([k, v]) => `${k}[${v.dims}]`).join(' '));
}
process.exit(ok ? 0 : 1);
