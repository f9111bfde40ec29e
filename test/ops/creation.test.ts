/** Tensor creation: nested and typed arrays, constant factories, dtype inference, ragged input errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arange, eye, fromTypedArray, full, linspace, ones, onesLike, scalar, tensor, zeros, zerosLike } from '../../src/index.js';
import { expectTensor } from './helpers.js';
import { onEachBackend } from '../helpers/backends.js';

onEachBackend('creation', () => {
  test('tensor from nested arrays infers shape and float32', () => {
    expectTensor(tensor([[1, 2, 3], [4, 5, 6]]), [2, 3], 'float32', [1, 2, 3, 4, 5, 6]);
    expectTensor(tensor([[[1], [2]], [[3], [4]]]), [2, 2, 1], 'float32', [1, 2, 3, 4]);
    expectTensor(tensor([0.1, -2.5]), [2], 'float32', [Math.fround(0.1), -2.5], 0);
    expectTensor(tensor(7), [], 'float32', [7]);
    expectTensor(tensor([]), [0], 'float32', []);
    assert.equal(tensor(3.5).item(), 3.5);
  });

  test('tensor from booleans is bool; explicit dtype converts', () => {
    expectTensor(tensor([true, false, true]), [3], 'bool', [1, 0, 1]);
    expectTensor(tensor([1.7, -1.7, 3], { dtype: 'int32' }), [3], 'int32', [1, -1, 3]);
    expectTensor(tensor([0, 2, 0], { dtype: 'bool' }), [3], 'bool', [0, 1, 0]);
    expectTensor(tensor([255, 256, 3], { dtype: 'uint8' }), [3], 'uint8', [255, 0, 3]);
  });

  test('tensor from typed arrays keeps their type, copies, and takes a shape', () => {
    const src = Int32Array.from([1, 2, 3, 4, 5, 6]);
    const t = tensor(src, { shape: [3, 2] });
    expectTensor(t, [3, 2], 'int32', [1, 2, 3, 4, 5, 6]);
    src[0] = 99;
    assert.equal(t.dataView()[0], 1, 'tensor() copies a typed array');
    expectTensor(tensor(Float32Array.from([0.5, 1.5])), [2], 'float32', [0.5, 1.5]);
    expectTensor(tensor(Uint8Array.from([9, 200])), [2], 'uint8', [9, 200]);
    expectTensor(tensor(Float32Array.from([1.9, -1.9]), { dtype: 'int32' }), [2], 'int32', [1, -1]);
    expectTensor(fromTypedArray(Float32Array.from([1, 2, 3, 4]), [2, 2]), [2, 2], 'float32', [1, 2, 3, 4]);
    assert.throws(() => tensor(Float32Array.from([1, 2, 3]), { shape: [2, 2] }), /3 elements do not fill shape \[2, 2\] \(4 elements\)/);
  });

  test('ragged nested arrays are an error', () => {
    assert.throws(() => tensor([[1, 2], [3]]), /ragged at depth 1 \(expected length 2\)/);
    assert.throws(() => tensor([[1, 2], 3]), /ragged/);
    assert.throws(() => tensor([1, [2, 3]]), /ragged/);
    assert.throws(() => tensor([[[1, 2]], [[3, 4], [5, 6]]]), /ragged/);
  });

  test('tolist and toArray round-trip', () => {
    const t = tensor([[1, 2], [3, 4], [5, 6]]);
    assert.deepEqual(t.tolist(), [[1, 2], [3, 4], [5, 6]]);
    assert.deepEqual(t.toArray(), [1, 2, 3, 4, 5, 6]);
    assert.throws(() => t.item(), /one element/);
  });

  test('zeros / ones / full / scalar / zerosLike / onesLike', () => {
    expectTensor(zeros([2, 3]), [2, 3], 'float32', [0, 0, 0, 0, 0, 0]);
    expectTensor(ones([2, 1, 2]), [2, 1, 2], 'float32', [1, 1, 1, 1]);
    expectTensor(full([2, 2], 2.5), [2, 2], 'float32', [2.5, 2.5, 2.5, 2.5]);
    expectTensor(full([3], 7.9, { dtype: 'int32' }), [3], 'int32', [7, 7, 7]);
    expectTensor(zeros([0, 3]), [0, 3], 'float32', []);
    expectTensor(scalar(4), [], 'float32', [4]);
    const i = tensor(Int32Array.from([5, 6]));
    expectTensor(zerosLike(i), [2], 'int32', [0, 0]);
    expectTensor(onesLike(tensor([[1.5, 2]])), [1, 2], 'float32', [1, 1]);
    assert.equal(ones([2], { requiresGrad: true }).requiresGrad, true);
  });

  test('arange: int32 for integer arguments, float32 otherwise, negative steps, empty ranges', () => {
    expectTensor(arange(5), [5], 'int32', [0, 1, 2, 3, 4]);
    expectTensor(arange(2, 8, 3), [2], 'int32', [2, 5]);
    expectTensor(arange(5, 0, -2), [3], 'int32', [5, 3, 1]);
    expectTensor(arange(0, 1, 0.25), [4], 'float32', [0, 0.25, 0.5, 0.75]);
    expectTensor(arange(0.5, 2), [2], 'float32', [0.5, 1.5]);
    expectTensor(arange(3, 3), [0], 'int32', []);
    expectTensor(arange(4, 1), [0], 'int32', []);
    expectTensor(arange(3, undefined, 1, { dtype: 'float32' }), [3], 'float32', [0, 1, 2]);
  });

  test('linspace includes both ends', () => {
    expectTensor(linspace(0, 1, 5), [5], 'float32', [0, 0.25, 0.5, 0.75, 1]);
    expectTensor(linspace(-1, 1, 3), [3], 'float32', [-1, 0, 1]);
    expectTensor(linspace(2, 3, 1), [1], 'float32', [2]);
    expectTensor(linspace(0, 1, 0), [0], 'float32', []);
  });

  test('eye: square and rectangular', () => {
    expectTensor(eye(3), [3, 3], 'float32', [1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expectTensor(eye(2, 3), [2, 3], 'float32', [1, 0, 0, 0, 1, 0]);
    expectTensor(eye(3, 2), [3, 2], 'float32', [1, 0, 0, 1, 0, 0]);
  });

  test('dataSync returns a copy; dataView the live elements', () => {
    const t = tensor([1, 2, 3]);
    const copy = t.dataSync();
    copy[0] = 42;
    assert.equal(t.dataView()[0], 1);
  });
});
