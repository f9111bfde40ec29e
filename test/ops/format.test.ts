/** Tensor printing: aligned columns, PyTorch-like layout, ints without decimals, abbreviation of large tensors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { arange, tensor, zeros } from '../../src/index.js';
import { onEachBackend } from '../helpers/backends.js';

onEachBackend('printing', () => {
  test('a small float matrix of whole numbers prints aligned like PyTorch', () => {
    assert.equal(String(tensor([[1, 2, 3], [4, 5, 6]])), 'tensor([[1., 2., 3.],\n        [4., 5., 6.]])');
    assert.equal(inspect(tensor([[1, 2, 3], [4, 5, 6]])), 'tensor([[1., 2., 3.],\n        [4., 5., 6.]])');
  });

  test('fractional values use 4 decimals, right-aligned to the widest', () => {
    assert.equal(String(tensor([[1.5, -2, 3], [4, 50, 6]])), 'tensor([[ 1.5000, -2.0000,  3.0000],\n        [ 4.0000, 50.0000,  6.0000]])');
    assert.equal(String(tensor([0.25, 10])), 'tensor([ 0.2500, 10.0000])');
  });

  test('integers print without decimals and name their dtype; bools as true/false', () => {
    assert.equal(String(tensor(Int32Array.from([1, -20, 3, 4]), { shape: [2, 2] })), 'tensor([[  1, -20],\n        [  3,   4]], dtype=int32)');
    assert.equal(String(tensor([true, false])), 'tensor([ true, false], dtype=bool)');
    assert.equal(String(arange(3)), 'tensor([0, 1, 2], dtype=int32)');
  });

  test('scalars, NaN/inf, tiny and huge values', () => {
    assert.equal(String(tensor(3)), 'tensor(3.)');
    // Non-finite values print as nan/inf/-inf. (PyTorch ignores them when choosing the format and prints
    // `tensor([nan, inf, -inf, 1.])`; Striate switches to 4 decimals because NaN is not an integer.)
    assert.match(String(tensor([NaN, Infinity, -Infinity, 1])), /^tensor\(\[ +nan, +inf, +-inf, +1\.(0000)?\]\)$/);
    assert.match(String(tensor([1e-6, 2e-6])), /1\.0000e-6/);
    assert.match(String(tensor([1.5e9, 0.5])), /1\.5000e\+9/);
  });

  test('rank-3 tensors separate blocks with a blank line and show the shape', () => {
    assert.equal(
      String(tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])),
      'tensor([[[1., 2.],\n         [3., 4.]],\n\n        [[5., 6.],\n         [7., 8.]]], shape=[2, 2, 2])',
    );
  });

  test('a 100×100 tensor prints abbreviated with ...', () => {
    const s = String(arange(10000).float().reshape(100, 100));
    assert.ok(s.includes('...'), s);
    const lines = s.split('\n');
    assert.equal(lines.length, 7, `3 + ... + 3 rows, got:\n${s}`);
    assert.equal(lines[3]!.trim(), '...,');
    assert.ok(lines[0]!.startsWith('tensor([[   0.,    1.,    2.,'), lines[0]);
    assert.ok(lines[0]!.includes('...') && lines[0]!.endsWith('97.,   98.,   99.],'), lines[0]);
    assert.ok(lines[6]!.includes('9999.]]'), lines[6]);
    assert.ok(s.length < 1000, `abbreviated output is short (${s.length} chars)`);
    assert.match(s, /shape=\[100, 100\]/);
  });

  test('requiresGrad and gradFn are shown', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    assert.equal(String(x), 'tensor([1., 2.], requiresGrad=true)');
    assert.equal(String(x.mul(2)), 'tensor([2., 4.], gradFn=mul)');
    assert.equal(String(zeros([0])), 'tensor([])');
  });
});
