/**
 * `randomUniform` (Philox4x32-10 on the backend): the generator's known answers, determinism per seed
 * and element index, the value grid, and simple statistical checks of uniformity and independence.
 * Runs on every backend configuration (reference; wasm SIMD and relaxed SIMD on 1 and 2 threads).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drawSeed, Generator, randomUniform } from '../../src/index.js';
import { philox4x32 } from '../../src/backend/reference/kernels/random.js';
import { onEachBackend, testCallsWereSplit } from '../helpers/backends.js';

const hex = (words: Uint32Array): string => Array.from(words, (w) => w.toString(16).padStart(8, '0')).join(' ');

test('Philox4x32-10 gives the known answers of Random123 (kat_vectors)', () => {
  const out = new Uint32Array(4);
  philox4x32(0, 0, 0, 0, 0, 0, out);
  assert.equal(hex(out), '6627e8d5 e169c58d bc57ac4c 9b00dbd8');
  philox4x32(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, out);
  assert.equal(hex(out), '408f276d 41c83b0e a20bc7c6 6d5451fd');
  philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
  assert.equal(hex(out), 'd16cfe09 94fdcceb 5001e420 24126ea1');
});

test('drawSeed takes two draws of the generator and stays below 2^53', () => {
  const a = new Generator(7);
  const b = new Generator(7);
  const seeds = Array.from({ length: 100 }, () => drawSeed(a));
  assert.deepEqual(seeds, Array.from({ length: 100 }, () => drawSeed(b)));
  assert.ok(seeds.every((s) => Number.isSafeInteger(s) && s >= 0));
  assert.equal(new Set(seeds).size, 100);
  const c = new Generator(7);
  c.nextUint32();
  c.nextUint32();
  assert.equal(drawSeed(c), seeds[1]);
});

onEachBackend('randomUniform', (ctx) => {
  test('element i depends on the seed and i alone: word i mod 4 of block i/4, top 24 bits', () => {
    const seed = 2 ** 40 + 12345;
    const big = randomUniform([1001], { seed }).toArray();
    assert.deepEqual(randomUniform([10], { seed }).toArray(), big.slice(0, 10));
    assert.deepEqual(randomUniform([7, 11], { seed }).toArray(), big.slice(0, 77));
    const words = new Uint32Array(4);
    philox4x32(250, 0, 0, 0, 12345, 2 ** 8, words);
    assert.deepEqual(big.slice(1000, 1001), [(words[0]! >>> 8) * 2 ** -24]);
    assert.notDeepEqual(randomUniform([10], { seed: seed + 1 }).toArray(), big.slice(0, 10));
  });

  test('values lie on the 2^-24 grid of [0, 1); a generator gives a new seed per call', () => {
    const v = randomUniform([4096], { seed: 3 }).toArray();
    assert.ok(v.every((x) => x >= 0 && x < 1 && Number.isInteger(x * 2 ** 24)));
    const g = new Generator(11);
    const a = randomUniform([64], { generator: g }).toArray();
    const b = randomUniform([64], { generator: g }).toArray();
    assert.notDeepEqual(a, b);
    assert.deepEqual(randomUniform([64], { generator: new Generator(11) }).toArray(), a);
    assert.deepEqual(randomUniform([0, 3], { seed: 1 }).shape, [0, 3]);
  });

  test('uniform: mean, variance, a 64-bin chi-square and lag-1 correlation within bounds', () => {
    const n = 1 << 16;
    const v = randomUniform([n], { seed: 2024 }).toArray();
    const mean = v.reduce((s, x) => s + x, 0) / n;
    const variance = v.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
    // σ(mean) = √(1/12/n) ≈ 0.0011; σ(variance) ≈ √(1/180/n) ≈ 0.0003.
    assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
    assert.ok(Math.abs(variance - 1 / 12) < 0.0015, `variance ${variance}`);
    const bins = new Array<number>(64).fill(0);
    for (const x of v) bins[Math.floor(x * 64)]!++;
    const expected = n / 64;
    const chi2 = bins.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 63 degrees of freedom: mean 63, σ ≈ 11.2; 120 is beyond 5σ.
    assert.ok(chi2 < 120, `chi-square ${chi2}`);
    let cov = 0;
    for (let i = 1; i < n; i++) cov += (v[i]! - mean) * (v[i - 1]! - mean);
    const r = cov / (n - 1) / variance;
    assert.ok(Math.abs(r) < 4 / Math.sqrt(n), `lag-1 correlation ${r}`);
  });

  test('rejects a bad seed or shape, naming it', () => {
    assert.throws(() => randomUniform([2], { seed: -1 }), /randomUniform: seed must be an integer in \[0, 9007199254740992\), got -1/);
    assert.throws(() => randomUniform([2], { seed: 2 ** 53 }), /seed must be an integer/);
    assert.throws(() => randomUniform([2], { seed: 0.5 }), /got 0\.5/);
    assert.throws(() => randomUniform([2.5]), /randomUniform: expected a shape of integers >= 0, got \[2\.5\]/);
  });
  testCallsWereSplit(ctx);
});
