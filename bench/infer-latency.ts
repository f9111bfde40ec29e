/**
 * Lecture-CNN inference on the default backend (no autograd tape), for profiling: ms per forward pass
 * and images/s at a given batch size (random input; the first 200 calls are warm-up).
 *
 *   node dist/bench/infer-latency.js [batch=1] [iterations=3000]
 *   node --cpu-prof dist/bench/infer-latency.js 64 300
 */
import { manualSeed, randn, noGrad, getBackend } from '../src/index.js';
import { LectureCNN } from '../src/vision/models/classification/lecture-cnn.js';

manualSeed(0);
const model = new LectureCNN();
model.eval();
const n = Number(process.argv[2] ?? 1);
const iters = Number(process.argv[3] ?? 3000);
const x = randn([n, 1, 28, 28]);
for (let i = 0; i < 200; i++) noGrad(() => model.call(x).dataSync());
const t0 = performance.now();
for (let i = 0; i < iters; i++) noGrad(() => model.call(x).dataSync());
const ms = (performance.now() - t0) / iters;
console.log(`${getBackend().name}, batch ${n}: ${ms.toFixed(3)} ms per forward pass, ${((n * 1000) / ms).toFixed(0)} images/s`);
process.exit(0);
