/** pixelStats: the standardisation constants `striate train` computes from the training images. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pixelStats } from '../../src/data/pixel-stats.js';
import { normalize } from '../../src/data/transforms.js';
import { fromTypedArray } from '../../src/tensor/tensor.js';
import { FashionMNIST } from '../../src/data/mnist.js';
import { haveShared, sharedFashionDir } from './helpers.js';

test('pixelStats: mean and population std of p / 255, rounded to 4 decimals', () => {
  // p / 255 = 0, 1, 0, 1: mean 0.5, std 0.5
  assert.deepEqual(pixelStats(Uint8Array.from([0, 255, 0, 255])), { mean: 0.5, std: 0.5 });
  // p / 255 = 0, 0.2, 0.4: mean 0.2, std sqrt(0.08 / 3) = 0.163299…
  assert.deepEqual(pixelStats(Uint8Array.from([0, 51, 102])), { mean: 0.2, std: 0.1633 });
});

test('pixelStats: the standardised pixels have mean ≈ 0 and std ≈ 1', () => {
  const px = Uint8Array.from({ length: 4 * 49 }, (_, i) => (i * 37) % 256);
  const { mean, std } = pixelStats(px);
  const z = Array.from(normalize(mean, std)(fromTypedArray(px, [4, 1, 7, 7], 'uint8')).dataView());
  const m = z.reduce((s, v) => s + v, 0) / z.length;
  const sd = Math.sqrt(z.reduce((s, v) => s + (v - m) ** 2, 0) / z.length);
  assert.ok(Math.abs(m) < 1e-3 && Math.abs(sd - 1) < 1e-3, `mean ${m}, std ${sd}`);
});

test('pixelStats: the full Fashion-MNIST training set gives the usual 0.2860 / 0.3530', { skip: !haveShared && 'no ../shared/data' }, () => {
  assert.deepEqual(pixelStats(new FashionMNIST({ root: sharedFashionDir, train: true }).images), { mean: 0.286, std: 0.353 });
});

test('pixelStats: empty and constant inputs are refused with the reason', () => {
  assert.throws(() => pixelStats(new Uint8Array(0)), /pixelStats: no pixels/);
  assert.throws(() => pixelStats(new Uint8Array(10).fill(7)), /every pixel has the value 7 \(std 0\)/);
});
