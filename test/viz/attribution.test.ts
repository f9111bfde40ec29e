import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tensor, fromTypedArray, randn, rand, manualSeed, F, nn, noGrad, layers, sequential } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { LectureCNN } from '../../src/vision/models/classification/lecture-cnn.js';
import { featureMaps, firstLayerFilters, filterTiles, saliency, gradCam, convLayers } from '../../src/viz/index.js';
import { repoRoot } from '../helpers/paths.js';

const close = (actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string) => {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++)
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tol * (1 + Math.abs(expected[i]!)), `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
};

interface GoldenT { shape: number[]; data: number[] }
interface VizGolden {
  generator: string;
  input: GoldenT;
  weights: Record<string, GoldenT>;
  cases: { layer: string; classIndex: number | null; explained: number; score: number; raw: GoldenT; heatmap: number[]; saliency: number[] }[];
}

/** The model of scripts/gen_viz_golden.py: conv1 → ReLU → conv2 (padding 1) → ReLU → flatten → fc. */
class TwoConvNet extends nn.Module {
  conv1 = new nn.Conv2d(1, 3, 3);
  conv2 = new nn.Conv2d(3, 4, 3, { padding: 1 });
  fc = new nn.Linear(144, 5);
  forward(x: Tensor): Tensor {
    return this.fc.call(this.conv2.call(this.conv1.call(x).relu()).relu().flatten(1));
  }
}

const toTensor = (g: GoldenT): Tensor => fromTypedArray(Float32Array.from(g.data), g.shape, 'float32');

test('Grad-CAM and saliency match PyTorch on a two-conv network (default layer, named layer, chosen class)', () => {
  const golden = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'golden', 'viz.json'), 'utf8')) as VizGolden;
  const model = new TwoConvNet();
  model.loadStateDict(Object.fromEntries(Object.entries(golden.weights).map(([k, v]) => [k, toTensor(v)])));
  const x = toTensor(golden.input);
  for (const c of golden.cases) {
    const what = `${c.layer}/class ${c.explained}`;
    const cam = gradCam(model, x, { layer: c.layer === 'conv2' && c.classIndex === null ? undefined : c.layer, classIndex: c.classIndex ?? undefined });
    assert.equal(cam.layer, c.layer);
    assert.equal(cam.classIndex, c.explained);
    close([cam.score], [c.score], 1e-5, `${what} score`);
    assert.deepEqual(cam.raw.shape, c.raw.shape);
    close(cam.raw.dataView(), c.raw.data, 1e-4, `${what} raw cam`);
    assert.deepEqual(cam.heatmap.shape, [8, 8]);
    close(cam.heatmap.dataView(), c.heatmap, 1e-4, `${what} heatmap`);
    close(saliency(model, x, c.explained).dataView(), c.saliency, 1e-4, `${what} saliency`);
  }
  for (const p of model.parameters()) assert.equal(p.grad, null, 'attribution must not leave gradients on the parameters');
  assert.equal(model.training, true, 'training mode restored');
});

/**
 * Two input channels, a 1×1 conv that copies them (A_0 = x_0, A_1 = x_1), and a linear head whose class 0
 * reads only A_0 in the top-left 4×4 quadrant, class 1 only A_1 in the bottom-right quadrant.
 */
class QuadrantNet extends nn.Module {
  conv = new nn.Conv2d(2, 2, 1, { bias: false });
  fc = new nn.Linear(2 * 8 * 8, 2, { bias: false });
  constructor() {
    super();
    this.conv.weight.assign(tensor([[[[1]], [[0]]], [[[0]], [[1]]]]));
    const w = new Float32Array(2 * 128);
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 8; x++) {
        if (y < 4 && x < 4) w[0 * 128 + 0 * 64 + y * 8 + x] = 1; // class 0 ← channel 0, top-left
        if (y >= 4 && x >= 4) w[1 * 128 + 1 * 64 + y * 8 + x] = 1; // class 1 ← channel 1, bottom-right
      }
    this.fc.weight.assign(fromTypedArray(w, [2, 128], 'float32'));
  }
  forward(x: Tensor): Tensor {
    return this.fc.call(this.conv.call(x).flatten(1));
  }
}

const quadrantMass = (map: Tensor, top: boolean): number => {
  const d = map.dataView();
  let inside = 0;
  let total = 0;
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 8; x++) {
      const v = d[y * 8 + x]!;
      total += v;
      if (top ? y < 4 && x < 4 : y >= 4 && x >= 4) inside += v;
    }
  return inside / total;
};

test('a class that reads only the top-left quadrant: saliency and Grad-CAM are there, and follow the class', () => {
  manualSeed(11);
  // the "object" for class 0 sits in the top-left of channel 0, the one for class 1 in the bottom-right of channel 1
  const img = rand([1, 2, 8, 8]).mul(0.2).add(0.1); // background texture everywhere
  const mask = new Float32Array(128);
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 8; x++) {
      mask[y * 8 + x] = y < 4 && x < 4 ? 5 : 0;
      mask[64 + y * 8 + x] = y >= 4 && x >= 4 ? 3 : 0; // weaker: class 0 is the prediction
    }
  const x = img.add(fromTypedArray(mask, [1, 2, 8, 8], 'float32'));
  const model = new QuadrantNet();
  const s0 = saliency(model, x, 0);
  assert.equal(quadrantMass(s0, true), 1, 'saliency of class 0 lies exactly in the top-left quadrant');
  assert.equal(quadrantMass(saliency(model, x, 1), false), 1);
  const cam0 = gradCam(model, x, { classIndex: 0 });
  assert.equal(cam0.layer, 'conv');
  // by hand: ∂s0/∂A_0 = 1 on 16 of 64 pixels, ∂s0/∂A_1 = 0 → w = (1/4, 0), cam = ReLU(A_0 / 4) = x_0 / 4 → x_0 / max x_0
  const x0 = x.slice([0, 0], [1, 1]).reshape([8, 8]);
  close(cam0.heatmap.dataView(), x0.div(x0.max().item()).dataView(), 1e-6, 'Grad-CAM of class 0');
  assert.ok(quadrantMass(cam0.heatmap, true) > 0.85, `Grad-CAM mass in the quadrant: ${quadrantMass(cam0.heatmap, true)}`);
  assert.ok(quadrantMass(gradCam(model, x, { classIndex: 1 }).heatmap, false) > 0.8);
  assert.equal(gradCam(model, x).classIndex, 0);
});

test('featureMaps returns every conv output, equal to F.conv2d on the same input; filters are conv1.weight', () => {
  manualSeed(7);
  const model = new LectureCNN({ inputShape: [1, 28, 28], numClasses: 10 });
  const x = rand([1, 1, 28, 28]);
  const maps = featureMaps(model, x);
  assert.deepEqual(maps.map((m) => m.name), ['conv1', 'conv2']);
  const expected1 = noGrad(() => F.conv2d(x, model.conv1.weight, model.conv1.bias));
  const expected2 = noGrad(() => F.conv2d(F.maxPool2d(expected1.relu(), { kernelSize: 2 }), model.conv2.weight, model.conv2.bias));
  assert.deepEqual(maps[0]!.tensor.shape, [32, 26, 26]);
  assert.deepEqual(maps[1]!.tensor.shape, [64, 11, 11]);
  close(maps[0]!.tensor.dataView(), expected1.dataView(), 1e-6, 'conv1');
  close(maps[1]!.tensor.dataView(), expected2.dataView(), 1e-5, 'conv2');
  const filters = firstLayerFilters(model);
  assert.equal(filters.name, 'conv1');
  assert.deepEqual(filters.weight.toArray(), model.conv1.weight.toArray());
  assert.deepEqual(filterTiles(filters.weight).shape, [32, 1, 3, 3]);
  assert.deepEqual(filterTiles(model.conv2.weight).shape, [64 * 32, 3, 3]);
  // hooks removed: a second call captures afresh and nothing accumulates
  assert.equal(featureMaps(model, x).length, 2);
});

test('Keras-style models: conv layers by Keras name, channels-last saliency', () => {
  manualSeed(3);
  const model = sequential([
    layers.Conv2D(4, 3, { activation: 'relu', inputShape: [10, 10, 1] }),
    layers.Flatten(),
    layers.Dense(3),
  ]);
  const x = randn([1, 10, 10, 1]); // NHWC
  noGrad(() => model.call(x)); // builds the layers
  const names = convLayers(model).map((l) => l.name);
  assert.equal(names.length, 1);
  const maps = featureMaps(model, x);
  assert.deepEqual(maps[0]!.tensor.shape, [4, 8, 8]);
  assert.deepEqual(saliency(model, x, 1).shape, [10, 10]);
  const cam = gradCam(model, x, { layer: names[0] });
  assert.deepEqual(cam.heatmap.shape, [10, 10]);
  assert.ok(cam.heatmap.max().item() <= 1);
});

test('errors name the layer and the input', () => {
  const model = new TwoConvNet();
  assert.throws(() => gradCam(model, randn([1, 1, 8, 8]), { layer: 'conv9' }), /no convolution layer named 'conv9' \(the model has conv1, conv2\)/);
  assert.throws(() => saliency(model, randn([2, 1, 8, 8])), /expected one image float32 \[1, C, H, W\], got float32 \[2, 1, 8, 8\]/);
  assert.throws(() => gradCam(model, randn([1, 1, 8, 8]), { classIndex: 5 }), /classIndex must be an integer in \[0, 4\], got 5/);
  assert.throws(() => firstLayerFilters(new nn.Linear(2, 2)), /has no Conv2d layer/);
});
