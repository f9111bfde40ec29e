import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/tensor/tensor.js';
import { tileImages, toUint8Image } from '../../src/viz/grid.js';
import { applyColormap, overlayHeatmap } from '../../src/viz/colormap.js';
import { upsampleBilinear } from '../../src/viz/upsample.js';

test('tileImages: [K, H, W] grid layout, padding and per-tile normalisation', () => {
  // three 2×2 maps with different ranges; 2 columns → 2 rows; padding 1 → 7×7
  const maps = tensor([
    [[0, 1], [2, 3]],
    [[10, 10], [10, 20]],
    [[-1, -1], [-1, -1]],
  ]);
  const grid = tileImages(maps, { columns: 2, padding: 1, padValue: 7 });
  assert.deepEqual(grid.shape, [7, 7, 1]);
  assert.equal(grid.dtype, 'uint8');
  const g = grid.reshape([7, 7]).tolist() as number[][];
  assert.deepEqual(g[0], [7, 7, 7, 7, 7, 7, 7]);
  assert.deepEqual(g[1], [7, 0, 85, 7, 0, 0, 7]);
  assert.deepEqual(g[2], [7, 170, 255, 7, 0, 255, 7]);
  assert.deepEqual(g[4], [7, 0, 0, 7, 7, 7, 7]); // constant map → 0; empty 4th slot stays background
});

test('tileImages: normalize all / none and integer scale', () => {
  const maps = tensor([[[0, 1]], [[2, 4]]]); // [2, 1, 2]
  const all = tileImages(maps, { columns: 2, padding: 0, normalize: 'all' }).toArray();
  assert.deepEqual(all, [0, 64, 128, 255]);
  const none = tileImages(maps, { columns: 1, padding: 0, normalize: 'none' }).toArray();
  assert.deepEqual(none, [0, 255, 255, 255]);
  const scaled = tileImages(tensor([[[0, 1]]]), { padding: 0, scale: 3, normalize: 'none' });
  assert.deepEqual(scaled.shape, [3, 6, 1]);
  assert.deepEqual(scaled.reshape([3, 6]).tolist(), [[0, 0, 0, 255, 255, 255], [0, 0, 0, 255, 255, 255], [0, 0, 0, 255, 255, 255]]);
});

test('tileImages: [K, 3, H, W] keeps the channels in HWC order', () => {
  const maps = tensor([[[[1]], [[0]], [[0.5]]]]); // one 1×1 RGB tile
  const grid = tileImages(maps, { padding: 0, normalize: 'none' });
  assert.deepEqual(grid.shape, [1, 1, 3]);
  assert.deepEqual(grid.toArray(), [255, 0, 128]);
  assert.throws(() => tileImages(tensor([[[[0]], [[0]]]])), /1 or 3 channels, got 2/);
  assert.throws(() => tileImages(maps, { scale: 1.5 }), /scale must be an integer >= 1, got 1.5/);
});

test('toUint8Image maps a range and clamps', () => {
  assert.deepEqual(toUint8Image(tensor([[-1, 0, 0.5, 2]])).toArray(), [0, 0, 128, 255]);
  assert.deepEqual(toUint8Image(tensor([[-2, 0, 2]]), { range: [-2, 2] }).toArray(), [0, 128, 255]);
  assert.deepEqual(toUint8Image(tensor([[3, 5]]), { range: 'minmax' }).toArray(), [0, 255]);
  assert.throws(() => toUint8Image(tensor([[1]]), { range: [1, 1] }), /max > min/);
});

test('applyColormap: viridis and inferno agree with matplotlib within 2/255; jet is MATLAB jet', () => {
  // matplotlib 3.6.3, 256-entry maps, sampled at 0.13, 0.3, 0.77
  const expected = {
    viridis: [[71, 46, 124], [53, 95, 141], [105, 205, 91]],
    inferno: [[35, 12, 76], [106, 23, 110], [251, 151, 6]],
  } as const;
  for (const name of ['viridis', 'inferno'] as const) {
    const rgb = applyColormap(tensor([[0.13, 0.3, 0.77]]), name).toArray();
    expected[name].flat().forEach((v, i) => assert.ok(Math.abs(rgb[i]! - v) <= 2, `${name}[${i}] = ${rgb[i]}, matplotlib ${v}`));
  }
  assert.deepEqual(applyColormap(tensor([[0, 1]]), 'viridis').toArray(), [68, 1, 84, 253, 231, 37]);
  assert.deepEqual(applyColormap(tensor([[0, 0.5, 1, 7]]), 'jet').toArray(), [0, 0, 128, 128, 255, 128, 128, 0, 0, 128, 0, 0]);
  assert.throws(() => applyColormap(tensor([[0]]), 'rainbow' as 'jet'), /unknown colormap 'rainbow'/);
});

test('upsampleBilinear equals torch F.interpolate(bilinear, align_corners=False)', () => {
  const up = upsampleBilinear(tensor([[0, 1, 2], [3, 4, 5]]), 4, 5).toArray();
  const torch = [0, 0.4, 1, 1.6, 2, 0.75, 1.15, 1.75, 2.35, 2.75, 2.25, 2.65, 3.25, 3.85, 4.25, 3, 3.4, 4, 4.6, 5];
  up.forEach((v, i) => assert.ok(Math.abs(v - torch[i]!) < 1e-5, `${i}: ${v} vs ${torch[i]}`));
});

test('overlayHeatmap: alpha 0 is the image, alpha 1 the coloured, upsampled heat map', () => {
  const image = tensor(new Uint8Array([10, 20, 30, 40]), { shape: [2, 2, 1] });
  const heat = tensor([[1]]); // 1×1 → upsampled to 2×2, all 1
  assert.deepEqual(overlayHeatmap(image, heat, 0).toArray(), overlayHeatmap(image, heat, { alpha: 0 }).toArray());
  assert.deepEqual(overlayHeatmap(image, heat, { alpha: 0 }).toArray(), [10, 10, 10, 20, 20, 20, 30, 30, 30, 40, 40, 40]);
  assert.deepEqual(overlayHeatmap(image, heat, { alpha: 1, colormap: 'jet' }).toArray(), [128, 0, 0, 128, 0, 0, 128, 0, 0, 128, 0, 0]);
  const half = overlayHeatmap(image, tensor([[0, 0], [0, 0]]), { alpha: 0.5, colormap: 'jet' }).toArray();
  assert.deepEqual(half.slice(0, 3), [5, 5, 69]); // 0.5·10 + 0.5·(0, 0, 128)
});
