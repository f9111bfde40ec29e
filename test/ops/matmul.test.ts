/** matmul with torch.matmul semantics: 2-d, batched, 1-d operands, broadcast batch axes, transposes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arange, matmul, tensor } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectTensor } from './helpers.js';
import { onEachBackend, testCallsWereSplit } from '../helpers/backends.js';

/** Naive reference product of row-major [m, k] and [k, n]. */
function naive(a: number[], b: number[], m: number, k: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      out.push(s);
    }
  return out;
}
const seq = (n: number, scale = 1, offset = 0): Tensor => arange(n).float().mul(scale).add(offset);

onEachBackend('matmul', (ctx) => {
  test('2-d × 2-d', () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]]);
    const b = tensor([[7, 8], [9, 10], [11, 12]]);
    expectTensor(a.matmul(b), [2, 2], 'float32', [58, 64, 139, 154]);
    expectTensor(b.matmul(a), [3, 3], 'float32', [39, 54, 69, 49, 68, 87, 59, 82, 105]);
  });

  test('larger sizes agree with a naive product', () => {
    const [m, k, n] = [7, 13, 5];
    const a = seq(m * k, 0.1, -3).reshape(m, k);
    const b = seq(k * n, -0.07, 2).reshape(k, n);
    expectTensor(a.matmul(b), [m, n], 'float32', naive(a.toArray(), b.toArray(), m, k, n), 1e-5);
  });

  test('1-d operands: vector·matrix, matrix·vector, dot product', () => {
    const m = tensor([[1, 2], [3, 4], [5, 6]]); // [3, 2]
    expectTensor(tensor([1, 0, -1]).matmul(m), [2], 'float32', [-4, -4]);
    expectTensor(m.matmul(tensor([1, 1])), [3], 'float32', [3, 7, 11]);
    expectTensor(tensor([1, 2, 3]).matmul(tensor([4, 5, 6])), [], 'float32', [32]);
    // batched matrix · vector
    expectTensor(tensor([[[1, 0], [0, 1]], [[2, 0], [0, 3]]]).matmul(tensor([5, 7])), [2, 2], 'float32', [5, 7, 10, 21]);
    // vector · batched matrix
    expectTensor(tensor([1, 1]).matmul(tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])), [2, 2], 'float32', [4, 6, 12, 14]);
  });

  test('batched with equal batch axes', () => {
    const a = seq(12).reshape(2, 2, 3);
    const b = seq(12, 1, 1).reshape(2, 3, 2);
    const av = a.toArray();
    const bv = b.toArray();
    const expected = [...naive(av.slice(0, 6), bv.slice(0, 6), 2, 3, 2), ...naive(av.slice(6), bv.slice(6), 2, 3, 2)];
    expectTensor(a.matmul(b), [2, 2, 2], 'float32', expected);
  });

  test('broadcast batch axes: [2, 1, 2, 3] @ [3, 3, 2] → [2, 3, 2, 2]; 2-d against batched', () => {
    const a = seq(12).reshape(2, 1, 2, 3);
    const b = seq(18, 0.5).reshape(3, 3, 2);
    const y = matmul(a, b);
    assert.deepEqual([...y.shape], [2, 3, 2, 2]);
    const av = a.toArray();
    const bv = b.toArray();
    const expected: number[] = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) expected.push(...naive(av.slice(i * 6, i * 6 + 6), bv.slice(j * 6, j * 6 + 6), 2, 3, 2));
    expectTensor(y, [2, 3, 2, 2], 'float32', expected);
    // a 2-d operand broadcasts over the other's batch
    const w = tensor([[1, 0], [0, 2], [1, 1]]); // [3, 2]
    expectTensor(seq(12).reshape(2, 2, 3).matmul(w), [2, 2, 2], 'float32', [2, 4, 8, 13, 14, 22, 20, 31]);
  });

  test('transA / transB options and .T', () => {
    const a = tensor([[1, 2], [3, 4], [5, 6]]); // [3, 2]
    const b = tensor([[1, 0, 1], [0, 1, 1]]); // [2, 3]
    expectTensor(matmul(a, b, { transA: true, transB: true }), [2, 2], 'float32', [6, 8, 8, 10]);
    expectTensor(matmul(a, a, { transA: true }), [2, 2], 'float32', [35, 44, 44, 56]);
    expectTensor(matmul(a, a, { transB: true }), [3, 3], 'float32', [5, 11, 17, 11, 25, 39, 17, 39, 61]);
    expectTensor(a.T.matmul(a), [2, 2], 'float32', [35, 44, 44, 56]);
  });

  test('errors: inner dimensions, non-float operands, 0-d operands', () => {
    assert.throws(() => tensor([[1, 2, 3]]).matmul(tensor([[1, 2]])), /matmul: inner dimensions differ: \[1, 3\] @ \[1, 2\] \(3 vs 1\)/);
    assert.throws(() => tensor(Int32Array.from([1, 2])).matmul(tensor([1, 2])), /float32/);
    assert.throws(() => tensor(2).matmul(tensor([1])), /at least one axis/);
    assert.throws(() => seq(12).reshape(2, 2, 3).matmul(seq(27).reshape(3, 3, 3)), /matmul: shapes \[2\] and \[3\] cannot be broadcast/);
  });

  test('empty inner dimension gives zeros', () => {
    expectTensor(tensor([]).reshape(2, 0).matmul(tensor([]).reshape(0, 3)), [2, 3], 'float32', [0, 0, 0, 0, 0, 0]);
  });

  testCallsWereSplit(ctx);
});
