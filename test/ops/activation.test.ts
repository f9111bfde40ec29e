/** Activations: relu/leakyRelu/sigmoid/tanh, softmax/logSoftmax (normalised, stable for large inputs). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { F, leakyRelu, logSoftmax, relu, sigmoid, softmax, tanh, tensor } from '../../src/index.js';
import { assertClose, expectTensor } from './helpers.js';
import { onEachBackend } from '../helpers/backends.js';

onEachBackend('activations', () => {
  test('relu / leakyRelu / sigmoid / tanh', () => {
    expectTensor(relu(tensor([-2, 0, 3])), [3], 'float32', [0, 0, 3]);
    expectTensor(leakyRelu(tensor([-2, 0, 3]), 0.1), [3], 'float32', [-0.2, 0, 3]);
    expectTensor(F.leakyRelu(tensor([-100])), [1], 'float32', [-1]);
    assertClose(sigmoid(tensor([0, 2, -2, 100, -100])).dataView(), [0.5, 1 / (1 + Math.exp(-2)), 1 / (1 + Math.exp(2)), 1, 0]);
    assertClose(tanh(tensor([0, 1, -20])).dataView(), [0, Math.tanh(1), -1]);
    assert.ok(Number.isNaN(relu(tensor([NaN])).item()), 'relu propagates NaN like PyTorch');
  });

  test('softmax: rows sum to 1 and match exp(x)/Σexp(x)', () => {
    const x = tensor([[1, 2, 3], [0, 0, 0], [-1, 5, 2]]);
    const s = softmax(x, 1);
    const rows = s.sum(1).dataView();
    assertClose(rows, [1, 1, 1], 1e-6);
    const e = [1, 2, 3].map(Math.exp);
    const z = e.reduce((a, b) => a + b);
    assertClose(s.toArray().slice(0, 3), e.map((v) => v / z), 1e-6);
    assertClose(s.toArray().slice(3, 6), [1 / 3, 1 / 3, 1 / 3], 1e-6);
  });

  test('softmax over other axes (incl. negative) sums to 1 along that axis', () => {
    const x = tensor([[[1, 2], [3, 4]], [[5, 6], [7, 9]]]);
    for (const axis of [0, 1, 2, -1, -3]) assertClose(softmax(x, axis).sum(axis).dataView(), [1, 1, 1, 1], 1e-6, `axis ${axis}`);
    // pairs along axis 0 are (1, 5), (2, 6), (3, 7), (4, 9): differences 4, 4, 4, 5
    const a = 1 / (1 + Math.exp(4));
    const b = 1 / (1 + Math.exp(5));
    expectTensor(x.softmax(0), [2, 2, 2], 'float32', [a, a, a, b, 1 - a, 1 - a, 1 - a, 1 - b], 1e-6);
  });

  test('softmax and logSoftmax are stable for large inputs', () => {
    const big = tensor([[1000, 1001, 1002], [-1000, -1001, -1002]]);
    const s = softmax(big, -1).toArray();
    assert.ok(s.every(Number.isFinite), `softmax produced ${s}`);
    const e = [0, 1, 2].map(Math.exp);
    const z = e.reduce((a, b) => a + b);
    assertClose(s.slice(0, 3), e.map((v) => v / z), 1e-6);
    assertClose(s.slice(3), [...e].reverse().map((v) => v / z), 1e-6);
    const l = logSoftmax(big, -1).toArray();
    assert.ok(l.every(Number.isFinite), `logSoftmax produced ${l}`);
    assertClose(l.slice(0, 3), [0, 1, 2].map((v) => v - 2 - Math.log(z / Math.exp(2))), 1e-5);
    // an extreme gap: log-probabilities stay finite where softmax underflows to 0
    const gap = logSoftmax(tensor([[0, 200]]), 1).toArray();
    assertClose(gap, [-200, 0], 1e-6);
  });

  test('logSoftmax equals log(softmax) and exponentiates to rows summing to 1', () => {
    const x = tensor([[0.5, -1, 2, 0], [3, 3, 3, 3]]);
    assertClose(logSoftmax(x, 1).toArray(), softmax(x, 1).log().toArray(), 1e-6);
    assertClose(x.logSoftmax().exp().sum(1).dataView(), [1, 1], 1e-6);
    assertClose(x.logSoftmax().toArray().slice(4), Array(4).fill(-Math.log(4)), 1e-6);
  });

  test('softmax with -Infinity entries gives exact zeros', () => {
    assertClose(softmax(tensor([0, -Infinity, 0]), 0).dataView(), [0.5, 0, 0.5]);
  });
});
