/**
 * Lecture-CNN training step on the wasm backend (batch 64, Adam 1e-3, random data), for profiling
 * and before/after measurements (not part of `npm run bench`):
 *
 *   node --import tsx bench/wasm-train-step.ts [--threads 1] [--steps 30] [--runs 3] [--prims]
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/wasm-train-step.ts --runs 1
 *
 * Prints the median step time per run (first 3 steps of each run are warm-up) and images/s, plus
 * process CPU time per step (robust when the cores are shared). `--prims` wraps `WasmBackend.run`
 * and prints the time spent per primitive (inclusive of the wrapper's allocation). With --expose-gc it
 * also counts the full collections the allocator's pressure hook asked for.
 *
 * Measured on the shared 2-vCPU machine (simd build, batch 64, Adam; medians of 3 runs of 30 steps):
 *   before: 1 thread 91-99 ms/step (644-704 images/s), 2 threads 82-100 ms/step (637-782 images/s).
 *     CPU profile (1 thread): gemm micro-kernel 32%, Adam's JS loop over copied typed arrays 15% (plus
 *     ~2% in read/fromArray copies), garbage collector 13% (the allocator forced ~1 full GC per step,
 *     counting every allocated byte), where_32 5% (relu gradient as where(gt(x, 0), g, 0), scalar).
 *   after (adamMoments/adamStep, reluGrad, pressure on net growth of live bytes): 1 thread 61-66
 *     ms/step (965-1055 images/s), 2 threads 48-57 ms/step (1134-1335 images/s); relaxed build 1261 /
 *     1757 images/s. gemm/conv/pool kernels are now ~85% of a step.
 */
import { setImmediate as yieldMacrotask } from 'node:timers/promises';
import { manualSeed, randint, randn } from '../src/index.js';
import { initWasmBackend, WasmBackend } from '../src/backend/wasm/index.js';
import type { InputsOf, PrimitiveAttrs, ShapedPrimitive } from '../src/engine/primitives.js';
import type { DataHandle, KernelArg, OutSpec } from '../src/engine/backend.js';
import { crossEntropy } from '../src/nn/losses.js';
import { Adam } from '../src/optim/index.js';
import { LectureCNN } from '../src/vision/models/classification/lecture-cnn.js';

const argv = process.argv;
const num = (name: string, dflt: number): number => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const threads = num('threads', 1);
const steps = num('steps', 30);
const runs = num('runs', 3);
const batch = num('batch', 64);
const WARM = 3;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const primMs = new Map<string, { ms: number; calls: number }>();
let recording = false;
if (argv.includes('--prims')) {
  const orig = WasmBackend.prototype.run;
  WasmBackend.prototype.run = function timedRun<P extends ShapedPrimitive>(this: WasmBackend, prim: P, inputs: InputsOf<P, KernelArg>,
    attrs: PrimitiveAttrs[P], out: OutSpec): DataHandle {
    const t0 = performance.now();
    const h = orig.call(this, prim, inputs, attrs, out);
    if (recording) {
      const e = primMs.get(prim) ?? { ms: 0, calls: 0 };
      e.ms += performance.now() - t0;
      e.calls++;
      primMs.set(prim, e);
    }
    return h;
  };
}

// With --expose-gc, count the full collections the allocator's pressure hook asks for.
let hostGcs = 0;
let hostGcMs = 0;
const exposed: unknown = Reflect.get(globalThis, 'gc');
if (typeof exposed === 'function') {
  Reflect.set(globalThis, 'gc', () => {
    const t0 = performance.now();
    Reflect.apply(exposed, undefined, []);
    if (recording) {
      hostGcs++;
      hostGcMs += performance.now() - t0;
    }
  });
}
const minReclaimMiB = num('min-reclaim-mib', -1);
const backend = await initWasmBackend(minReclaimMiB >= 0 ? { threads, minReclaimBytes: minReclaimMiB * 2 ** 20 } : { threads });
console.log(`wasm build ${backend.build}, threads ${backend.threads}, batch ${batch}`);
const perRun: number[] = [];
const cpuPerRun: number[] = [];
for (let r = 0; r < runs; r++) {
  manualSeed(r);
  const model = new LectureCNN();
  const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
  const x = randn([batch, 1, 28, 28]);
  const y = randint(0, 10, [batch]);
  const ms: number[] = [];
  let cpu0 = 0;
  let loss = 0;
  for (let i = 0; i < steps + WARM; i++) {
    if (i === WARM) {
      cpu0 = process.cpuUsage().user + process.cpuUsage().system;
      recording = true;
    }
    const t0 = performance.now();
    const l = crossEntropy(model.call(x), y);
    optimizer.zeroGrad();
    l.backward();
    optimizer.step();
    loss = l.item();
    if (i >= WARM) ms.push(performance.now() - t0);
    await yieldMacrotask();
  }
  recording = false;
  const u = process.cpuUsage();
  const cpuMs = (u.user + u.system - cpu0) / 1000 / steps;
  const m = median(ms);
  perRun.push(m);
  cpuPerRun.push(cpuMs);
  console.log(`run ${r + 1}: median step ${m.toFixed(1)} ms (min ${Math.min(...ms).toFixed(1)}), cpu ${cpuMs.toFixed(1)} ms/step → ${(batch * 1000 / m).toFixed(0)} images/s; final loss ${loss.toFixed(4)}`);
}
const m = median(perRun);
console.log(`threads ${threads}: median of ${runs} runs ${m.toFixed(1)} ms/step → ${(batch * 1000 / m).toFixed(0)} images/s (cpu ${median(cpuPerRun).toFixed(1)} ms/step)`);
console.log(`memory: ${JSON.stringify(backend.memoryStats())}`);
if (typeof exposed === 'function') console.log(`allocator-requested full GCs: ${(hostGcs / (steps * runs)).toFixed(2)} per step, ${(hostGcMs / Math.max(1, hostGcs)).toFixed(1)} ms each`);
if (primMs.size) {
  const total = [...primMs.values()].reduce((s, e) => s + e.ms, 0);
  const stepsAll = steps * runs;
  console.log(`per primitive (ms/step, calls/step), total ${(total / stepsAll).toFixed(2)} ms/step:`);
  for (const [p, e] of [...primMs].sort((a, b) => b[1].ms - a[1].ms))
    console.log(`  ${p.padEnd(18)} ${(e.ms / stepsAll).toFixed(2).padStart(7)}  ${(e.calls / stepsAll).toFixed(1)}`);
}
await backend.terminate();
