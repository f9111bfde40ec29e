/** Reductions: sum/mean/max/min/argmax/argmin over single and multiple axes, negative axes, keepDims, NaN. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arange, logSumExp, tensor, variance } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { assertClose, expectTensor } from './helpers.js';
import { onEachBackend } from '../helpers/backends.js';

/** [2, 3, 4] with values 0..23. */
const cube = (): Tensor => arange(24).float().reshape(2, 3, 4);

onEachBackend('reductions', () => {
  test('sum: all, single axis, multiple axes, negative axes, keepDims', () => {
    const x = cube();
    expectTensor(x.sum(), [], 'float32', [276]);
    expectTensor(x.sum(0), [3, 4], 'float32', [12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34]);
    expectTensor(x.sum(1), [2, 4], 'float32', [12, 15, 18, 21, 48, 51, 54, 57]);
    expectTensor(x.sum(-1), [2, 3], 'float32', [6, 22, 38, 54, 70, 86]);
    expectTensor(x.sum([0, 2]), [3], 'float32', [60, 92, 124]);
    expectTensor(x.sum([-1, 0]), [3], 'float32', [60, 92, 124]);
    expectTensor(x.sum([2, 0, 2]), [3], 'float32', [60, 92, 124]);
    expectTensor(x.sum(1, true), [2, 1, 4], 'float32', [12, 15, 18, 21, 48, 51, 54, 57]);
    expectTensor(x.sum([0, 1, 2], true), [1, 1, 1], 'float32', [276]);
    expectTensor(x.sum([]), [2, 3, 4], 'float32', x.toArray());
  });

  test('sum of int32 stays int32; of bool counts (int32); of an empty axis is 0', () => {
    expectTensor(tensor(Int32Array.from([1, 2, 3, 4]), { shape: [2, 2] }).sum(0), [2], 'int32', [4, 6]);
    expectTensor(tensor([true, false, true]).sum(), [], 'int32', [2]);
    expectTensor(tensor([[1, 5], [3, 2]]).gt(2).sum(1), [2], 'int32', [1, 1]);
    expectTensor(tensor([]).reshape(0, 3).sum(0), [3], 'float32', [0, 0, 0]);
  });

  test('mean: all, axes, keepDims, integer input gives float32', () => {
    const x = cube();
    expectTensor(x.mean(), [], 'float32', [11.5]);
    expectTensor(x.mean(-1), [2, 3], 'float32', [1.5, 5.5, 9.5, 13.5, 17.5, 21.5]);
    expectTensor(x.mean([0, 1], true), [1, 1, 4], 'float32', [10, 11, 12, 13]);
    expectTensor(tensor(Int32Array.from([1, 2])).mean(), [], 'float32', [1.5]);
  });

  test('max / min: values over single and multiple axes', () => {
    const x = tensor([[[1, 9], [4, -2]], [[7, 0], [3, 8]]]); // [2, 2, 2]
    expectTensor(x.max(), [], 'float32', [9]);
    expectTensor(x.min(), [], 'float32', [-2]);
    expectTensor(x.max(0), [2, 2], 'float32', [7, 9, 4, 8]);
    expectTensor(x.max(-1), [2, 2], 'float32', [9, 4, 7, 8]);
    expectTensor(x.min([1, 2]), [2], 'float32', [-2, 0]);
    expectTensor(x.max([0, 2], true), [1, 2, 1], 'float32', [9, 8]);
    expectTensor(tensor(Int32Array.from([3, -1, 2])).max(), [], 'int32', [3]);
  });

  test('argmax / argmin: axis, flattened, negative axis, keepDims, int32 result', () => {
    const x = tensor([[1, 9, 4], [7, 0, 8]]);
    expectTensor(x.argmax(1), [2], 'int32', [1, 2]);
    expectTensor(x.argmax(0), [3], 'int32', [1, 0, 1]);
    expectTensor(x.argmin(-1), [2], 'int32', [0, 1]);
    expectTensor(x.argmax(), [], 'int32', [1]);
    expectTensor(x.argmin(), [], 'int32', [4]);
    expectTensor(x.argmax(1, true), [2, 1], 'int32', [1, 2]);
    const y = arange(24).float().reshape(2, 3, 4).mul(tensor([1, -1, 1, -1]));
    expectTensor(y.argmax(1), [2, 4], 'int32', [2, 0, 2, 0, 2, 0, 2, 0]);
  });

  test('argmax / argmin ties pick the first index', () => {
    expectTensor(tensor([3, 1, 3, 3]).argmax(), [], 'int32', [0]);
    expectTensor(tensor([[2, 5, 5], [0, 0, 0]]).argmax(1), [2], 'int32', [1, 0]);
    expectTensor(tensor([[4, 1, 1], [2, 2, 7]]).argmin(1), [2], 'int32', [1, 0]);
    expectTensor(tensor([[1, 1], [1, 1]]).argmax(0), [2], 'int32', [0, 0]);
  });

  test('NaN: sum/max/min propagate NaN; argmax/argmin point at the first NaN (PyTorch)', () => {
    const x = tensor([[1, NaN, 3, NaN], [2, 5, 5, 0]]);
    assertClose(x.sum(1).dataView(), [NaN, 12]);
    assertClose(x.max(1).dataView(), [NaN, 5]);
    assertClose(x.min(1).dataView(), [NaN, 0]);
    assertClose(x.mean(1).dataView(), [NaN, 3]);
    expectTensor(x.argmax(1), [2], 'int32', [1, 1]);
    expectTensor(x.argmin(1), [2], 'int32', [1, 3]);
    assert.ok(Number.isNaN(tensor([NaN, 1]).max().item()));
    expectTensor(tensor([NaN, 5]).argmax(), [], 'int32', [0]);
    // -Infinity and Infinity are ordinary values
    expectTensor(tensor([-Infinity, -Infinity]).max(0), [], 'float32', [-Infinity]);
    expectTensor(tensor([1, Infinity, 2]).argmax(), [], 'int32', [1]);
  });

  test('reductions over an empty axis: max throws, argmax throws', () => {
    assert.throws(() => tensor([]).max(), /size 0/);
    assert.throws(() => tensor([]).argmax(), /size 0/);
  });

  test('out-of-range axes name the op and the range', () => {
    assert.throws(() => cube().sum(3), /sum: axis 3 is out of range for a tensor of rank 3 \(expected -3\.\.2\)/);
    assert.throws(() => cube().argmax(-4), /argmax: axis -4 is out of range/);
  });

  test('variance (unbiased and biased) and logSumExp (stable)', () => {
    const x = tensor([[1, 2, 3, 4], [2, 2, 2, 2]]);
    assertClose(variance(x, 1).dataView(), [5 / 3, 0]);
    assertClose(variance(x, 1, false, false).dataView(), [1.25, 0]);
    const l = logSumExp(tensor([[1000, 1000], [0, Math.log(3)]]), 1);
    assertClose(l.dataView(), [1000 + Math.LN2, Math.log(4)], 1e-6);
    expectTensor(logSumExp(tensor([[0, 0]]), -1, true), [1, 1], 'float32', [Math.LN2]);
  });
});
