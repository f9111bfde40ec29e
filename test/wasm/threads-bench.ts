/**
 * Measures the wasm worker pool (not a test; run by hand):
 *
 *   node --import tsx test/wasm/threads-bench.ts [--steps 30] [--rounds 2]
 *
 * 1. Per-job overhead of the pool: a job of two empty kernel calls (one here, one on the worker)
 *    against the same two calls run here; medians over batches of jobs.
 * 2. Where splitting pays: matmul [M,K]@[K,N] at growing sizes, 1 thread vs 2 threads forced to split.
 * 3. Lecture CNN training (batch 64, Adam, random data) at 1 and 2 threads, alternating rounds; median
 *    step time → images/s. Also batch-1 inference latency (many small kernels).
 */
import { compileBuild, createMemory, instantiate } from '../../src/backend/wasm/loader.js';
import { createWasmBackend } from '../../src/backend/wasm/index.js';
import type { WasmBackend } from '../../src/backend/wasm/index.js';
import type { KernelCall } from '../../src/backend/wasm/exports.js';
import { WorkerPool } from '../../src/backend/wasm/pool/pool.js';
import { noGrad, randn, registerBackend, setBackend } from '../../src/index.js';
import { LectureCNN } from '../../src/vision/models/classification/lecture-cnn.js';
import { trainLecture } from './threads-train.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const f = (x: number, d = 1): string => x.toFixed(d);

async function jobOverhead(): Promise<void> {
  const module = await compileBuild('simd');
  const memory = createMemory(true);
  const exports = (await instantiate(module, memory)).exports;
  const pool = await WorkerPool.create({ module, memory, workers: 1 });
  const local = (c: KernelCall): void => {
    const fn = exports[c.fn];
    if (typeof fn === 'function') Reflect.apply(fn, undefined, c.args);
  };
  // maxPool2d_f32 over an empty plane range: a real export call that does no work.
  const geom = 1 << 20;
  new Int32Array(memory.buffer, geom, 14).set([1, 1, 4, 4, 2, 2, 2, 2, 2, 2, 0, 0, 1, 1]);
  const nop: KernelCall = { fn: 'maxPool2d_f32', args: [geom, geom + 256, geom + 512, 0, 0] };
  const calls = [nop, nop];
  const per = (fn: () => void, n: number): number => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    return ((performance.now() - t0) * 1000) / n;
  };
  const pooled: number[] = [];
  const here: number[] = [];
  for (let b = 0; b < 15; b++) {
    pooled.push(per(() => pool.run(calls, local), 2000));
    here.push(per(() => { local(nop); local(nop); }, 2000));
  }
  await pool.terminate();
  console.log(`pool job (2 empty calls, 1 on the worker): median ${f(median(pooled), 2)} µs/job ` +
    `(min ${f(Math.min(...pooled), 2)}, max ${f(Math.max(...pooled), 2)}); same calls on this thread ${f(median(here), 2)} µs`);
}

function timeMatmul(b: WasmBackend, M: number, K: number, N: number, reps: number): number {
  const x = b.fromArray(new Float32Array(M * K).fill(0.5), 'float32');
  const w = b.fromArray(new Float32Array(K * N).fill(0.25), 'float32');
  const args = [{ handle: x, shape: [M, K], dtype: 'float32' as const }, { handle: w, shape: [K, N], dtype: 'float32' as const }] as const;
  const once = (): void => void b.run('matmul', args, { transA: false, transB: false }, { shape: [M, N], dtype: 'float32' });
  for (let i = 0; i < 3; i++) once();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) once();
    times.push(((performance.now() - t0) * 1000) / 10);
  }
  return median(times);
}

async function splitCrossover(): Promise<void> {
  const one = await createWasmBackend({ threads: 1 });
  const two = await createWasmBackend({ threads: 2, minWorkPerPart: 1 });
  console.log('matmul [M,K]@[K,N], µs per call (median): 1 thread | 2 threads forced to split');
  for (const [M, K, N] of [[16, 64, 64], [32, 64, 64], [64, 64, 64], [64, 128, 64], [64, 128, 128], [64, 256, 128], [64, 256, 256], [64, 1600, 1024]] as const) {
    const t1 = timeMatmul(one, M, K, N, 15);
    const t2 = timeMatmul(two, M, K, N, 15);
    console.log(`  ${M}x${K}x${N} (${(M * K * N / 2 ** 18).toFixed(2)} × 2^18 FMA): ${f(t1)} | ${f(t2)} (x${f(t1 / t2, 2)})`);
  }
  await two.terminate();
}

async function inferenceLatency(b: WasmBackend): Promise<number> {
  registerBackend(b);
  setBackend('wasm');
  const model = new LectureCNN();
  const x = randn([1, 1, 28, 28]);
  const times: number[] = [];
  noGrad(() => {
    for (let i = 0; i < 10; i++) model.call(x).dataSync();
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      model.call(x).dataSync();
      times.push(performance.now() - t0);
    }
  });
  return median(times);
}

async function training(steps: number, rounds: number): Promise<void> {
  const one = await createWasmBackend({ threads: 1 });
  const two = await createWasmBackend({ threads: 2 });
  const ms: Record<1 | 2, number[]> = { 1: [], 2: [] };
  await trainLecture(two, 3, 64); // warm-up (JIT, memory growth)
  await trainLecture(one, 3, 64);
  for (let r = 0; r < rounds; r++) {
    for (const [t, b] of [[1, one], [2, two]] as const) {
      const res = await trainLecture(b, steps, 64, r);
      ms[t].push(...res.stepMs.slice(1));
      console.log(`  round ${r + 1}, ${t} thread${t > 1 ? 's' : ''}: median step ${f(median(res.stepMs.slice(1)))} ms`);
    }
  }
  for (const t of [1, 2] as const) {
    const m = median(ms[t]);
    console.log(`lecture CNN training, batch 64, Adam, ${t} thread${t > 1 ? 's' : ''}: median step ${f(m)} ms → ${f((64 * 1000) / m, 0)} images/s`);
  }
  console.log(`speed-up 2 vs 1 thread: x${f(median(ms[1]) / median(ms[2]), 2)} (pool jobs during training: ${two.parallelJobs})`);
  const l1 = await inferenceLatency(one);
  const jobs = two.parallelJobs;
  const l2 = await inferenceLatency(two);
  console.log(`batch-1 inference latency: 1 thread ${f(l1, 3)} ms, 2 threads ${f(l2, 3)} ms (pool jobs: ${two.parallelJobs - jobs})`);
  await two.terminate();
}

await jobOverhead();
await splitCrossover();
await training(arg('steps', 30), arg('rounds', 2));
