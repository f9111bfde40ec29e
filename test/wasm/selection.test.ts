/**
 * The selection kernels (topk, searchSorted and the data-dependent nonzero and unique) of both builds,
 * on one thread and on two with every topk call split, against the reference backend on random inputs
 * large enough to reach every path: many ties and special values, every radix pass of unique (keys
 * spread over all four bytes), heaps from k = 1 to k = n, strided lines (axis 0). Results must be
 * identical element for element (Object.is: the sign of zero and NaN included).
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { DType, TypedArray } from '../../src/engine/dtype.js';
import type { Backend, KernelArg } from '../../src/engine/backend.js';
import type { DataDependentPrimitive, PrimitiveAttrs } from '../../src/engine/primitives.js';
import { inputsOf } from '../../src/engine/primitives.js';
import { ReferenceBackend } from '../../src/backend/reference/index.js';
import { createWasmBackend, enableRelaxedSimd } from '../../src/backend/wasm/index.js';
import type { WasmBackend, WasmBuild } from '../../src/backend/wasm/index.js';
import { makeRng, randInt } from '../helpers/rng.js';
import type { Input } from './harness.js';
import { input } from './harness.js';

assert.equal(await enableRelaxedSimd(), true, 'relaxed SIMD should be available after enableRelaxedSimd()');

const reference = new ReferenceBackend();
const DTYPES: DType[] = ['float32', 'int32', 'uint8', 'bool'];

function args(b: Backend, inputs: readonly Input[]): KernelArg[] {
  return inputs.map((i) => ({ handle: b.fromArray(i.data.slice(), i.dtype), shape: i.shape, dtype: i.dtype }));
}

function assertIdentical(got: TypedArray, want: TypedArray, label: string): void {
  assert.equal(got.length, want.length, `${label}: ${got.length} elements, the reference has ${want.length}`);
  for (let i = 0; i < want.length; i++) assert.ok(Object.is(got[i], want[i]), `${label}[${i}]: ${got[i]}, the reference gives ${want[i]}`);
}

function checkTopk(wasm: Backend, x: Input, attrs: PrimitiveAttrs['topk']): void {
  const shape = x.shape.map((d, i) => (i === attrs.axis ? attrs.k : d));
  const run = (b: Backend): TypedArray => b.read(b.run('topk', inputsOf('topk', args(b, [x])), attrs, { shape, dtype: 'int32' }), 'int32');
  assertIdentical(run(wasm), run(reference), `topk ${x.dtype}[${x.shape.join(',')}] ${JSON.stringify(attrs)}`);
}

function checkData<P extends DataDependentPrimitive>(wasm: Backend, prim: P, inputs: readonly Input[], attrs: PrimitiveAttrs[P], dtype: DType): void {
  const label = `${prim} ${inputs.map((i) => `${i.dtype}[${i.shape.join(',')}]`).join(' ')}`;
  const run = (b: Backend): { data: TypedArray; shape: readonly number[] } => {
    const r = b.runDataDependent(prim, inputsOf(prim, args(b, inputs)), attrs, dtype);
    return { data: b.read(r.handle, dtype), shape: r.shape };
  };
  const want = run(reference);
  const got = run(wasm);
  assert.deepEqual([...got.shape], [...want.shape], `${label}: shape`);
  assertIdentical(got.data, want.data, label);
}

/** Values of `dtype` with many ties (few distinct values) or spread over the whole range. */
function values(rng: () => number, dtype: DType, shape: readonly number[], spread: boolean): Input {
  const x = input(rng, dtype, shape, true);
  if (dtype === 'float32') for (let i = 0; i < x.data.length; i++) {
    if (Number.isFinite(x.data[i]) && x.data[i] !== 0) x.data[i] = spread ? (rng() - 0.5) * 2 ** randInt(rng, -30, 30) : Math.round(x.data[i]!);
  }
  if (dtype === 'int32' && spread) for (let i = 0; i < x.data.length; i++) x.data[i] = Math.floor((rng() - 0.5) * 2 ** 32);
  return x;
}

const CONFIGS: { build: WasmBuild; threads: number }[] = [
  { build: 'simd', threads: 1 }, { build: 'relaxed', threads: 1 }, { build: 'simd', threads: 2 }, { build: 'relaxed', threads: 2 },
];

for (const { build, threads } of CONFIGS) {
  describe(`wasm ${build} on ${threads} thread(s) vs reference: selection kernels`, () => {
    let wasm: WasmBackend;
    after(() => wasm.terminate());

    test('create', async () => {
      wasm = await createWasmBackend({ build, threads, minWorkPerPart: 1 });
      assert.equal(wasm.threads, threads);
    });

    test('topk: every dtype, k from 0 to n, largest and smallest, sorted or by index, last and strided axes', () => {
      const rng = makeRng(11);
      const jobs = wasm.parallelJobs;
      for (const dtype of DTYPES) {
        for (const shape of [[7, 301], [64, 33], [3, 5, 40]]) {
          for (let axis = 0; axis < shape.length; axis++) {
            const n = shape[axis]!;
            for (const k of [0, 1, 5, Math.floor(n / 2), n].filter((k) => k <= n)) {
              const x = values(rng, dtype, shape, rng() < 0.5);
              checkTopk(wasm, x, { axis, k, largest: rng() < 0.5, sorted: rng() < 0.7 });
            }
          }
        }
      }
      if (threads > 1) assert.ok(wasm.parallelJobs > jobs, 'no topk call was split across the pool');
    });

    test('searchSorted: sorted sequences with ties and NaNs, queries of every kind', () => {
      const rng = makeRng(12);
      for (const dtype of DTYPES) {
        for (const n of [0, 1, 2, 17, 500]) {
          const seq = values(rng, dtype, [n], rng() < 0.5);
          const sorted = reference.read(reference.runDataDependent('unique', inputsOf('unique', args(reference, [seq])), {}, dtype).handle, dtype);
          const s: Input = { data: sorted, shape: [sorted.length], dtype };
          const q = values(rng, dtype, [randInt(rng, 1, 40), 3], rng() < 0.5);
          if (dtype === 'float32') q.data.set(sorted.slice(0, Math.min(sorted.length, q.data.length)));
          for (const right of [false, true]) {
            const run = (b: Backend): TypedArray =>
              b.read(b.run('searchSorted', inputsOf('searchSorted', args(b, [s, q])), { right }, { shape: q.shape, dtype: 'int32' }), 'int32');
            assertIdentical(run(wasm), run(reference), `searchSorted ${dtype} n=${sorted.length} right=${right}`);
          }
        }
      }
    });

    test('nonzero: every dtype and rank, dense and sparse, empty', () => {
      const rng = makeRng(13);
      for (const dtype of DTYPES) {
        for (const shape of [[], [0], [1], [1000], [7, 0, 3], [9, 13], [4, 5, 6, 7]]) {
          const x = values(rng, dtype, shape, false);
          const sparse = rng() < 0.5;
          for (let i = 0; i < x.data.length; i++) if (sparse && rng() < 0.8) x.data[i] = rng() < 0.5 ? 0 : dtype === 'float32' ? -0 : 0;
          checkData(wasm, 'nonzero', [x], {}, 'int32');
        }
      }
    });

    test('unique: every dtype, few and many distinct values (all radix passes), ±0 and NaNs, empty and 0-d', () => {
      const rng = makeRng(14);
      for (const dtype of DTYPES) {
        for (const size of [0, 1, 2, 31, 1000, 20000]) {
          for (const spread of [false, true]) checkData(wasm, 'unique', [values(rng, dtype, [size], spread)], {}, dtype);
        }
        checkData(wasm, 'unique', [values(rng, dtype, [], false)], {}, dtype);
      }
      const zeros = (first: number): Input => {
        const data = Float32Array.of(3, first, -first, 0, NaN, NaN, NaN);
        new Uint32Array(data.buffer).set([0xffc00001, 0x7f800001], 5); // a negative NaN with a payload, a signalling NaN
        return { data, shape: [data.length], dtype: 'float32' };
      };
      checkData(wasm, 'unique', [zeros(-0)], {}, 'float32');
      checkData(wasm, 'unique', [zeros(0)], {}, 'float32');
      const sameKeyByte: Input = { data: Int32Array.from({ length: 300 }, (_, i) => (i % 7) << 24), shape: [300], dtype: 'int32' };
      checkData(wasm, 'unique', [sameKeyByte], {}, 'int32');
    });
  });
}
