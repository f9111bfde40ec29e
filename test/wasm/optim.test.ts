/**
 * The optimiser primitives (`adamMoments`, `adamStep`) and `reluGrad` on the wasm backend: the same
 * float32 bits as the reference backend (their definition), PyTorch's golden trajectories within the
 * optimiser tests' tolerance, and exact save/restore with the state kept in wasm memory.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fromTypedArray, setBackend } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { initWasmBackend } from '../../src/backend/wasm/index.js';
import type { WasmBackend } from '../../src/backend/wasm/index.js';
import { createOptimizer } from '../../src/optim/index.js';
import { Adam, AdamW } from '../../src/optim/adam.js';
import type { AdamOptions } from '../../src/optim/adam.js';
import { reluGrad } from '../../src/tensor/ops/activation.js';
import { assertClose, fromFixture, loadGolden } from '../optim/helpers.js';
import type { FixtureTensor } from '../optim/helpers.js';

let wasm: WasmBackend;
before(async () => {
  wasm = await initWasmBackend({ build: 'simd', threads: 1 });
});
after(() => setBackend('reference'));

/** Deterministic pseudo-random float32 values in [-scale, scale). */
function values(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 2 * scale;
  });
}

const bits = (a: ArrayLike<number>): number[] => Array.from(new Uint32Array(Float32Array.from(a).buffer));

/** Params after `steps` Adam/AdamW updates with fixed gradients, run on `backend`. */
function trajectory(backend: 'reference' | 'wasm', kind: 'adam' | 'adamw', opts: AdamOptions, n: number, steps: number): Float32Array[] {
  setBackend(backend);
  const p = fromTypedArray(values(n, 7), [n], 'float32').requiresGrad_();
  const q = fromTypedArray(values(3 * n, 9), [3, n], 'float32').requiresGrad_();
  const opt = kind === 'adam' ? new Adam([p, q], opts) : new AdamW([p, q], opts);
  for (let t = 0; t < steps; t++) {
    p.grad = fromTypedArray(values(n, 100 + t, 0.1 * (t + 1)), [n], 'float32');
    q.grad = fromTypedArray(values(3 * n, 200 + t), [3, n], 'float32');
    opt.step();
  }
  return [Float32Array.from(p.dataView()), Float32Array.from(q.dataView())];
}

const CONFIGS: ['adam' | 'adamw', AdamOptions][] = [
  ['adam', {}],
  ['adam', { weightDecay: 0.1, lr: 0.01 }],
  ['adam', { amsgrad: true, betas: [0.8, 0.9] }],
  ['adam', { maximize: true, eps: 1e-3 }],
  ['adamw', {}],
  ['adamw', { weightDecay: 0.5, amsgrad: true, lr: 0.05 }],
];

test('Adam/AdamW on wasm give the reference backend\'s bits (sizes with and without a SIMD tail)', () => {
  for (const [kind, opts] of CONFIGS) {
    for (const n of [1, 7, 64, 1003]) {
      const ref = trajectory('reference', kind, opts, n, 4);
      const got = trajectory('wasm', kind, opts, n, 4);
      ref.forEach((r, i) => assert.deepEqual(bits(got[i]!), bits(r), `${kind} ${JSON.stringify(opts)} n=${n} param ${i}`));
    }
  }
});

interface OptimCase {
  name: string;
  op: 'sgd' | 'adam' | 'adamw' | 'rmsprop';
  attrs: Record<string, unknown>;
  param: FixtureTensor;
  grads: FixtureTensor[];
  params: FixtureTensor[];
}

test('every golden optimiser case (PyTorch) on the wasm backend', () => {
  setBackend('wasm');
  const fixture = loadGolden('optim.json') as { cases: OptimCase[] };
  for (const c of fixture.cases) {
    const p = fromFixture(c.param, true);
    const opt = createOptimizer(c.op, [p], c.attrs);
    c.grads.forEach((g, i) => {
      p.grad = fromFixture(g);
      opt.step();
      assertClose(p.dataView(), c.params[i]!.data, `${c.name} (${c.op}) step ${i + 1}`);
    });
  }
});

test('state dict on wasm: save after 2 steps, restore into a new optimiser, resume bit for bit', () => {
  setBackend('wasm');
  const n = 37;
  const grads = [0, 1, 2, 3].map((t) => values(n, 300 + t));
  const make = (): { p: Tensor; opt: Adam } => {
    const p = fromTypedArray(values(n, 5), [n], 'float32').requiresGrad_();
    return { p, opt: new Adam([p], { amsgrad: true, weightDecay: 0.01 }) };
  };
  const step = (p: Tensor, opt: Adam, t: number): void => {
    p.grad = fromTypedArray(grads[t]!, [n], 'float32');
    opt.step();
  };
  const a = make();
  for (let t = 0; t < 4; t++) step(a.p, a.opt, t);
  const b = make();
  for (let t = 0; t < 2; t++) step(b.p, b.opt, t);
  const sd = b.opt.stateDict();
  assert.deepEqual(Object.keys(sd.tensors), ['state.0.expAvg', 'state.0.expAvgSq', 'state.0.maxExpAvgSq']);
  const snapshot = bits(sd.tensors['state.0.expAvg']!.dataView());
  const c = make();
  c.p.assign(b.p.detach());
  c.opt.loadStateDict(sd);
  for (let t = 2; t < 4; t++) {
    step(c.p, c.opt, t);
    step(b.p, b.opt, t);
  }
  assert.deepEqual(bits(c.p.dataView()), bits(a.p.dataView()));
  assert.deepEqual(bits(b.p.dataView()), bits(a.p.dataView()));
  // The snapshot is a copy: later steps did not change it.
  assert.deepEqual(bits(sd.tensors['state.0.expAvg']!.dataView()), snapshot);
  assert.notDeepEqual(bits(b.opt.stateDict().tensors['state.0.expAvg']!.dataView()), snapshot);
});

test('reluGrad on wasm matches the reference (NaN, ±0, ties at 0, SIMD tail)', () => {
  const n = 23;
  const x = values(n, 11);
  x[0] = NaN;
  x[1] = 0;
  x[2] = -0;
  x[3] = 1e-30;
  const g = values(n, 12);
  g[3] = NaN;
  g[4] = -0;
  x[4] = 2;
  const run = (backend: 'reference' | 'wasm'): number[] => {
    setBackend(backend);
    return bits(reluGrad(fromTypedArray(x.slice(), [n], 'float32'), fromTypedArray(g.slice(), [n], 'float32')).dataView());
  };
  assert.deepEqual(run('wasm'), run('reference'));
});

test('the wasm Adam state stays in wasm memory: a step copies nothing out (no read of params or state)', () => {
  setBackend('wasm');
  const n = 4096;
  const p = fromTypedArray(values(n, 1), [n], 'float32').requiresGrad_();
  const opt = new Adam([p]);
  p.grad = fromTypedArray(values(n, 2), [n], 'float32');
  opt.step();
  const read = wasm.read.bind(wasm);
  let reads = 0;
  wasm.read = (h, d) => {
    reads++;
    return read(h, d);
  };
  try {
    p.grad = fromTypedArray(values(n, 3), [n], 'float32');
    opt.step();
  } finally {
    wasm.read = read;
  }
  assert.equal(reads, 0);
});
