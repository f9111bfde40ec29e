/**
 * Benchmark of the wasm kernels of the built modules (dist/wasm/, assembly/{linalg,conv,pool}.ts), both
 * builds, ONE thread. Run: node dist/bench/wasm-kernels.js (after `npm run build`).
 * sgemm calls the raw `gemm_f32` export (test/wasm-kernels/harness.ts `rawModule`); conv and pooling run
 * through a 1-thread `WasmBackend` (`Backend.run`, output allocation included, released after each
 * run so every run reuses the same memory). Each case reports the best of several repetitions, timed
 * by this process's CPU time (user + system; the machine may be shared), as GFLOP/s (2 flops per
 * multiply-add; pools report milliseconds). BENCH_REPS sets the repetitions (default 7).
 */
import type { KernelArg } from '../src/engine/backend.js';
import type { PrimitiveAttrs, ShapedPrimitive } from '../src/engine/primitives.js';
import { inputsOf } from '../src/engine/primitives.js';
import type { WasmBackend } from '../src/backend/wasm/index.js';
import { BUILDS, backendFor, closeBackends, randArray, rawModule, upload } from '../test/wasm-kernels/harness.js';
import { makeRng } from '../test/helpers/rng.js';
import type { Conv2dAttrs, Pool2dAttrs } from '../src/engine/primitives.js';

const reps = Number(process.env['BENCH_REPS'] ?? 7);

/** Best CPU seconds of `reps` runs of f (after one warm-up run). */
function bestCpu(f: () => void): number {
  f();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    f();
    const u = process.cpuUsage(c0);
    best = Math.min(best, (u.user + u.system) / 1e6);
  }
  return Math.max(best, 1e-6);
}

/** One `Backend.run` of `prim` whose output is released at once. */
function runOnce<P extends ShapedPrimitive>(b: WasmBackend, prim: P, inputs: readonly KernelArg[], attrs: PrimitiveAttrs[P], shape: number[]): void {
  b.release(b.run(prim, inputsOf(prim, inputs), attrs, { shape, dtype: 'float32' }));
}

const rows = new Map<string, Map<string, string>>();
function record(name: string, build: string, value: string): void {
  const r = rows.get(name) ?? new Map<string, string>();
  r.set(build, value);
  rows.set(name, r);
}

async function benchGemm(build: 'simd' | 'relaxed'): Promise<void> {
  const m = await rawModule(build);
  const n = 1024;
  const rng = makeRng(1);
  const a = m.upload(randArray(rng, n * n)), b = m.upload(randArray(rng, n * n)), c = m.alloc(n * n * 4);
  const s = m.alloc(m.exports.gemm_f32_scratch_bytes(n, n, n));
  for (const [ta, tb] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
    const t = bestCpu(() => m.exports.gemm_f32(ta, tb, n, n, n, a, b, c, 0, 0, n, s));
    record(`sgemm 1024^3 ${ta ? 'T' : 'N'}${tb ? 'T' : 'N'}`, build, `${(2 * n ** 3 / t / 1e9).toFixed(1)} GFLOP/s`);
  }
}

function benchConv(b: WasmBackend, build: string, name: string, n: number, c: number, h: number, oc: number, k: number): void {
  const rng = makeRng(2);
  const oh = h - k + 1;
  const attrs: Conv2dAttrs = { stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 };
  const xShape = [n, c, h, h], wShape = [oc, c, k, k], yShape = [n, oc, oh, oh];
  const x = upload(b, randArray(rng, n * c * h * h), xShape);
  const w = upload(b, randArray(rng, oc * c * k * k), wShape);
  const bias = upload(b, randArray(rng, oc), [oc]);
  const dy = upload(b, randArray(rng, n * oc * oh * oh), yShape);
  const flops = 2 * n * oc * oh * oh * c * k * k;
  const fmt = (t: number): string => `${(flops / t / 1e9).toFixed(1)} GFLOP/s (${(t * 1e3).toFixed(2)} ms)`;
  record(`${name} forward`, build, fmt(bestCpu(() => runOnce(b, 'conv2d', [x, w, bias], attrs, yShape))));
  record(`${name} input grad`, build, fmt(bestCpu(() => runOnce(b, 'conv2dInputGrad', [dy, w], attrs, xShape))));
  record(`${name} weight grad`, build, fmt(bestCpu(() => runOnce(b, 'conv2dWeightGrad', [x, dy], attrs, wShape))));
}

function benchPool(b: WasmBackend, build: string): void {
  const rng = makeRng(3);
  const attrs: Pool2dAttrs = { kernelSize: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1] };
  const xShape = [64, 32, 26, 26], yShape = [64, 32, 13, 13];
  const x = upload(b, randArray(rng, 64 * 32 * 26 * 26), xShape);
  const dy = upload(b, randArray(rng, 64 * 32 * 13 * 13), yShape);
  record('maxpool 2x2 [64,32,26,26] forward', build, `${(bestCpu(() => runOnce(b, 'maxPool2d', [x], attrs, yShape)) * 1e3).toFixed(2)} ms`);
  record('maxpool 2x2 [64,32,26,26] backward', build, `${(bestCpu(() => runOnce(b, 'maxPool2dGrad', [x, dy], attrs, xShape)) * 1e3).toFixed(2)} ms`);
}

for (const build of BUILDS) {
  await benchGemm(build);
  const b = await backendFor(build, 1);
  benchConv(b, build, 'conv2 b64 32->64 13x13 k3', 64, 32, 13, 64, 3);
  benchConv(b, build, 'conv1 b64 1->32 28x28 k3', 64, 1, 28, 32, 3);
  benchPool(b, build);
}
await closeBackends();

const w0 = Math.max(...[...rows.keys()].map((k) => k.length));
console.log(`${'case'.padEnd(w0)}  ${'simd'.padEnd(30)}  relaxed`);
for (const [name, r] of rows) console.log(`${name.padEnd(w0)}  ${(r.get('simd') ?? '').padEnd(30)}  ${r.get('relaxed') ?? ''}`);
