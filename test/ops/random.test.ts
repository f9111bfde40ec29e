/** Seeded random tensors: reproducibility, ranges, and rough moments. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator, manualSeed, rand, randint, randn } from '../../src/index.js';
import { onEachBackend } from '../helpers/backends.js';

function moments(v: ArrayLike<number>): { mean: number; std: number; min: number; max: number } {
  let s = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < v.length; i++) {
    s += v[i]!;
    min = Math.min(min, v[i]!);
    max = Math.max(max, v[i]!);
  }
  const mean = s / v.length;
  let q = 0;
  for (let i = 0; i < v.length; i++) q += (v[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(q / v.length), min, max };
}

onEachBackend('random', () => {
  test('manualSeed makes rand/randn/randint reproducible', () => {
    manualSeed(123);
    const a = [rand([5]).toArray(), randn([2, 3]).toArray(), randint(0, 10, [4]).toArray()];
    manualSeed(123);
    const b = [rand([5]).toArray(), randn([2, 3]).toArray(), randint(0, 10, [4]).toArray()];
    assert.deepEqual(a, b);
    manualSeed(124);
    assert.notDeepEqual(rand([5]).toArray(), a[0]);
  });

  test('consecutive draws differ; a private Generator does not disturb the global one', () => {
    manualSeed(7);
    const first = rand([4]).toArray();
    const second = rand([4]).toArray();
    assert.notDeepEqual(first, second);
    manualSeed(7);
    rand([4]);
    const g = new Generator(99);
    rand([3], { generator: g });
    assert.deepEqual(rand([4]).toArray(), second);
    assert.deepEqual(rand([3], { generator: new Generator(99) }).toArray(), rand([3], { generator: new Generator(99) }).toArray());
  });

  test('rand is in [0, 1) with mean ≈ 0.5; low/high rescale', () => {
    manualSeed(1);
    const u = rand([10000]);
    assert.equal(u.dtype, 'float32');
    const m = moments(u.dataView());
    assert.ok(m.min >= 0 && m.max < 1, `range [${m.min}, ${m.max}]`);
    assert.ok(Math.abs(m.mean - 0.5) < 0.02, `mean ${m.mean}`);
    assert.ok(Math.abs(m.std - Math.sqrt(1 / 12)) < 0.02, `std ${m.std}`);
    const r = moments(rand([1000], { low: -2, high: 3 }).dataView());
    assert.ok(r.min >= -2 && r.max < 3, `range [${r.min}, ${r.max}]`);
  });

  test('randn over 10k samples has mean ≈ 0 and std ≈ 1; mean/std options', () => {
    manualSeed(2);
    const n = randn([100, 100]);
    assert.deepEqual([...n.shape], [100, 100]);
    const m = moments(n.dataView());
    assert.ok(Math.abs(m.mean) < 0.05, `mean ${m.mean}`);
    assert.ok(Math.abs(m.std - 1) < 0.05, `std ${m.std}`);
    const t = moments(randn([10000], { mean: 3, std: 0.5 }).dataView());
    assert.ok(Math.abs(t.mean - 3) < 0.05 && Math.abs(t.std - 0.5) < 0.03, `mean ${t.mean}, std ${t.std}`);
  });

  test('randint is int32 in [low, high) and hits every value', () => {
    manualSeed(3);
    const r = randint(-2, 3, [2000]);
    assert.equal(r.dtype, 'int32');
    const seen = new Set(r.toArray());
    assert.deepEqual([...seen].sort((a, b) => a - b), [-2, -1, 0, 1, 2]);
  });

  test('requiresGrad option', () => {
    assert.equal(randn([2], { requiresGrad: true }).requiresGrad, true);
    assert.equal(rand([2]).requiresGrad, false);
  });
});
