/** Broadcasting arithmetic, dtype promotion, comparisons, unary math, clamp and where. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { abs, add, clamp, div, exp, log, maximum, minimum, mul, pow, sign, sqrt, sub, tensor, where } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { assertClose, expectTensor } from './helpers.js';
import { onEachBackend } from '../helpers/backends.js';

const i32 = (v: number[], shape?: number[]): Tensor => tensor(Int32Array.from(v), shape ? { shape } : {});

onEachBackend('elementwise', () => {
  test('same-shape arithmetic', () => {
    const a = tensor([[1, 2], [3, 4]]);
    const b = tensor([[10, 20], [30, 40]]);
    expectTensor(a.add(b), [2, 2], 'float32', [11, 22, 33, 44]);
    expectTensor(b.sub(a), [2, 2], 'float32', [9, 18, 27, 36]);
    expectTensor(a.mul(b), [2, 2], 'float32', [10, 40, 90, 160]);
    expectTensor(b.div(a), [2, 2], 'float32', [10, 10, 10, 10]);
    expectTensor(a.neg(), [2, 2], 'float32', [-1, -2, -3, -4]);
    expectTensor(a.square(), [2, 2], 'float32', [1, 4, 9, 16]);
  });

  test('broadcasting: row, column, scalar, missing leading axes, both sides expanded', () => {
    const m = tensor([[1, 2, 3], [4, 5, 6]]); // [2, 3]
    expectTensor(m.add(tensor([10, 20, 30])), [2, 3], 'float32', [11, 22, 33, 14, 25, 36]);
    expectTensor(m.add(tensor([[100], [200]])), [2, 3], 'float32', [101, 102, 103, 204, 205, 206]);
    expectTensor(m.mul(2), [2, 3], 'float32', [2, 4, 6, 8, 10, 12]);
    expectTensor(sub(10, m), [2, 3], 'float32', [9, 8, 7, 6, 5, 4]);
    expectTensor(div(12, tensor([3, 4])), [2], 'float32', [4, 3]);
    // [2, 1] with [3] → [2, 3]
    expectTensor(tensor([[1], [2]]).mul(tensor([1, 10, 100])), [2, 3], 'float32', [1, 10, 100, 2, 20, 200]);
    // [2, 1, 3] with [4, 1] → [2, 4, 3]
    const a = tensor([[[1, 2, 3]], [[4, 5, 6]]]);
    const b = tensor([[0], [10], [20], [30]]);
    const c = a.add(b);
    assert.deepEqual([...c.shape], [2, 4, 3]);
    assert.deepEqual(c.toArray().slice(0, 6), [1, 2, 3, 11, 12, 13]);
    assert.deepEqual(c.toArray().slice(-3), [34, 35, 36]);
    // 0-d with anything
    expectTensor(tensor(5).sub(tensor([[1, 2]])), [1, 2], 'float32', [4, 3]);
    // size-0 axes broadcast against 1
    expectTensor(tensor([]).add(tensor([1])), [0], 'float32', []);
  });

  test('mismatched broadcast names both shapes', () => {
    assert.throws(() => tensor([[1, 2], [3, 4]]).add(tensor([1, 2, 3])), (e: Error) => e.message.includes('[2, 2]') && e.message.includes('[3]') && /add/.test(e.message));
    assert.throws(() => mul(tensor([[1, 2, 3]]).reshape(3, 1).expand(3, 4), tensor([[1, 2], [3, 4]])), /\[3, 4\] and \[2, 2\] cannot be broadcast/);
  });

  test('dtype promotion: int32 + float32 → float32, int/int div → float32, int ⊕ int stays int32', () => {
    const i = i32([1, 2, 3]);
    const f = tensor([0.5, 0.5, 0.5]);
    expectTensor(i.add(f), [3], 'float32', [1.5, 2.5, 3.5]);
    expectTensor(f.mul(i), [3], 'float32', [0.5, 1, 1.5]);
    expectTensor(i.add(i32([10, 20, 30])), [3], 'int32', [11, 22, 33]);
    expectTensor(i.mul(i), [3], 'int32', [1, 4, 9]);
    expectTensor(i.sub(5), [3], 'int32', [-4, -3, -2]);
    expectTensor(i.add(0.5), [3], 'float32', [1.5, 2.5, 3.5]);
    expectTensor(i32([7, -7, 1]).div(i32([2, 2, 4])), [3], 'float32', [3.5, -3.5, 0.25]);
    expectTensor(i32([6]).div(3), [1], 'float32', [2]);
    expectTensor(tensor(Uint8Array.from([200, 3])).add(i32([100, 1])), [2], 'int32', [300, 4]);
    expectTensor(tensor([true, false]).add(1.5), [2], 'float32', [2.5, 1.5]);
    // bool ⊕ bool is computed as int32 (PyTorch keeps bool); values are the integer sums.
    expectTensor(tensor([true, true]).add(tensor([true, false])), [2], 'int32', [2, 1]);
    // int ** int: values as PyTorch (dtype is float32 here; PyTorch keeps the integer type).
    assertClose(i32([2, 3]).pow(2).dataView(), [4, 9]);
  });

  test('comparisons broadcast, promote, and give bool', () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]]);
    expectTensor(a.gt(3), [2, 3], 'bool', [0, 0, 0, 1, 1, 1]);
    expectTensor(a.ge(3), [2, 3], 'bool', [0, 0, 1, 1, 1, 1]);
    expectTensor(a.lt(tensor([2, 2, 7])), [2, 3], 'bool', [1, 0, 1, 0, 0, 1]);
    expectTensor(a.le(tensor([[1], [5]])), [2, 3], 'bool', [1, 0, 0, 1, 1, 0]);
    expectTensor(a.eq(tensor([1, 5, 3])), [2, 3], 'bool', [1, 0, 1, 0, 1, 0]);
    expectTensor(a.ne(tensor([1, 5, 3])), [2, 3], 'bool', [0, 1, 0, 1, 0, 1]);
    // int32 against a fractional number compares as float
    expectTensor(i32([1, 2]).lt(1.5), [2], 'bool', [1, 0]);
    expectTensor(i32([1, 2]).eq(tensor([1, 2.5])), [2], 'bool', [1, 0]);
    // NaN compares unequal to everything, itself included
    expectTensor(tensor([NaN, 1]).eq(tensor([NaN, 1])), [2], 'bool', [0, 1]);
    expectTensor(tensor([NaN]).ne(tensor([NaN])), [1], 'bool', [1]);
    expectTensor(tensor([NaN, NaN]).lt(tensor([1, Infinity])), [2], 'bool', [0, 0]);
  });

  test('exp / log / sqrt / pow / abs / sign', () => {
    assertClose(exp(tensor([0, 1, -1])).dataView(), [1, Math.E, 1 / Math.E]);
    assertClose(log(tensor([1, Math.E, 0, -1])).dataView(), [0, 1, -Infinity, NaN]);
    assertClose(sqrt(tensor([4, 2, 0, -1])).dataView(), [2, Math.SQRT2, 0, NaN]);
    assertClose(pow(tensor([2, 9, 2]), tensor([3, 0.5, -1])).dataView(), [8, 3, 0.5]);
    assertClose(pow(tensor([[1], [2]]), tensor([0, 1, 2])).dataView(), [1, 1, 1, 1, 2, 4]);
    assertClose(tensor([3, -2]).pow(2).dataView(), [9, 4]);
    expectTensor(abs(tensor([-1.5, 0, 2])), [3], 'float32', [1.5, 0, 2]);
    expectTensor(abs(i32([-3, 4])), [2], 'int32', [3, 4]);
    expectTensor(sign(tensor([-2, 0, 3])), [3], 'float32', [-1, 0, 1]);
    expectTensor(sign(i32([-2, 0, 3])), [3], 'int32', [-1, 0, 1]);
    // integer inputs to float functions give float32
    expectTensor(exp(i32([0])), [1], 'float32', [1]);
    expectTensor(sqrt(i32([9])), [1], 'float32', [3]);
    // overflow is inf, not an error
    assertClose(exp(tensor([100])).dataView(), [Infinity]);
  });

  test('maximum / minimum broadcast and propagate NaN', () => {
    expectTensor(maximum(tensor([[1, 5], [3, -2]]), tensor([2, 0])), [2, 2], 'float32', [2, 5, 3, 0]);
    expectTensor(minimum(tensor([[1, 5], [3, -2]]), tensor([2, 0])), [2, 2], 'float32', [1, 0, 2, -2]);
    assertClose(maximum(tensor([NaN, 1]), tensor([0, NaN])).dataView(), [NaN, NaN]);
    assertClose(minimum(tensor([NaN, 1]), 0).dataView(), [NaN, 0]);
  });

  test('clamp with both, lower-only and upper-only bounds', () => {
    const x = tensor([-3, -0.5, 0, 0.5, 3]);
    expectTensor(clamp(x, -1, 1), [5], 'float32', [-1, -0.5, 0, 0.5, 1]);
    expectTensor(x.clamp(0), [5], 'float32', [0, 0, 0, 0.5, 3]);
    expectTensor(x.clamp(null, 0), [5], 'float32', [-3, -0.5, 0, 0, 0]);
    expectTensor(i32([-5, 2, 9]).clamp(0, 5), [3], 'int32', [0, 2, 5]);
  });

  test('where broadcasts cond, a and b; numbers and non-bool conditions work', () => {
    const cond = tensor([[true, false, true], [false, false, true]]);
    expectTensor(where(cond, tensor([1, 2, 3]), tensor([[-1], [-2]])), [2, 3], 'float32', [1, -1, 3, -2, -2, 3]);
    expectTensor(where(cond, 1, 0), [2, 3], 'float32', [1, 0, 1, 0, 0, 1]);
    expectTensor(where(tensor([1, 0, 2]), i32([1, 2, 3]), i32([7, 8, 9])), [3], 'int32', [1, 8, 3]);
    expectTensor(where(tensor([true, false]), i32([1, 2]), tensor([0.5, 0.5])), [2], 'float32', [1, 0.5]);
    expectTensor(where(tensor([true]), tensor([[1, 2]]), tensor([[3], [4]])), [2, 2], 'float32', [1, 2, 1, 2]);
  });

  test('casts: float→int truncates toward zero; to bool is nonzero', () => {
    expectTensor(tensor([1.9, -1.9, 0.2]).int(), [3], 'int32', [1, -1, 0]);
    expectTensor(tensor([0, -0.5, 2]).cast('bool'), [3], 'bool', [0, 1, 1]);
    expectTensor(i32([3, -4]).float(), [2], 'float32', [3, -4]);
    expectTensor(tensor([true, false]).cast('int32'), [2], 'int32', [1, 0]);
  });

  test('add/sub/mul/div functional forms equal the methods', () => {
    const a = tensor([1, 2]);
    const b = tensor([3, 4]);
    assert.deepEqual(add(a, b).toArray(), a.add(b).toArray());
    assert.deepEqual(sub(a, b).toArray(), [-2, -2]);
    assert.deepEqual(mul(a, 3).toArray(), [3, 6]);
    assert.deepEqual(div(a, b).toArray(), [Math.fround(1 / 3), 0.5]);
  });
});
