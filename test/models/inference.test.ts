/**
 * Inference with the preprocessing its config carries: stored pixels → model input (channel conversion,
 * / 255, per-channel standardisation), its inverse for display, class probabilities and the top-k, and a
 * classifier's evaluation over a loader.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromTypedArray } from '../../src/tensor/tensor.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { manualSeed } from '../../src/tensor/random.js';
import { buildModel, modelConfig } from '../../src/models/registry.js';
import { classProbabilities, evaluateClassifier, inputTransform, predictImage, preprocessImage, restorePixels, topClasses } from '../../src/models/inference.js';
import { DataLoader, FashionMNIST, subset } from '../../src/data/index.js';
import { evaluateBatches } from '../../src/train/evaluate.js';
import { crossEntropy } from '../../src/nn/losses.js';
import { confusionMatrix } from '../../src/train/metrics.js';
import { concat } from '../../src/tensor/ops/movement.js';

/** uint8 [H, W, C] with pixel (y, x, c) = 10·y + 3·x + 50·c. */
function image(h: number, w: number, c: number): Tensor {
  return fromTypedArray(Uint8Array.from({ length: h * w * c }, (_, i) => 10 * Math.floor(i / (w * c)) + 3 * (Math.floor(i / c) % w) + 50 * (i % c)), [h, w, c], 'uint8');
}
const at = (t: Tensor, i: number): number => t.dataView()[i]!;

describe('preprocessImage', () => {
  it('gray [H, W, 1] → [1, 1, H, W] of p / 255, standardised per channel as the config says', () => {
    const img = image(2, 3, 1);
    const unit = preprocessImage(img, { inputShape: [1, 2, 3] });
    assert.deepEqual(unit.shape, [1, 1, 2, 3]);
    assert.equal(at(unit, 4), Math.fround(Math.fround(13) / 255)); // (y 1, x 1) = 13
    const std = preprocessImage(img, { inputShape: [1, 2, 3], preprocessing: { mean: [0.25], std: [0.5] } });
    assert.equal(at(std, 4), Math.fround(Math.fround(Math.fround(13 / 255) - 0.25) / 0.5));
  });

  it('RGB → gray (ITU-R 601), RGBA → RGB, gray+alpha → gray; per-channel mean/std on RGB', () => {
    const rgb = image(2, 2, 3);
    const gray = preprocessImage(rgb, { inputShape: [1, 2, 2] });
    const [r, g, b] = [0, 1, 2].map((c) => at(rgb, 3 * 3 + c) / 255); // pixel (1, 1)
    assert.ok(Math.abs(at(gray, 3) - (0.299 * r! + 0.587 * g! + 0.114 * b!)) < 1e-6);
    const rgba = preprocessImage(image(2, 2, 4), { inputShape: [3, 2, 2] });
    assert.deepEqual(rgba.shape, [1, 3, 2, 2]);
    assert.equal(at(rgba, 2 * 4 + 3), Math.fround(Math.fround(10 + 3 + 100) / 255)); // channel 2, pixel (1, 1)
    assert.deepEqual(preprocessImage(image(2, 2, 2), { inputShape: [1, 2, 2] }).toArray(), preprocessImage(image(2, 2, 1), { inputShape: [1, 2, 2] }).toArray());
    const pre = { mean: [0.1, 0.2, 0.3], std: [0.5, 0.25, 0.125] };
    const x = preprocessImage(rgb, { inputShape: [3, 2, 2], preprocessing: pre });
    for (let c = 0; c < 3; c++) {
      const p = Math.fround(at(rgb, 3 * 3 + c) / 255);
      assert.equal(at(x, c * 4 + 3), Math.fround(Math.fround(p - Math.fround(pre.mean[c]!)) / Math.fround(pre.std[c]!)), `channel ${c}`);
    }
    // Undoing it gives the pixels / 255 back, [H, W, C].
    const back = restorePixels(x, pre);
    assert.deepEqual(back.shape, [2, 2, 3]);
    for (let i = 0; i < 12; i++) assert.ok(Math.abs(at(back, i) - at(rgb, i) / 255) < 1e-6);
  });

  it('errors name the image, the expected and the actual size or channels', () => {
    assert.throws(() => preprocessImage(image(3, 2, 1), { inputShape: [1, 2, 3] }, 'a.png'), /a\.png: image is 2×3 pixels, the model expects 3×2/);
    assert.throws(() => preprocessImage(image(2, 2, 1), { inputShape: [3, 2, 2] }, 'g.png'), /g\.png: has 1 channels, the model expects 3/);
    assert.throws(() => preprocessImage(fromTypedArray(new Float32Array(4), [2, 2, 1], 'float32'), { inputShape: [1, 2, 2] }), /image: expected uint8 pixels \[H, W, C\], got float32 \[2, 2, 1\]/);
  });
});

describe('predictImage and evaluateClassifier', () => {
  it('predictImage: softmax of the model on the preprocessed image, labelled, top-k sorted; the model keeps its mode', () => {
    manualSeed(2);
    const config = { ...modelConfig('lecture-cnn', { inputShape: [1, 14, 14], numClasses: 4 }), labels: ['a', 'b', 'c', 'd'], preprocessing: { mean: [0.3], std: [0.4] } };
    const model = buildModel(config);
    const img = image(14, 14, 1);
    const p = predictImage(model, config, img, { topK: 2 });
    assert.equal(model.training, true);
    const expected = classProbabilities(model, preprocessImage(img, config)).toArray();
    assert.deepEqual(Array.from(p.probabilities), expected);
    assert.ok(Math.abs(expected.reduce((s, v) => s + v, 0) - 1) < 1e-6);
    assert.deepEqual(p.top, topClasses(expected, ['a', 'b', 'c', 'd'], 2));
    assert.ok(p.top[0]!.probability >= p.top[1]!.probability);
    assert.throws(() => predictImage(model, { ...config, task: 'regression' }, img), /the model's task is 'regression', which has no class probabilities/);
  });

  it('evaluateClassifier over a loader equals evaluateBatches and the confusion matrix of the arg-max', () => {
    manualSeed(3);
    const config = modelConfig('lecture-cnn', { preprocessing: { mean: [0.2869], std: [0.3538] } });
    const model = buildModel(config);
    const loader = new DataLoader(subset(FashionMNIST.shipped({ train: false }), Array.from({ length: 120 }, (_, i) => i)), { batchSize: 50, transform: inputTransform(config) });
    const r = evaluateClassifier(model, loader, 10);
    const ref = evaluateBatches(model, loader, (o, t) => crossEntropy(o, t));
    assert.equal(r.loss, ref.loss);
    assert.equal(r.accuracy, ref.accuracy);
    assert.equal(r.count, 120);
    const preds = [...loader].map(({ x }) => classProbabilities(model, x).argmax(1));
    const labels = concat([...loader].map(({ y }) => y));
    assert.deepEqual(r.confusion.tolist(), confusionMatrix(concat(preds), labels, 10).tolist());
  });
});
