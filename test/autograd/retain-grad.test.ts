import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, randn, manualSeed, F } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

const close = (a: number[], b: number[], tol = 1e-5) =>
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) <= tol * (1 + Math.abs(b[i]!)), `[${i}] ${v} vs ${b[i]}`));

test('retainGrad keeps the gradient of an intermediate tensor; leaves are unchanged', () => {
  const x = tensor([1, -2, 3], { requiresGrad: true });
  const y = x.mul(2).retainGrad(); // y = 2x
  const z = y.mul(y).sum(); // z = Σ y², dz/dy = 2y, dz/dx = 8x
  z.backward();
  assert.equal(y.retainsGrad, true);
  close(y.grad!.toArray(), [4, -8, 12]);
  close(x.grad!.toArray(), [8, -16, 24]);
});

test('without retainGrad an intermediate tensor has no .grad (as in PyTorch)', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.exp();
  y.sum().backward();
  assert.equal(y.grad, null);
  assert.equal(y.retainsGrad, false);
});

test('retainGrad: gradients from several uses are summed, and accumulate over backward calls', () => {
  const x = tensor([2], { requiresGrad: true });
  const y = x.mul(3).retainGrad();
  const z = y.mul(y).add(y.mul(5)).sum(); // dz/dy = 2y + 5 = 17
  z.backward(undefined, { retainGraph: true });
  close(y.grad!.toArray(), [17]);
  y.mul(4).sum().backward(); // a second graph through y accumulates, as in PyTorch
  close(y.grad!.toArray(), [21]);
  close(x.grad!.toArray(), [17 * 3 + 12]);
  assert.throws(() => y.mul(1).sum().backward(), /already released by an earlier backward\(\)/);
});

test('retainGrad on a conv activation equals the gradient computed by splitting the graph by hand', () => {
  manualSeed(3);
  const x = randn([1, 2, 6, 6]);
  const w1 = randn([3, 2, 3, 3]).requiresGrad_();
  const w2 = randn([4, 3, 2, 2]);
  const head = (a: Tensor) => F.conv2d(a.relu(), w2).sum([2, 3]).slice([0, 1], [1, 2]).sum();
  const act = F.conv2d(x, w1).retainGrad(); // [1, 3, 4, 4]
  head(act).backward();
  // reference: the same activation as a fresh leaf
  const leaf = act.detach().requiresGrad_();
  head(leaf).backward();
  close(act.grad!.toArray(), leaf.grad!.toArray());
  assert.deepEqual(act.grad!.shape, [1, 3, 4, 4]);
  assert.ok(w1.grad !== null);
});

test('retainGrad on a tensor that does not require grad is an error naming the cause', () => {
  assert.throws(() => tensor([1]).retainGrad(), /retainGrad: the tensor does not require grad/);
});
