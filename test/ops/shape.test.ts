/** Movement ops: reshape, flatten, squeeze, transpose/permute, expand, slice, concat/stack/split, pad, gather/indexSelect/scatterAdd. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arange, broadcastTo, concat, flatten, gather, indexSelect, pad, permute, reshape, scatterAdd, slice, split, stack, tensor, transpose } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectTensor } from './helpers.js';
import { onEachBackend } from '../helpers/backends.js';

const seq = (...shape: number[]): Tensor => arange(shape.reduce((a, b) => a * b, 1)).float().reshape(shape);
const i32 = (v: number[], shape?: number[]): Tensor => tensor(Int32Array.from(v), shape ? { shape } : {});

onEachBackend('shape and movement', () => {
  test('reshape, including -1, view, and its errors', () => {
    const x = seq(2, 3, 4);
    expectTensor(x.reshape(6, 4), [6, 4], 'float32', x.toArray());
    expectTensor(x.reshape(-1), [24], 'float32', x.toArray());
    expectTensor(x.reshape(4, -1), [4, 6], 'float32', x.toArray());
    expectTensor(reshape(x, [2, -1, 3]), [2, 4, 3], 'float32', x.toArray());
    expectTensor(x.view([3, 8]), [3, 8], 'float32', x.toArray());
    expectTensor(tensor([5]).reshape([]), [], 'float32', [5]);
    assert.throws(() => x.reshape(5, -1), /reshape: cannot view \[2, 3, 4\] \(24 elements\) as \[5, -1\]/);
    assert.throws(() => x.reshape(-1, -1), /only one axis may be -1/);
    assert.throws(() => x.reshape(5, 5), /cannot view \[2, 3, 4\] \(24 elements\) as \[5, 5\] \(25 elements\)/);
  });

  test('flatten / squeeze / unsqueeze', () => {
    const x = seq(2, 3, 4);
    assert.deepEqual([...x.flatten().shape], [24]);
    assert.deepEqual([...flatten(x, 1).shape], [2, 12]);
    assert.deepEqual([...x.flatten(0, 1).shape], [6, 4]);
    assert.deepEqual([...x.flatten(-2).shape], [2, 12]);
    const y = seq(1, 3, 1, 2);
    assert.deepEqual([...y.squeeze().shape], [3, 2]);
    assert.deepEqual([...y.squeeze(2).shape], [1, 3, 2]);
    assert.deepEqual([...y.squeeze(1).shape], [1, 3, 1, 2], 'squeezing a non-1 axis is a no-op');
    assert.deepEqual([...y.unsqueeze(0).shape], [1, 1, 3, 1, 2]);
    assert.deepEqual([...y.unsqueeze(-1).shape], [1, 3, 1, 2, 1]);
  });

  test('transpose / permute / T', () => {
    const m = seq(2, 3);
    expectTensor(m.T, [3, 2], 'float32', [0, 3, 1, 4, 2, 5]);
    expectTensor(transpose(m, 0, 1), [3, 2], 'float32', [0, 3, 1, 4, 2, 5]);
    const x = seq(2, 3, 4);
    const p = x.permute(2, 0, 1); // p[k, i, j] = x[i, j, k] = 12i + 4j + k
    assert.deepEqual([...p.shape], [4, 2, 3]);
    expectTensor(p, [4, 2, 3], 'float32', [0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23]);
    expectTensor(permute(x, [-1, 1, 0]).slice([1, 2, 0], [2, 3, 2]), [1, 1, 2], 'float32', [9, 21]);
    expectTensor(x.transpose(0, 2).permute(2, 1, 0), [2, 3, 4], 'float32', x.toArray());
    expectTensor(x.transpose(-1, -3), [4, 3, 2], 'float32', x.permute(2, 1, 0).toArray());
    assert.throws(() => x.permute(0, 1), /permute: expected 3 axes/);
    assert.throws(() => x.permute(0, 1, 1), /repeat/);
  });

  test('expand / broadcastTo', () => {
    expectTensor(tensor([[1], [2]]).expand(2, 3), [2, 3], 'float32', [1, 1, 1, 2, 2, 2]);
    expectTensor(broadcastTo(tensor([1, 2]), [2, 2, 2]), [2, 2, 2], 'float32', [1, 2, 1, 2, 1, 2, 1, 2]);
    expectTensor(tensor([[1], [2]]).expand(-1, 2), [2, 2], 'float32', [1, 1, 2, 2]);
    assert.throws(() => tensor([1, 2]).expand(3), /cannot broadcast \[2\] to \[3\]/);
  });

  test('slice: ranges, null ends, steps, negative indices, clamping, trailing axes whole', () => {
    const x = seq(4, 5); // x[i, j] = 5i + j
    expectTensor(x.slice([1, 2], [3, 4]), [2, 2], 'float32', [7, 8, 12, 13]);
    expectTensor(x.slice([0, 0], [null, null], [2, 2]), [2, 3], 'float32', [0, 2, 4, 10, 12, 14]);
    expectTensor(x.slice([1, 1], [null, null], [2, 3]), [2, 2], 'float32', [6, 9, 16, 19]);
    expectTensor(x.slice([-1]), [1, 5], 'float32', [15, 16, 17, 18, 19]);
    expectTensor(x.slice([-3, -2], [-1, null]), [2, 2], 'float32', [8, 9, 13, 14]);
    expectTensor(x.slice([2]), [2, 5], 'float32', seq(4, 5).toArray().slice(10));
    expectTensor(x.slice([0, 3], [100, 100]), [4, 2], 'float32', [3, 4, 8, 9, 13, 14, 18, 19]);
    expectTensor(x.slice([3, 0], [1, 5]), [0, 5], 'float32', []);
    expectTensor(slice(seq(10), [1], [9], [3]), [3], 'float32', [1, 4, 7]);
    assert.throws(() => x.slice([0], [2], [0]), /step must be a positive integer/);
    assert.throws(() => x.slice([0], [2], [-1]), /step must be a positive integer/);
  });

  test('concat / stack / split', () => {
    const a = seq(2, 2);
    const b = seq(2, 3).add(10);
    expectTensor(concat([a, b], 1), [2, 5], 'float32', [0, 1, 10, 11, 12, 2, 3, 13, 14, 15]);
    expectTensor(concat([a, a.add(4)], 0), [4, 2], 'float32', [0, 1, 2, 3, 4, 5, 6, 7]);
    expectTensor(concat([a, b], -1), [2, 5], 'float32', [0, 1, 10, 11, 12, 2, 3, 13, 14, 15]);
    expectTensor(concat([tensor([1, 2])], 0), [2], 'float32', [1, 2]);
    assert.throws(() => concat([a, b], 0), /concat: shapes \[2, 2\] and \[2, 3\] differ outside axis 0/);
    assert.throws(() => concat([]), /at least one/);
    expectTensor(stack([tensor([1, 2]), tensor([3, 4]), tensor([5, 6])]), [3, 2], 'float32', [1, 2, 3, 4, 5, 6]);
    expectTensor(stack([tensor([1, 2]), tensor([3, 4])], 1), [2, 2], 'float32', [1, 3, 2, 4]);
    expectTensor(stack([tensor([1, 2]), tensor([3, 4])], -1), [2, 2], 'float32', [1, 3, 2, 4]);
    const parts = split(seq(5, 2), 2);
    assert.deepEqual(parts.map((p) => [...p.shape]), [[2, 2], [2, 2], [1, 2]]);
    expectTensor(parts[2]!, [1, 2], 'float32', [8, 9]);
    const [p, q] = split(seq(2, 5), [3, 2], 1);
    expectTensor(p!, [2, 3], 'float32', [0, 1, 2, 5, 6, 7]);
    expectTensor(q!, [2, 2], 'float32', [3, 4, 8, 9]);
    assert.throws(() => split(seq(2, 5), [3, 3], 1), /do not add up to 5/);
  });

  test('pad: constant value, leading axes unpadded, errors', () => {
    expectTensor(pad(tensor([[1, 2], [3, 4]]), [[1, 0], [0, 2]]), [3, 4], 'float32', [0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0]);
    expectTensor(pad(tensor([1, 2]), [[2, 1]], -1), [5], 'float32', [-1, -1, 1, 2, -1]);
    const y = pad(seq(2, 1, 2), [[1, 1]], 9); // only the last axis
    expectTensor(y, [2, 1, 4], 'float32', [9, 0, 1, 9, 9, 2, 3, 9]);
    expectTensor(pad(i32([5]), [[1, 1]], 7), [3], 'int32', [7, 5, 7]);
    assert.throws(() => pad(tensor([1]), [[-1, 0]]), /negative padding/);
  });

  test('gather (torch.gather) along each axis', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    expectTensor(x.gather(1, i32([2, 0, 0, 1, 1, 1], [2, 3])), [2, 3], 'float32', [3, 1, 1, 5, 5, 5]);
    expectTensor(x.gather(0, i32([1, 0, 1], [1, 3])), [1, 3], 'float32', [4, 2, 6]);
    expectTensor(gather(x, -1, i32([0, 2], [2, 1])), [2, 1], 'float32', [1, 6]);
    assert.throws(() => x.gather(1, i32([3, 0], [2, 1])), /index 3 is out of range for axis 1 of size 3/);
    assert.throws(() => x.gather(1, i32([0, 0])), /index rank 1 must equal input rank 2/);
  });

  test('indexSelect picks whole slices, with repeats', () => {
    const x = seq(3, 4);
    expectTensor(indexSelect(x, 0, i32([2, 0, 2])), [3, 4], 'float32', [8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11]);
    expectTensor(indexSelect(x, 1, i32([3, 1])), [3, 2], 'float32', [3, 1, 7, 5, 11, 9]);
    assert.throws(() => indexSelect(x, 0, i32([0, 1], [1, 2])), /indices must be 1-d/);
  });

  test('scatterAdd accumulates colliding indices', () => {
    const src = tensor([[1, 2, 3], [4, 5, 6]]);
    expectTensor(scatterAdd(src, 1, i32([0, 0, 3, 1, 1, 1], [2, 3]), [2, 4]), [2, 4], 'float32', [3, 0, 0, 3, 0, 15, 0, 0]);
    expectTensor(scatterAdd(src, 0, i32([2, 0, 2, 2, 0, 0], [2, 3]), [3, 3]), [3, 3], 'float32', [0, 7, 6, 0, 0, 0, 5, 0, 3]);
    assert.throws(() => scatterAdd(src, 1, i32([0, 0, 4, 1, 1, 1], [2, 3]), [2, 4]), /index 4 is out of range/);
  });

  test('scatterAdd checks the shapes its kernels read: index like src, output of src\'s rank and size on the other axes', () => {
    const src = tensor([[1, 2, 3]]);
    assert.throws(() => scatterAdd(src, 0, i32([0, 0], [1, 2]), [2, 3]), /index shape \[1, 2\] must equal src shape \[1, 3\]/);
    assert.throws(() => scatterAdd(src, 0, i32([0, 0, 0], [1, 3]), [3]), /output shape \[3\] must have src's rank 2/);
    assert.throws(() => scatterAdd(src, 0, i32([0, 0, 0], [1, 3]), [2, 2]), /src shape \[1, 3\] exceeds output shape \[2, 2\] on axis 1/);
  });

  test('int32 and bool tensors move too', () => {
    expectTensor(i32([1, 2, 3, 4], [2, 2]).T, [2, 2], 'int32', [1, 3, 2, 4]);
    expectTensor(concat([tensor([true]), tensor([false, true])]), [3], 'bool', [1, 0, 1]);
    expectTensor(i32([1, 2, 3, 4, 5]).slice([1], [null], [2]), [2], 'int32', [2, 4]);
  });
});
