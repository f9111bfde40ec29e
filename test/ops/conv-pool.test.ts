/** conv2d and pooling forward/backward against small hand-computed and naive references (per backend). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { F, arange, ones, tensor } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { assertClose, expectTensor } from './helpers.js';
import { onEachBackend, testCallsWereSplit } from '../helpers/backends.js';

const seq = (...shape: number[]): Tensor => arange(shape.reduce((a, b) => a * b, 1)).float().reshape(shape);

/** Direct-loop conv2d (single image, groups 1) for comparison. */
function naiveConv(x: number[], c: number, h: number, w: number, k: number[], oc: number, kh: number, kw: number, s: number, p: number): { y: number[]; oh: number; ow: number } {
  const oh = Math.floor((h + 2 * p - kh) / s) + 1;
  const ow = Math.floor((w + 2 * p - kw) / s) + 1;
  const y: number[] = [];
  for (let o = 0; o < oc; o++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        let acc = 0;
        for (let ci = 0; ci < c; ci++)
          for (let a = 0; a < kh; a++)
            for (let b = 0; b < kw; b++) {
              const r = i * s - p + a;
              const q = j * s - p + b;
              if (r >= 0 && r < h && q >= 0 && q < w) acc += x[(ci * h + r) * w + q]! * k[((o * c + ci) * kh + a) * kw + b]!;
            }
        y.push(acc);
      }
  return { y, oh, ow };
}

onEachBackend('conv2d and pooling', (ctx) => {
  test('conv2d: a 2×2 difference kernel with bias', () => {
    const x = seq(1, 1, 4, 4); // x[i, j] = 4i + j
    const w = tensor([[[[1, 0], [0, -1]]]]);
    expectTensor(F.conv2d(x, w, tensor([1])), [1, 1, 3, 3], 'float32', Array(9).fill(-4));
  });

  test('conv2d: stride and padding agree with a direct loop', () => {
    const x = seq(1, 2, 5, 6).mul(0.1);
    const w = seq(3, 2, 3, 2).mul(-0.05).add(0.4);
    const ref = naiveConv(x.toArray(), 2, 5, 6, w.toArray(), 3, 3, 2, 2, 1);
    expectTensor(F.conv2d(x, w, null, { stride: 2, padding: 1 }), [1, 3, ref.oh, ref.ow], 'float32', ref.y, 1e-5);
  });

  test('conv2d: groups = channels (depthwise) applies each kernel to its own channel', () => {
    const x = tensor([[[[1, 2], [3, 4]], [[10, 20], [30, 40]]]]);
    const w = tensor([[[[1]]], [[[-2]]]]);
    expectTensor(F.conv2d(x, w, null, { groups: 2 }), [1, 2, 2, 2], 'float32', [1, 2, 3, 4, -20, -40, -60, -80]);
  });

  test("conv2d padding 'same' keeps the size", () => {
    assert.deepEqual([...F.conv2d(ones([1, 1, 5, 4]), ones([1, 1, 3, 3]), null, { padding: 'same' }).shape], [1, 1, 5, 4]);
    expectTensor(F.conv2d(ones([1, 1, 3, 3]), ones([1, 1, 3, 3]), null, { padding: 'same' }), [1, 1, 3, 3], 'float32', [4, 6, 4, 6, 9, 6, 4, 6, 4]);
  });

  test('conv2d backward: gradients of sum(y) for a 2×2 all-ones kernel', () => {
    const x = seq(1, 1, 3, 3).requiresGrad_();
    const w = ones([1, 1, 2, 2]).requiresGrad_();
    const b = tensor([0.5], { requiresGrad: true });
    F.conv2d(x, w, b).sum().backward();
    // each input position is covered by (number of windows containing it) windows
    expectTensor(x.grad!, [1, 1, 3, 3], 'float32', [1, 2, 1, 2, 4, 2, 1, 2, 1]);
    // dw[a, b] = sum of the 2×2 block of x starting at (a, b): x = 0..8
    expectTensor(w.grad!, [1, 1, 2, 2], 'float32', [8, 12, 20, 24]);
    expectTensor(b.grad!, [1], 'float32', [4]);
  });

  test('maxPool2d / avgPool2d forward and backward', () => {
    const x = seq(1, 1, 4, 4).requiresGrad_();
    const m = F.maxPool2d(x, { kernelSize: 2 });
    expectTensor(m, [1, 1, 2, 2], 'float32', [5, 7, 13, 15]);
    m.sum().backward();
    expectTensor(x.grad!, [1, 1, 4, 4], 'float32', [0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1]);
    const z = seq(1, 1, 4, 4).requiresGrad_();
    const a = F.avgPool2d(z, { kernelSize: 2 });
    expectTensor(a, [1, 1, 2, 2], 'float32', [2.5, 4.5, 10.5, 12.5]);
    a.sum().backward();
    expectTensor(z.grad!, [1, 1, 4, 4], 'float32', Array(16).fill(0.25));
  });

  test('maxPool2d ties send the gradient to the first maximum; padding never wins', () => {
    const x = tensor([[[[-1, -1], [-1, -1]]]], { requiresGrad: true });
    const m = F.maxPool2d(x, { kernelSize: 2, stride: 1, padding: 1 });
    expectTensor(m, [1, 1, 3, 3], 'float32', Array(9).fill(-1));
    F.maxPool2d(x, { kernelSize: 2 }).sum().backward();
    expectTensor(x.grad!, [1, 1, 2, 2], 'float32', [1, 0, 0, 0]);
  });

  test('avgPool2d padding with and without countIncludePad', () => {
    const x = ones([1, 1, 2, 2]);
    expectTensor(F.avgPool2d(x, { kernelSize: 2, stride: 1, padding: 1 }), [1, 1, 3, 3], 'float32', [0.25, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.25]);
    expectTensor(F.avgPool2d(x, { kernelSize: 2, stride: 1, padding: 1, countIncludePad: false }), [1, 1, 3, 3], 'float32', Array(9).fill(1));
    expectTensor(F.avgPool2d(x, { kernelSize: 2, divisorOverride: 2 }), [1, 1, 1, 1], 'float32', [2]);
  });

  test('adaptiveAvgPool2d: global average and uneven windows', () => {
    const x = seq(1, 2, 3, 3);
    expectTensor(F.adaptiveAvgPool2d(x, 1), [1, 2, 1, 1], 'float32', [4, 13]);
    // 3 → 2: windows [0, 2) and [1, 3)
    const y = F.adaptiveAvgPool2d(seq(1, 1, 1, 3), [1, 2]);
    assertClose(y.dataView(), [0.5, 1.5]);
  });

  testCallsWereSplit(ctx);
});
