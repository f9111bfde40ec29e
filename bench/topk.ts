/**
 * topk's partial selection against a full sort, on x = randn [500, 1000] float32 along the last axis.
 * Run: node dist/bench/topk.js (after `npm run build`).
 *
 * For each backend (reference; wasm simd on 1 and 2 threads) it times `Backend.run('topk')` with
 * k = 5 (a heap of 5 per row: O(n log k)) and with k = n = 1000 (the same kernel sorting every row:
 * a full heap sort), and, as the plain-JS baseline a full sort would be, sorting each row's indices
 * with Array.prototype.sort and the same comparator. Best wall-clock time of BENCH_REPS runs (default
 * 9) after one warm-up; outputs are released after each run.
 */
import type { Backend, KernelArg } from '../src/engine/backend.js';
import type { PrimitiveAttrs } from '../src/engine/primitives.js';
import { compareValues } from '../src/engine/order.js';
import { ReferenceBackend } from '../src/backend/reference/index.js';
import { createWasmBackend } from '../src/backend/wasm/index.js';
import { makeRng } from '../test/helpers/rng.js';

const reps = Number(process.env['BENCH_REPS'] ?? 9);
const ROWS = 500;
const N = 1000;

function bestMs(f: () => void): number {
  f();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function timeTopk(b: Backend, x: KernelArg, k: number): number {
  const attrs: PrimitiveAttrs['topk'] = { axis: 1, k, largest: true, sorted: true };
  return bestMs(() => {
    const h = b.run('topk', [x], attrs, { shape: [ROWS, k], dtype: 'int32' });
    b.release?.(h);
  });
}

/** Each row's indices sorted by value (descending, ties lower index first): what a full-sort topk does. */
function jsFullSort(data: Float32Array): number {
  return bestMs(() => {
    for (let r = 0; r < ROWS; r++) {
      const idx = Array.from({ length: N }, (_, j) => j);
      idx.sort((a, b) => compareValues(data[r * N + b]!, data[r * N + a]!) || a - b);
    }
  });
}

const rng = makeRng(5);
const data = Float32Array.from({ length: ROWS * N }, () => {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
});

const lines: string[] = [`topk on float32 [${ROWS}, ${N}] along the last axis, best of ${reps} (ms)`, '',
  '| backend | k = 5 | k = n (full heap sort) | ratio |', '|---|---:|---:|---:|'];
const backends: [string, () => Promise<Backend & { terminate?: () => Promise<void> }>][] = [
  ['reference', () => Promise.resolve(new ReferenceBackend())],
  ['wasm simd, 1 thread', () => createWasmBackend({ build: 'simd', threads: 1 })],
  ['wasm simd, 2 threads', () => createWasmBackend({ build: 'simd', threads: 2 })],
];
for (const [name, make] of backends) {
  const b = await make();
  const x: KernelArg = { handle: b.fromArray(data.slice(), 'float32'), shape: [ROWS, N], dtype: 'float32' };
  const small = timeTopk(b, x, 5);
  const full = timeTopk(b, x, N);
  lines.push(`| ${name} | ${small.toFixed(2)} | ${full.toFixed(2)} | ${(full / small).toFixed(1)}x |`);
  await b.terminate?.();
}
lines.push('', `plain JS full sort of every row (Array.prototype.sort of indices): ${jsFullSort(data).toFixed(2)} ms`);
console.log(lines.join('\n'));
