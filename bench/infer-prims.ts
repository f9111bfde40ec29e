/**
 * Lecture-CNN inference on the wasm backend with the time of every primitive (wrapping WasmBackend.run,
 * allocation included), to see where a forward pass goes:
 *
 *   node dist/bench/infer-prims.js [batch=1] [iterations=2000]
 */
import { manualSeed, randn, noGrad, getBackend } from '../src/index.js';
import { WasmBackend } from '../src/backend/wasm/index.js';
import type { InputsOf, PrimitiveAttrs, ShapedPrimitive } from '../src/engine/primitives.js';
import type { DataHandle, KernelArg, OutSpec } from '../src/engine/backend.js';
import { LectureCNN } from '../src/vision/models/classification/lecture-cnn.js';
const listed = (inputs: readonly (KernelArg | undefined)[]): readonly (KernelArg | undefined)[] => inputs;
const primMs = new Map<string, { ms: number; calls: number }>();
let rec = false;
const orig = WasmBackend.prototype.run;
WasmBackend.prototype.run = function timedRun<P extends ShapedPrimitive>(this: WasmBackend, prim: P, inputs: InputsOf<P, KernelArg>, attrs: PrimitiveAttrs[P], out: OutSpec): DataHandle {
  const t0 = performance.now();
  const h = orig.call(this, prim, inputs, attrs, out);
  if (rec) { const k = `${prim} ${listed(inputs).map((i) => '[' + (i?.shape ?? []).join(',') + ']').join(' ')}`; const e = primMs.get(k) ?? { ms: 0, calls: 0 }; e.ms += performance.now() - t0; e.calls++; primMs.set(k, e); }
  return h;
};
manualSeed(0);
const model = new LectureCNN(); model.eval();
const n = Number(process.argv[2] ?? 1);
const x = randn([n, 1, 28, 28]);
const iters = Number(process.argv[3] ?? 2000);
for (let i = 0; i < 200; i++) noGrad(() => model.call(x).dataSync());
rec = true;
const t0 = performance.now();
for (let i = 0; i < iters; i++) noGrad(() => model.call(x).dataSync());
const total = (performance.now() - t0) / iters;
console.log(getBackend().name, `batch ${n}: ${total.toFixed(3)} ms/call`);
for (const [k, v] of [...primMs].sort((a, b) => b[1].ms - a[1].ms)) console.log(`${(v.ms / iters).toFixed(4)} ms  ${k}`);
process.exit(0);
