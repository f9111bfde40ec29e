/**
 * A dtype a wasm kernel lacks is a `MissingKernelError(prim, 'wasm', 'no <dtype> kernel')`, thrown
 * before any output is allocated, and the backend says truthfully what it stores and supports.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DType, TypedArray } from '../../src/engine/dtype.js';
import { allocArray } from '../../src/engine/dtype.js';
import type { KernelArg } from '../../src/engine/backend.js';
import { MissingKernelError } from '../../src/engine/backend.js';
import type { PrimitiveAttrs, ShapedPrimitive } from '../../src/engine/primitives.js';
import { inputsOf } from '../../src/engine/primitives.js';
import { createWasmBackend } from '../../src/backend/wasm/index.js';
import { ReferenceBackend } from '../../src/backend/reference/index.js';

const wasm = await createWasmBackend({ threads: 1 });

function arg(dtype: DType, shape: number[], data?: TypedArray): KernelArg {
  const n = shape.reduce((p, d) => p * d, 1);
  return { handle: wasm.fromArray(data ?? allocArray(dtype, n), dtype), shape, dtype };
}

function expectMissing<P extends ShapedPrimitive>(prim: P, inputs: KernelArg[], attrs: PrimitiveAttrs[P], shape: number[], dtype: DType, reason: string): void {
  const live = wasm.memoryStats().liveBlocks;
  assert.throws(() => wasm.run(prim, inputsOf(prim, inputs), attrs, { shape, dtype }), (e: unknown) => {
    assert.ok(e instanceof MissingKernelError, `${prim}: ${String(e)}`);
    assert.equal(e.primitive, prim);
    assert.equal(e.backend, 'wasm');
    assert.equal(e.reason, reason);
    assert.equal(e.message, `Kernel '${prim}' is not available on backend 'wasm': ${reason}`);
    return true;
  });
  assert.equal(wasm.memoryStats().liveBlocks, live, `${prim}: no output may be allocated before the dtype check`);
}

const conv = { stride: [1, 1] as [number, number], padding: [0, 0] as [number, number], dilation: [1, 1] as [number, number], groups: 1 };
const pool = { kernelSize: [2, 2] as [number, number], stride: [2, 2] as [number, number], padding: [0, 0] as [number, number], dilation: [1, 1] as [number, number] };

test('float32-only kernels name the dtype they lack', () => {
  expectMissing('conv2d', [arg('int32', [1, 1, 3, 3]), arg('int32', [1, 1, 2, 2])], conv, [1, 1, 2, 2], 'int32', 'no int32 kernel');
  expectMissing('matmul', [arg('int32', [2, 2]), arg('int32', [2, 2])], { transA: false, transB: false }, [2, 2], 'int32', 'no int32 kernel');
  expectMissing('maxPool2d', [arg('uint8', [1, 1, 2, 2])], pool, [1, 1, 1, 1], 'uint8', 'no uint8 kernel');
  expectMissing('reluGrad', [arg('float32', [4]), arg('int32', [4])], {}, [4], 'float32', 'no int32 kernel');
  expectMissing('adamStep', [arg('int32', [4]), arg('float32', [2, 4])], { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, step: 1, decoupledWeightDecay: 0 }, [4], 'float32', 'no int32 kernel');
});

test('dtype tables: unary int32 only where the export exists, sum of float32/int32 only, mixed arithmetic', () => {
  expectMissing('exp', [arg('int32', [3])], {}, [3], 'int32', 'no int32 kernel');
  expectMissing('neg', [arg('bool', [3])], {}, [3], 'bool', 'no bool kernel');
  expectMissing('sum', [arg('uint8', [3])], { axes: [0] }, [1], 'uint8', 'no uint8 kernel');
  expectMissing('add', [arg('bool', [3]), arg('bool', [3])], {}, [3], 'bool', 'no bool kernel');
  expectMissing('add', [arg('int32', [3]), arg('float32', [3])], {}, [3], 'float32', 'no int32/float32 → float32 kernel');
  expectMissing('eq', [arg('int32', [3]), arg('float32', [3])], {}, [3], 'bool', 'no mixed int32/float32 kernel');
});

test('a kernel that exists runs (int32 neg, bool max)', () => {
  const r = new ReferenceBackend();
  const x = Int32Array.of(1, -2, 3);
  const y = wasm.read(wasm.run('neg', [arg('int32', [3], x)], {}, { shape: [3], dtype: 'int32' }), 'int32');
  assert.deepEqual([...y], [...r.read(r.run('neg', [{ handle: r.fromArray(x.slice(), 'int32'), shape: [3], dtype: 'int32' }], {}, { shape: [3], dtype: 'int32' }), 'int32')]);
  const b = wasm.read(wasm.run('max', [arg('bool', [3], Uint8Array.of(0, 1, 0))], { axes: [0] }, { shape: [1], dtype: 'bool' }), 'bool');
  assert.deepEqual([...b], [1]);
});

test('dtypes and unsupported are truthful: every dtype is stored, every primitive (data-dependent ones too) has a kernel', () => {
  assert.deepEqual([...wasm.dtypes].sort(), ['bool', 'float32', 'int32', 'uint8']);
  assert.deepEqual(Object.keys(wasm.unsupported), []);
  for (const d of wasm.dtypes) {
    const data = allocArray(d, 2);
    assert.deepEqual([...wasm.read(wasm.fromArray(data, d), d)], [...data], `${d} round trip`);
  }
});
