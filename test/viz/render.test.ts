import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/tensor/tensor.js';
import { displayScale, upscaleImage, renderFeatureMaps, renderFilters, renderSaliency, renderGradCam, normalizeMap } from '../../src/viz/render.js';

test('upscaleImage repeats each pixel k×k; displayScale reaches the target size', () => {
  const img = tensor(new Uint8Array([1, 2, 3, 4]), { shape: [2, 2, 1] });
  assert.deepEqual(upscaleImage(img, 2).reshape([4, 4]).tolist(), [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]);
  assert.equal(displayScale(28, 224), 8);
  assert.equal(displayScale(26, 56), 3);
  assert.equal(displayScale(300, 224), 1);
  assert.throws(() => upscaleImage(img, 0), /factor must be an integer >= 1, got 0/);
});

test('render helpers: sizes of feature-map grids, filter grids, saliency and Grad-CAM pictures', () => {
  const maps = tensor(Array.from({ length: 4 }, (_, k) => [[k, 1], [2, 3]])); // [4, 2, 2]
  // 2×2 tiles of 2×2 pixels with 1-pixel padding → 7×7, scaled ×2 to reach 4-pixel tiles
  assert.deepEqual(renderFeatureMaps(maps, 4).shape, [14, 14, 1]);
  const filters = tensor(Array.from({ length: 2 }, () => [[[0, 1, 0], [1, 1, 1], [0, 1, 0]]])); // [2, 1, 3, 3]
  assert.deepEqual(renderFilters(filters, 6).shape, [10, 18, 1]); // one row of two 3×3 tiles, padded: 5×9, ×2
  const sal = renderSaliency(tensor([[0, 1], [2, 4]]), 4);
  assert.deepEqual(sal.shape, [4, 4, 3]);
  assert.deepEqual(Array.from(sal.dataView().slice(0, 3)), [0, 0, 4]); // inferno(0)
  const cam = renderGradCam(tensor(new Uint8Array(4).fill(100), { shape: [2, 2, 1] }), tensor([[0, 0], [0, 1]]), 4, 0.5);
  assert.deepEqual(cam.shape, [4, 4, 3]);
  assert.deepEqual(normalizeMap(tensor([[2, 2]])).toArray(), [0, 0]);
});
