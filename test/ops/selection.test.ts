/**
 * Selection ops against hand-computed values on every backend: topk and searchSorted (shape-determined)
 * and the data-dependent nonzero/argwhere, maskedSelect and unique (with inverse and counts), including
 * ties, NaN, ±0, empty inputs, all-zero masks, k = 0, k = n and the error messages.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  arange, argwhere, maskedSelect, nonzero, searchSorted, tensor, topk, unique, uniqueCounts, uniqueInverse, zeros,
} from '../../src/index.js';
import { expectTensor } from './helpers.js';
import { onEachBackend, testCallsWereSplit } from '../helpers/backends.js';

const i32 = (values: number[], shape = [values.length]) => tensor(Int32Array.from(values), { shape });

onEachBackend('selection', (ctx) => {
  test('topk: largest and smallest along the last axis, sorted', () => {
    const x = tensor([[1, 5, 3, 5], [2, -1, 0, 4]]);
    const r = topk(x, 2);
    expectTensor(r.indices, [2, 2], 'int32', [1, 3, 3, 0]);
    expectTensor(r.values, [2, 2], 'float32', [5, 5, 4, 2]);
    const s = x.topk(3, { largest: false });
    expectTensor(s.indices, [2, 3], 'int32', [0, 2, 1, 1, 2, 0]);
    expectTensor(s.values, [2, 3], 'float32', [1, 3, 5, -1, 0, 2]);
  });

  test('topk: along axis 0 and a middle axis; sorted: false gives ascending index order', () => {
    const x = tensor([[3, 1], [0, 7], [5, 2]]);
    const r = topk(x, 2, { axis: 0 });
    expectTensor(r.indices, [2, 2], 'int32', [2, 1, 0, 2]);
    expectTensor(r.values, [2, 2], 'float32', [5, 7, 3, 2]);
    const u = topk(x, 2, { axis: 0, sorted: false });
    expectTensor(u.indices, [2, 2], 'int32', [0, 1, 2, 2]);
    expectTensor(u.values, [2, 2], 'float32', [3, 7, 5, 2]);
    const c = topk(arange(24).float().reshape(2, 3, 4), 1, { axis: 1 });
    expectTensor(c.indices, [2, 1, 4], 'int32', [2, 2, 2, 2, 2, 2, 2, 2]);
    expectTensor(c.values, [2, 1, 4], 'float32', [8, 9, 10, 11, 20, 21, 22, 23]);
    const m = topk(arange(24).float().reshape(2, 3, 4), 2, { axis: -2, largest: false, sorted: false });
    expectTensor(m.indices, [2, 2, 4], 'int32', [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  test('topk: equal values lower index first, NaN above +Infinity, −0 = +0', () => {
    const x = tensor([1, NaN, 3, NaN, Infinity, 3, 1]);
    expectTensor(topk(x, 7).indices, [7], 'int32', [1, 3, 4, 2, 5, 0, 6]);
    expectTensor(topk(x, 7).values, [7], 'float32', [NaN, NaN, Infinity, 3, 3, 1, 1]);
    expectTensor(topk(x, 3, { largest: false }).indices, [3], 'int32', [0, 6, 2]);
    expectTensor(topk(x, 5, { largest: false }).indices, [5], 'int32', [0, 6, 2, 5, 4]);
    const ties = tensor([1, 2, 2, 2, 1, 2, 0, 2]);
    expectTensor(topk(ties, 3).indices, [3], 'int32', [1, 2, 3]);
    expectTensor(topk(ties, 3, { largest: false }).indices, [3], 'int32', [6, 0, 4]);
    expectTensor(topk(ties, 3, { sorted: false }).indices, [3], 'int32', [1, 2, 3]);
    const zeroes = tensor([0, -0, 0, -1]);
    expectTensor(topk(zeroes, 3).indices, [3], 'int32', [0, 1, 2]);
    expectTensor(topk(zeroes, 2, { largest: false }).indices, [2], 'int32', [3, 0]);
  });

  test('topk: k = 0, k = n (a full sort), empty lines, integer dtypes and 0-d inputs', () => {
    const x = tensor([[1, 2], [3, 4]]);
    const none = topk(x, 0);
    expectTensor(none.indices, [2, 0], 'int32', []);
    expectTensor(none.values, [2, 0], 'float32', []);
    expectTensor(topk(tensor([4, 1, 3, 2, 5]), 5).indices, [5], 'int32', [4, 0, 2, 3, 1]);
    expectTensor(topk(tensor([4, 1, 3, 2, 5]), 5, { largest: false }).values, [5], 'float32', [1, 2, 3, 4, 5]);
    expectTensor(topk(zeros([0, 3]), 2).indices, [0, 2], 'int32', []);
    expectTensor(topk(zeros([2, 0]), 0).indices, [2, 0], 'int32', []);
    const ints = topk(i32([4, -2, 9, 4]), 3);
    expectTensor(ints.values, [3], 'int32', [9, 4, 4]);
    expectTensor(ints.indices, [3], 'int32', [2, 0, 3]);
    expectTensor(topk(tensor(Uint8Array.from([7, 200, 3])), 1).values, [1], 'uint8', [200]);
    expectTensor(topk(tensor([false, true, true]), 2, { largest: false }).indices, [2], 'int32', [0, 1]);
    const s = topk(tensor(3), 1);
    expectTensor(s.values, [], 'float32', [3]);
    expectTensor(s.indices, [], 'int32', [0]);
  });

  test('topk: out-of-range k and axis name the numbers', () => {
    assert.throws(() => topk(tensor([1, 2, 3]), 4), /topk: k must be an integer in 0\.\.3 \(the size of axis 0 of \[3\]\), got 4/);
    assert.throws(() => topk(tensor([[1, 2, 3]]), -1), /topk: k must be an integer in 0\.\.3 \(the size of axis 1 of \[1, 3\]\), got -1/);
    assert.throws(() => topk(tensor([1, 2, 3]), 1.5), /got 1\.5/);
    assert.throws(() => topk(tensor([[1, 2]]), 1, { axis: 2 }), /topk: axis 2 is out of range for a tensor of rank 2/);
    assert.throws(() => topk(tensor(3), 0), /topk: a 0-d tensor has one entry, so k must be 1, got 0/);
  });

  test('topk: values are differentiable through gather, indices are not', () => {
    const x = tensor([[1, 5, 3], [4, 2, 6]], { requiresGrad: true });
    const r = topk(x, 2);
    r.values.mul(tensor([10, 1])).sum().backward();
    expectTensor(x.grad!, [2, 3], 'float32', [0, 10, 1, 1, 0, 10]);
    assert.equal(r.indices.requiresGrad, false);
  });

  test('searchSorted: left and right, NaN after every number, −0 = +0, values of any shape', () => {
    const s = tensor([1, 2, 2, 5, NaN]);
    expectTensor(searchSorted(s, tensor([[0, 2], [3, NaN]])), [2, 2], 'int32', [0, 1, 3, 4]);
    expectTensor(searchSorted(s, tensor([[0, 2], [3, NaN]]), { right: true }), [2, 2], 'int32', [0, 3, 3, 5]);
    expectTensor(searchSorted(s, tensor(6)), [], 'int32', [4]);
    expectTensor(searchSorted(tensor([-1, 0, 1]), tensor([-0, 0])), [2], 'int32', [1, 1]);
    expectTensor(searchSorted(tensor([-1, 0, 1]), tensor([-0, 0]), { right: true }), [2], 'int32', [2, 2]);
    expectTensor(searchSorted(i32([1, 3, 3, 7]), i32([3, 8, 0])), [3], 'int32', [1, 4, 0]);
    expectTensor(searchSorted(tensor([]), tensor([1, 2])), [2], 'int32', [0, 0]);
    expectTensor(searchSorted(tensor([1, 2]), tensor([])), [0], 'int32', []);
    assert.throws(() => searchSorted(tensor([[1, 2]]), tensor([1])), /searchSorted: sorted must be 1-D, got shape \[1, 2\]/);
    assert.throws(() => searchSorted(tensor([1, 2]), i32([1])), /searchSorted: values must have sorted's dtype float32, got int32/);
  });

  test('nonzero / argwhere: coordinates in row-major order; NaN is non-zero, −0 zero', () => {
    const x = tensor([[0, -0, NaN], [1, 0, 2]]);
    expectTensor(nonzero(x), [3, 2], 'int32', [0, 2, 1, 0, 1, 2]);
    expectTensor(argwhere(x), [3, 2], 'int32', [0, 2, 1, 0, 1, 2]);
    expectTensor(x.nonzero(), [3, 2], 'int32', [0, 2, 1, 0, 1, 2]);
    expectTensor(x.argwhere(), [3, 2], 'int32', [0, 2, 1, 0, 1, 2]);
    expectTensor(nonzero(tensor([[[true, false], [false, true]]])), [2, 3], 'int32', [0, 0, 0, 0, 1, 1]);
    expectTensor(nonzero(i32([0, -3, 0, 5])), [2, 1], 'int32', [1, 3]);
    expectTensor(nonzero(tensor(Uint8Array.from([9, 0, 1]))), [2, 1], 'int32', [0, 2]);
  });

  test('nonzero: all-zero, empty and 0-d inputs', () => {
    expectTensor(nonzero(zeros([2, 3])), [0, 2], 'int32', []);
    expectTensor(nonzero(zeros([0, 3])), [0, 2], 'int32', []);
    expectTensor(nonzero(tensor([false, false])), [0, 1], 'int32', []);
    expectTensor(nonzero(tensor(3)), [1, 0], 'int32', []);
    expectTensor(nonzero(tensor(0)), [0, 0], 'int32', []);
  });

  test('maskedSelect: broadcast mask and input, row-major order, gradient to the selected entries', () => {
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const y = maskedSelect(x, tensor([true, false]));
    expectTensor(y, [2], 'float32', [1, 3]);
    y.mul(tensor([10, 20])).sum().backward();
    expectTensor(x.grad!, [2, 2], 'float32', [10, 0, 20, 0]);

    const v = tensor([1, 2], { requiresGrad: true });
    const z = v.maskedSelect(tensor([[true, true], [false, true]]));
    expectTensor(z, [3], 'float32', [1, 2, 2]);
    z.sum().backward();
    expectTensor(v.grad!, [2], 'float32', [1, 2]);
  });

  test('maskedSelect: an all-false mask selects nothing (and the gradient is zero); errors name the problem', () => {
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const y = maskedSelect(x, tensor([[false, false], [false, false]]));
    expectTensor(y, [0], 'float32', []);
    y.sum().backward();
    expectTensor(x.grad!, [2, 2], 'float32', [0, 0, 0, 0]);
    expectTensor(maskedSelect(zeros([0, 2]), tensor([true, false])), [0], 'float32', []);
    expectTensor(maskedSelect(i32([5, 6, 7]), tensor([true, false, true])), [2], 'int32', [5, 7]);
    assert.throws(() => maskedSelect(tensor([1, 2]), tensor([1, 0])), /maskedSelect: mask must be a bool tensor, got float32/);
    assert.throws(() => maskedSelect(tensor([1, 2]), tensor([true, false, true])), /maskedSelect: shapes \[2\] and \[3\] cannot be broadcast/);
  });

  test('unique: sorted distinct values of any shape; one NaN, last; x\'s first zero', () => {
    expectTensor(unique(tensor([3, 1, NaN, 2, 1, NaN, 3])), [4], 'float32', [1, 2, 3, NaN]);
    expectTensor(tensor([[Infinity, -Infinity], [NaN, -Infinity]]).unique(), [3], 'float32', [-Infinity, Infinity, NaN]);
    const negFirst = unique(tensor([-0, 0, 3])).dataView();
    assert.ok(negFirst.length === 2 && Object.is(negFirst[0], -0), `expected [-0, 3], got [${Array.from(negFirst).join(', ')}]`);
    const posFirst = unique(tensor([3, 0, -0])).dataView();
    assert.ok(posFirst.length === 2 && Object.is(posFirst[0], 0), `expected [0, 3], got [${Array.from(posFirst).join(', ')}]`);
    expectTensor(unique(i32([4, -2, 4, 0, -2], [5])), [3], 'int32', [-2, 0, 4]);
    expectTensor(unique(tensor(Uint8Array.from([255, 0, 255, 7]))), [3], 'uint8', [0, 7, 255]);
    expectTensor(unique(tensor([[true, true], [true, true]])), [1], 'bool', [1]);
    expectTensor(unique(tensor([])), [0], 'float32', []);
    expectTensor(unique(tensor(5)), [1], 'float32', [5]);
  });

  test('uniqueInverse and uniqueCounts: positions in the values and how many of each', () => {
    const x = tensor([[2, NaN, 1], [2, -0, NaN]]);
    const { values, inverse } = uniqueInverse(x);
    expectTensor(values, [4], 'float32', [0, 1, 2, NaN]);
    expectTensor(inverse, [2, 3], 'int32', [2, 3, 1, 2, 0, 3]);
    const c = uniqueCounts(x);
    expectTensor(c.values, [4], 'float32', [0, 1, 2, NaN]);
    expectTensor(c.counts, [4], 'int32', [1, 1, 2, 2]);
    const e = uniqueCounts(tensor([]));
    expectTensor(e.values, [0], 'float32', []);
    expectTensor(e.counts, [0], 'int32', []);
    expectTensor(uniqueInverse(tensor([])).inverse, [0], 'int32', []);
    expectTensor(uniqueCounts(i32([3, 3, 3])).counts, [1], 'int32', [3]);
  });

  test('topk on many lines (split across threads where there are several) matches a stable sort', () => {
    const rows = 40;
    const n = 100;
    const data = Float32Array.from({ length: rows * n }, (_, i) => (i * 7) % 13);
    const want: number[] = [];
    for (let r = 0; r < rows; r++) {
      const idx = Array.from({ length: n }, (_, j) => j).sort((a, b) => data[r * n + b]! - data[r * n + a]! || a - b);
      want.push(...idx.slice(0, 5));
    }
    expectTensor(topk(tensor(data, { shape: [rows, n] }), 5).indices, [rows, 5], 'int32', want);
    expectTensor(topk(tensor(data, { shape: [rows, n] }).transpose(0, 1), 5, { axis: 0 }).indices.transpose(0, 1), [rows, 5], 'int32', want);
  });

  testCallsWereSplit(ctx);
});
