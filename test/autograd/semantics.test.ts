/** Autograd semantics on every backend configuration: accumulation, retainGraph, noGrad, detach, errors, diamond graphs, broadcasting. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad, ones, tensor, zeros } from '../../src/index.js';
import { onEachBackend } from '../helpers/backends.js';

onEachBackend('autograd semantics', () => {
  test('.grad accumulates across two backward calls', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.mul(x).sum().backward();
    assert.deepEqual(x.grad!.toArray(), [2, 4, 6]);
    x.mul(3).sum().backward();
    assert.deepEqual(x.grad!.toArray(), [5, 7, 9]);
  });

  test('backward twice through the same graph with retainGraph accumulates', () => {
    const x = tensor([1, -2], { requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    assert.deepEqual(x.grad!.toArray(), [4, -8]);
  });

  test('noGrad records nothing', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => x.mul(2).add(1).exp());
    assert.equal(y.requiresGrad, false);
    assert.equal(y.gradFn, null);
    assert.throws(() => y.sum().backward(), /does not require grad/);
    // Recording resumes afterwards.
    const z = x.mul(2);
    assert.equal(z.requiresGrad, true);
    assert.equal(z.gradFn?.op, 'mul');
  });

  test('noGrad restores recording after an exception', () => {
    const x = tensor([1], { requiresGrad: true });
    assert.throws(() => noGrad(() => { throw new Error('boom'); }), /boom/);
    assert.equal(x.mul(2).requiresGrad, true);
  });

  test('detach cuts the graph', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const d = x.mul(2).detach();
    assert.equal(d.requiresGrad, false);
    assert.equal(d.gradFn, null);
    assert.deepEqual(d.toArray(), [2, 4, 6]);
    // x·detach(x): gradient is detach(x) only, not 2x.
    x.mul(x.detach()).sum().backward();
    assert.deepEqual(x.grad!.toArray(), [1, 2, 3]);
  });

  test('a non-scalar backward without a gradient throws a clear error', () => {
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    assert.throws(() => x.mul(2).backward(), /gradient must be given for a non-scalar output of shape \[2, 2\]/);
  });

  test('a non-scalar backward with a gradient works; a mismatched gradient throws', () => {
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    x.mul(x).backward(tensor([[1, 0], [0.5, 2]]));
    assert.deepEqual(x.grad!.toArray(), [2, 0, 3, 16]);
    assert.throws(() => x.mul(2).backward(ones([3])), /gradient shape \[3\] does not match output shape \[2, 2\]/);
  });

  test('backward on a tensor that does not require grad throws', () => {
    assert.throws(() => tensor([1, 2]).sum().backward(), /does not require grad/);
    assert.throws(() => tensor(3).backward(), /does not require grad/);
  });

  test('only float32 tensors can require grad', () => {
    assert.throws(() => tensor(Int32Array.from([1, 2]), { requiresGrad: true }), /only float32/);
  });

  test('diamond graph: a tensor used twice sums its gradients', () => {
    const x = tensor([2, 3], { requiresGrad: true });
    const a = x.mul(3); // da/dx = 3
    const b = a.exp(); //  uses a
    const c = a.mul(a); // uses a twice more
    const y = b.add(c).sum(); // dy/dx = 3·(exp(3x) + 2·3x)
    y.backward();
    const expected = [2, 3].map((v) => 3 * (Math.exp(3 * v) + 6 * v));
    x.grad!.toArray().forEach((g, i) => assert.ok(Math.abs(g - expected[i]!) <= 1e-5 * Math.abs(expected[i]!), `${g} vs ${expected[i]}`));
  });

  test('leaf that is not used gets no grad; intermediate tensors get no .grad', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const unused = tensor([5], { requiresGrad: true });
    const h = x.mul(2);
    h.sum().backward();
    assert.equal(unused.grad, null);
    assert.equal(h.grad, null);
    assert.deepEqual(x.grad!.toArray(), [2, 2]);
  });

  test('gradient flows only to inputs that require grad', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const c = tensor([3, 4]);
    w.mul(c).sum().backward();
    assert.deepEqual(w.grad!.toArray(), [3, 4]);
    assert.equal(c.grad, null);
  });

  test('broadcast gradients are summed back to the input shape', () => {
    const a = zeros([2, 3]).requiresGrad_();
    const b = tensor([[1], [2]], { requiresGrad: true });
    a.add(b).mul(tensor([1, 2, 3])).sum().backward();
    assert.deepEqual([...b.grad!.shape], [2, 1]);
    assert.deepEqual(b.grad!.toArray(), [6, 6]);
    assert.deepEqual(a.grad!.toArray(), [1, 2, 3, 1, 2, 3]);
  });
});
