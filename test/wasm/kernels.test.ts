/**
 * Every non-vision wasm kernel against the reference backend on random shapes, broadcasts and
 * dtypes, for both builds (relaxed SIMD is switched on for this test process with enableRelaxedSimd).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DType } from '../../src/engine/dtype.js';
import { broadcastShapes, sizeOf } from '../../src/engine/shape.js';
import { createWasmBackend, enableRelaxedSimd } from '../../src/backend/wasm/index.js';
import type { WasmBackend, WasmBuild } from '../../src/backend/wasm/index.js';
import { makeRng, randInt } from '../helpers/rng.js';
import { broadcastableTo, checkPrim, input, randomShape } from './harness.js';

const relaxedOk = await enableRelaxedSimd();
const builds: WasmBuild[] = relaxedOk ? ['simd', 'relaxed'] : ['simd'];

type UnaryPrim = 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'sign' | 'tanh' | 'sigmoid' | 'relu';
type BinaryPrim = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';
type ComparePrim = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
const UNARY: UnaryPrim[] = ['neg', 'exp', 'log', 'sqrt', 'abs', 'sign', 'tanh', 'sigmoid', 'relu'];
const BINARY: BinaryPrim[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'];
const COMPARE: ComparePrim[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'];
const DTYPES: DType[] = ['float32', 'int32', 'uint8', 'bool'];

test('relaxed SIMD can be enabled on this Node', () => {
  assert.equal(relaxedOk, true);
});

for (const build of builds) {
  describe(`wasm ${build} build vs reference`, () => {
    let wasm: WasmBackend;
    test('create', async () => {
      wasm = await createWasmBackend({ build });
      assert.equal(wasm.build, build);
    });

    test('unary float32 (with ±0, ±Inf, NaN) and int32', () => {
      const rng = makeRng(1);
      for (const prim of UNARY) {
        for (const n of [0, 1, 3, 4, 17, 1000]) {
          const x = input(rng, 'float32', [n], true);
          checkPrim(wasm, prim, [x], {}, [n], 'float32', 2e-6);
        }
      }
      for (const prim of ['neg', 'abs', 'sign', 'relu'] as const) {
        const x = input(rng, 'int32', [37]);
        x.data[0] = -2147483648;
        x.data[1] = 2147483647;
        checkPrim(wasm, prim, [x], {}, [37], 'int32');
      }
    });

    test('cast between every pair of dtypes (wrapping, truncation, NaN)', () => {
      const rng = makeRng(2);
      const specials = [NaN, Infinity, -Infinity, 3e9, -3e9, -1.5, 255.9, 256, 257.5, -1e10, 2147483648, -2147483648, 0.5, -0];
      for (const from of DTYPES) {
        for (const to of DTYPES) {
          const x = input(rng, from, [53]);
          if (from === 'float32') specials.forEach((v, i) => (x.data[i] = v));
          if (from === 'int32') [-2147483648, 2147483647, 256, -1, 300].forEach((v, i) => (x.data[i] = v));
          checkPrim(wasm, 'cast', [x], { dtype: to }, [53], to);
        }
      }
    });

    test('binary arithmetic: random broadcasts, float32 and int32', () => {
      const rng = makeRng(3);
      for (let it = 0; it < 60; it++) {
        const out = randomShape(rng, 0, 4, 6);
        const sa = broadcastableTo(rng, out);
        const sb = rng() < 0.3 ? [...out] : broadcastableTo(rng, out);
        const shape = broadcastShapes(sa, sb);
        for (const prim of BINARY) {
          checkPrim(wasm, prim, [input(rng, 'float32', sa, true), input(rng, 'float32', sb, true)], {}, shape, 'float32', 2e-6);
          const ia = input(rng, 'int32', sa);
          const ib = input(rng, 'int32', sb);
          if (prim === 'pow') ib.data.forEach((v, i) => (ib.data[i] = Math.abs(v) % 7));
          checkPrim(wasm, prim, [ia, ib], {}, shape, 'int32');
        }
      }
    });

    test('binary fast paths: same shape, scalar, bias add [N, C] + [C], [N, C, H, W] + [1, C, 1, 1]', () => {
      const rng = makeRng(4);
      const cases: [number[], number[]][] = [
        [[1023], [1023]], [[5, 7], []], [[], [9, 3]], [[64, 10], [10]], [[3, 33], [33]], [[2, 5, 6, 7], [1, 5, 1, 1]], [[4, 1], [1, 9]],
      ];
      for (const [a, b] of cases) {
        const shape = broadcastShapes(a, b);
        for (const prim of BINARY) {
          checkPrim(wasm, prim, [input(rng, 'float32', a), input(rng, 'float32', b)], {}, shape, 'float32', 2e-6);
          const ib = input(rng, 'int32', b);
          // int32 pow goes through float64 Math.pow: beyond 2^53 engines may differ in the last bit.
          if (prim === 'pow') ib.data.forEach((v, i) => (ib.data[i] = Math.abs(v) % 7));
          checkPrim(wasm, prim, [input(rng, 'int32', a), ib], {}, shape, 'int32');
        }
      }
    });

    test('int32 edge cases: wrap-around, division by zero, INT_MIN / -1, huge products', () => {
      const a = { data: Int32Array.of(2147483647, -2147483648, 7, -7, 0, 5, 123456789, -2147483648), shape: [8], dtype: 'int32' as const };
      const b = { data: Int32Array.of(1, -1, 2, 2, 0, 0, 987654321, 2), shape: [8], dtype: 'int32' as const };
      for (const prim of BINARY) checkPrim(wasm, prim, [a, b], {}, [8], 'int32');
    });

    test('comparisons: every dtype, broadcasting, NaN', () => {
      const rng = makeRng(5);
      for (let it = 0; it < 25; it++) {
        const out = randomShape(rng, 0, 4, 7);
        const sa = broadcastableTo(rng, out);
        const sb = rng() < 0.3 ? [...out] : broadcastableTo(rng, out);
        const shape = broadcastShapes(sa, sb);
        for (const dt of DTYPES) {
          for (const prim of COMPARE) checkPrim(wasm, prim, [input(rng, dt, sa, true), input(rng, dt, sb, true)], {}, shape, 'bool');
        }
      }
      const long = [70];
      for (const prim of COMPARE) {
        checkPrim(wasm, prim, [input(rng, 'float32', long, true), input(rng, 'float32', long, true)], {}, long, 'bool');
        checkPrim(wasm, prim, [input(rng, 'int32', long), input(rng, 'int32', [])], {}, long, 'bool');
      }
    });

    test('where broadcasting all three operands', () => {
      const rng = makeRng(6);
      for (let it = 0; it < 30; it++) {
        const out = randomShape(rng, 0, 4, 5);
        const sc = broadcastableTo(rng, out);
        const sa = broadcastableTo(rng, out);
        const sb = broadcastableTo(rng, out);
        const shape = broadcastShapes(broadcastShapes(sc, sa), sb);
        for (const dt of DTYPES) checkPrim(wasm, 'where', [input(rng, 'bool', sc), input(rng, dt, sa), input(rng, dt, sb)], {}, shape, dt);
      }
    });

    test('sum / max / min over random axis sets (kept as size 1), with NaN and empty inputs', () => {
      const rng = makeRng(7);
      for (let it = 0; it < 60; it++) {
        const shape = randomShape(rng, 0, 4, 7);
        const axes = shape.map((_, i) => i).filter(() => rng() < 0.5);
        const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
        checkPrim(wasm, 'sum', [input(rng, 'float32', shape)], { axes }, kept, 'float32', 1e-6);
        checkPrim(wasm, 'sum', [input(rng, 'int32', shape)], { axes }, kept, 'int32');
        for (const prim of ['max', 'min'] as const) {
          checkPrim(wasm, prim, [input(rng, 'float32', shape, it % 3 === 0)], { axes }, kept, 'float32');
          for (const dt of ['int32', 'uint8', 'bool'] as const) checkPrim(wasm, prim, [input(rng, dt, shape)], { axes }, kept, dt);
        }
      }
      checkPrim(wasm, 'sum', [input(rng, 'float32', [0, 3])], { axes: [0] }, [1, 3], 'float32');
      checkPrim(wasm, 'sum', [input(rng, 'int32', [4, 0])], { axes: [1] }, [4, 1], 'int32');
      checkPrim(wasm, 'sum', [input(rng, 'float32', [1000, 37])], { axes: [0] }, [1, 37], 'float32');
      checkPrim(wasm, 'sum', [input(rng, 'float32', [37, 1001])], { axes: [1] }, [37, 1], 'float32');
    });

    test('argmax / argmin with ties and NaN', () => {
      const rng = makeRng(8);
      for (let it = 0; it < 40; it++) {
        const shape = randomShape(rng, 1, 4, 6);
        const axis = randInt(rng, 0, shape.length - 1);
        const kept = shape.map((d, i) => (i === axis ? 1 : d));
        for (const prim of ['argmax', 'argmin'] as const) {
          const f = input(rng, 'float32', shape, it % 2 === 0);
          f.data.forEach((v, i) => (f.data[i] = Number.isFinite(v) ? Math.round(v) : v)); // ties
          checkPrim(wasm, prim, [f], { axis }, kept, 'int32');
          for (const dt of ['int32', 'uint8', 'bool'] as const) checkPrim(wasm, prim, [input(rng, dt, shape)], { axis }, kept, 'int32');
        }
      }
    });

    test('permute, slice with steps, pad, broadcastTo, concat for 32- and 8-bit dtypes', () => {
      const rng = makeRng(9);
      for (let it = 0; it < 40; it++) {
        const dt = DTYPES[it % 4]!;
        const shape = randomShape(rng, 0, 5, 5);
        const perm = shape.map((_, i) => i).sort(() => rng() - 0.5);
        checkPrim(wasm, 'permute', [input(rng, dt, shape)], { perm }, perm.map((p) => shape[p]!), dt);

        const begin = shape.map((d) => randInt(rng, 0, d - 1));
        const step = shape.map(() => randInt(rng, 1, 3));
        const sliced = shape.map((d, i) => Math.ceil((d - begin[i]!) / step[i]!));
        checkPrim(wasm, 'slice', [input(rng, dt, shape)], { begin, step }, sliced, dt);

        const pads = shape.map((): [number, number] => [randInt(rng, 0, 2), randInt(rng, 0, 2)]);
        const padded = shape.map((d, i) => d + pads[i]![0] + pads[i]![1]);
        checkPrim(wasm, 'pad', [input(rng, dt, shape)], { pads, value: -1.5 }, padded, dt);

        const target = [randInt(rng, 1, 3), ...shape.map((d) => (d === 1 ? randInt(rng, 1, 4) : d))];
        const src = shape.map((d) => (rng() < 0.4 ? 1 : d));
        checkPrim(wasm, 'broadcastTo', [input(rng, dt, src)], {}, target.map((d, i) => (i === 0 ? d : src[i - 1] === 1 ? d : src[i - 1]!)), dt);

        if (shape.length > 0) {
          const axis = randInt(rng, 0, shape.length - 1);
          const parts = [0, 1, 2].map(() => shape.map((d, i) => (i === axis ? randInt(rng, 0, 3) : d)));
          const outShape = shape.map((d, i) => (i === axis ? parts.reduce((s, p) => s + p[i]!, 0) : d));
          checkPrim(wasm, 'concat', parts.map((p) => input(rng, dt, p)), { axis }, outShape, dt);
        }
      }
    });

    test('gather and scatterAdd along every axis, and their out-of-range errors', () => {
      const rng = makeRng(10);
      for (let it = 0; it < 40; it++) {
        const dt = (['float32', 'int32', 'uint8'] as const)[it % 3]!;
        const shape = randomShape(rng, 1, 4, 5);
        const axis = randInt(rng, 0, shape.length - 1);
        const idxShape = shape.map((d, i) => (i === axis ? randInt(rng, 1, 6) : randInt(rng, 1, d)));
        const index = { data: Int32Array.from({ length: sizeOf(idxShape) }, () => randInt(rng, 0, shape[axis]! - 1)), shape: idxShape, dtype: 'int32' as const };
        checkPrim(wasm, 'gather', [input(rng, dt, shape), index], { axis }, idxShape, dt);
        checkPrim(wasm, 'scatterAdd', [input(rng, dt, idxShape), index], { axis }, shape, dt);
      }
      const bad = { data: Int32Array.of(0, 3), shape: [2], dtype: 'int32' as const };
      const x = input(rng, 'float32', [3]);
      const mk = () => ({ handle: wasm.fromArray(x.data.slice(), 'float32'), shape: [3], dtype: 'float32' as const });
      const idx = () => ({ handle: wasm.fromArray(bad.data.slice(), 'int32'), shape: [2], dtype: 'int32' as const });
      assert.throws(() => wasm.run('gather', [mk(), idx()], { axis: 0 }, { shape: [2], dtype: 'float32' }), /gather: index 3 is out of range for axis 0 of size 3/);
      assert.throws(() => wasm.run('scatterAdd', [{ ...mk(), shape: [2] }, idx()], { axis: 0 }, { shape: [3], dtype: 'float32' }), /scatterAdd: index 3 is out of range/);
    });

    test('matmul with transposes and batch axes', () => {
      const rng = makeRng(11);
      for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const [b, m, k, n] = [2, randInt(rng, 1, 20), randInt(rng, 1, 20), randInt(rng, 1, 20)];
        const a = input(rng, 'float32', transA ? [b, k, m] : [b, m, k]);
        const bb = input(rng, 'float32', transB ? [b, n, k] : [b, k, n]);
        checkPrim(wasm, 'matmul', [a, bb], { transA, transB }, [b, m, n], 'float32', 1e-5);
      }
    });

  });
}
