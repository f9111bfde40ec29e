/** float64 op semantics on the reference backend: promotion, scalars, casts, float-only ops, printing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { F, fromTypedArray, matmul, tensor } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { castScalar, isFloat, promoteTypes } from '../../src/engine/dtype.js';
import { expectTensor } from './helpers.js';
import { REFERENCE_CONFIG, onEachBackend } from '../helpers/backends.js';

const f64 = (v: number[], shape?: number[]): Tensor => tensor(Float64Array.from(v), shape ? { shape } : {});

test('dtype rules: float32 with float64 promotes to float64 (as PyTorch); castScalar keeps doubles', () => {
  assert.equal(promoteTypes('float32', 'float64'), 'float64');
  assert.equal(promoteTypes('float64', 'int32'), 'float64');
  assert.equal(promoteTypes('bool', 'float64'), 'float64');
  assert.equal(isFloat('float64'), true);
  assert.equal(isFloat('int32'), false);
  assert.equal(castScalar(0.1, 'float64'), 0.1);
  assert.notEqual(castScalar(0.1, 'float32'), 0.1);
});

onEachBackend('float64 ops', () => {
  test('creation, .double(), and arithmetic that keeps double precision', () => {
    const x = tensor([1, 2, 3], { dtype: 'float64' });
    assert.equal(x.dtype, 'float64');
    assert.ok(x.dataView() instanceof Float64Array);
    expectTensor(tensor([1, 2]).double(), [2], 'float64', [1, 2]);
    // A Python-like scalar meets float64 in float64: 1 + 1e-10 survives (float32 would give exactly 1).
    assert.equal(f64([1]).add(1e-10).item(), 1 + 1e-10);
    assert.equal(f64([1]).mul(0.1).item(), 0.1);
    expectTensor(f64([1, 4]).sqrt().div(3), [2], 'float64', [1 / 3, 2 / 3], 1e-15);
  });

  test('promotion: float32 ⊕ float64 → float64; int ⊕ float64 → float64; comparisons give bool', () => {
    const a = tensor([0.5, 1.5]);
    const b = f64([0.25, 1e-10]);
    expectTensor(a.add(b), [2], 'float64', [0.75, 1.5 + 1e-10], 1e-15);
    expectTensor(tensor(Int32Array.from([1, 2])).mul(b), [2], 'float64', [0.25, 2e-10], 1e-15);
    expectTensor(b.gt(a), [2], 'bool', [0, 0]);
    expectTensor(b.maximum(a), [2], 'float64', [0.5, 1.5]);
  });

  test('float functions keep float64: exp, log, tanh, sigmoid, relu, pow, div, mean, softmax', () => {
    const x = f64([-1, 0.5, 2]);
    for (const y of [x.exp(), x.abs().log(), x.tanh(), x.sigmoid(), x.relu(), x.abs().pow(0.5), x.div(3), x.mean(), x.softmax()])
      assert.equal(y.dtype, 'float64');
    expectTensor(x.exp(), [3], 'float64', [Math.exp(-1), Math.exp(0.5), Math.exp(2)], 1e-15);
    expectTensor(x.mean(), [], 'float64', [0.5], 1e-15);
    // Integer division still gives float32, as before float64 existed.
    expectTensor(tensor(Int32Array.from([1])).div(3), [1], 'float32', [1 / 3]);
  });

  test('matmul and conv2d promote a float32 operand meeting float64', () => {
    const a = f64([1, 2, 3, 4], [2, 2]);
    const b = tensor([[1, 0], [0, 0.25]]);
    const y = matmul(a, b);
    expectTensor(y, [2, 2], 'float64', [1, 0.5, 3, 1], 1e-15);
    const c = F.conv2d(f64([1, 2, 3, 4], [1, 1, 2, 2]), tensor([[[[1]]]]), tensor([0.5]));
    expectTensor(c, [1, 1, 2, 2], 'float64', [1.5, 2.5, 3.5, 4.5]);
    assert.throws(() => matmul(tensor(Int32Array.from([1])), a), /float32 \(or float64\)/);
  });

  test('casts to and from float64; printing shows float64 as a float tensor', () => {
    expectTensor(f64([1.9, -1.9]).int(), [2], 'int32', [1, -1]);
    expectTensor(f64([1 + 1e-10]).float(), [1], 'float32', [1]);
    assert.match(f64([0.5, 1]).toString(), /0\.5000/);
  });

  test('gradients of float64 leaves are float64', () => {
    const x = fromTypedArray(Float64Array.of(0.5, -1), [2]).requiresGrad_();
    const w = tensor([2, 3], { requiresGrad: true });
    x.mul(w).exp().sum().backward();
    assert.equal(x.grad!.dtype, 'float64');
    assert.equal(w.grad!.dtype, 'float32', 'a float32 leaf gets a float32 gradient through the float64 graph');
    expectTensor(x.grad!, [2], 'float64', [2 * Math.exp(1), 3 * Math.exp(-3)], 1e-7);
  });
}, [REFERENCE_CONFIG]);
