/**
 * Benchmark of the wasm kernels (src/backend/wasm/assembly/{gemm,conv,pool}.ts), both builds, ONE thread.
 * Run: node --import tsx bench/wasm-kernels.ts
 * The kernels are compiled from source by the test harness (test/wasm-kernels/harness.ts). Each case
 * reports the best of several repetitions, timed by this process's CPU time (user + system; the
 * machine may be shared), as GFLOP/s (2 flops per multiply-add; pools: GB/s of input+output traffic
 * is not meaningful, so they report milliseconds). BENCH_REPS sets the repetitions (default 7).
 */
import { BUILDS, makeContext, randArray, type TestContext } from '../test/wasm-kernels/harness.js';
import { makeRng } from '../test/helpers/rng.js';
import { conv2dInputGradWasm, conv2dWasm, conv2dWeightGradWasm } from '../src/backend/wasm/kernels/conv.js';
import { maxPool2dGradWasm, maxPool2dWasm } from '../src/backend/wasm/kernels/pool.js';
import type { Conv2dAttrs } from '../src/engine/primitives.js';

const reps = Number(process.env['BENCH_REPS'] ?? 7);

/**
 * Best CPU seconds of `reps` runs of f (after one warm-up run). The outputs that the wrappers allocate
 * are released after each run, so that every run reuses the same (already touched) memory.
 */
function bestCpu(ctx: TestContext, f: () => void): number {
  const m = ctx.mark();
  f();
  ctx.release(m);
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    f();
    ctx.release(m);
    const u = process.cpuUsage(c0);
    best = Math.min(best, (u.user + u.system) / 1e6);
  }
  return Math.max(best, 1e-6);
}

interface Row { name: string; simd?: string; relaxed?: string }
const rows = new Map<string, Row>();
function record(name: string, build: string, value: string): void {
  const r = rows.get(name) ?? { name };
  (r as unknown as Record<string, string>)[build] = value;
  rows.set(name, r);
}

function benchGemm(ctx: TestContext, build: string): void {
  const n = 1024;
  const rng = makeRng(1);
  const a = ctx.upload(randArray(rng, n * n)), b = ctx.upload(randArray(rng, n * n)), c = ctx.alloc(n * n * 4);
  const s = ctx.alloc(ctx.exports.gemm_f32_scratch_bytes(n, n, n));
  for (const [ta, tb] of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
    const t = bestCpu(ctx, () => ctx.exports.gemm_f32(ta!, tb!, n, n, n, a, b, c, 0, 0, n, s));
    record(`sgemm 1024^3 ${ta ? 'T' : 'N'}${tb ? 'T' : 'N'}`, build, `${(2 * n ** 3 / t / 1e9).toFixed(1)} GFLOP/s`);
  }
}

function benchConv(ctx: TestContext, build: string, name: string, n: number, c: number, h: number, oc: number, k: number): void {
  const rng = makeRng(2);
  const oh = h - k + 1;
  const attrs: Conv2dAttrs = { stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 };
  const xShape = [n, c, h, h], wShape = [oc, c, k, k], yShape = [n, oc, oh, oh];
  const x = { ptr: ctx.upload(randArray(rng, n * c * h * h)), shape: xShape };
  const w = { ptr: ctx.upload(randArray(rng, oc * c * k * k)), shape: wShape };
  const bias = { ptr: ctx.upload(randArray(rng, oc)), shape: [oc] };
  const dy = { ptr: ctx.upload(randArray(rng, n * oc * oh * oh)), shape: yShape };
  const flops = 2 * n * oc * oh * oh * c * k * k;
  const fmt = (t: number): string => `${(flops / t / 1e9).toFixed(1)} GFLOP/s (${(t * 1e3).toFixed(2)} ms)`;
  record(`${name} forward`, build, fmt(bestCpu(ctx, () => conv2dWasm(ctx, x, w, bias, attrs, yShape))));
  record(`${name} input grad`, build, fmt(bestCpu(ctx, () => conv2dInputGradWasm(ctx, dy, w, attrs, xShape))));
  record(`${name} weight grad`, build, fmt(bestCpu(ctx, () => conv2dWeightGradWasm(ctx, x, dy, attrs, wShape))));
}

function benchPool(ctx: TestContext, build: string): void {
  const rng = makeRng(3);
  const attrs = { kernelSize: [2, 2] as [number, number], stride: [2, 2] as [number, number], padding: [0, 0] as [number, number], dilation: [1, 1] as [number, number] };
  const x = { ptr: ctx.upload(randArray(rng, 64 * 32 * 26 * 26)), shape: [64, 32, 26, 26] };
  const dy = { ptr: ctx.upload(randArray(rng, 64 * 32 * 13 * 13)), shape: [64, 32, 13, 13] };
  record('maxpool 2x2 [64,32,26,26] forward', build, `${(bestCpu(ctx, () => maxPool2dWasm(ctx, x, attrs, dy.shape)) * 1e3).toFixed(2)} ms`);
  record('maxpool 2x2 [64,32,26,26] backward', build, `${(bestCpu(ctx, () => maxPool2dGradWasm(ctx, x, dy, attrs, x.shape)) * 1e3).toFixed(2)} ms`);
}

for (const build of BUILDS) {
  // a fresh context per group keeps the bump allocator's memory bounded
  benchGemm(await makeContext(build, 1), build);
  benchConv(await makeContext(build, 1), build, 'conv2 b64 32->64 13x13 k3', 64, 32, 13, 64, 3);
  benchConv(await makeContext(build, 1), build, 'conv1 b64 1->32 28x28 k3', 64, 1, 28, 32, 3);
  benchPool(await makeContext(build, 1), build);
}

const w0 = Math.max(...[...rows.keys()].map((k) => k.length));
console.log(`${'case'.padEnd(w0)}  ${'simd'.padEnd(30)}  relaxed`);
for (const r of rows.values()) console.log(`${r.name.padEnd(w0)}  ${(r.simd ?? '').padEnd(30)}  ${r.relaxed ?? ''}`);
