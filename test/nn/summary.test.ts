/** Model summaries (PyTorch and Keras style) and the shape errors a wrong architecture produces. */
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { manualSeed } from '../../src/tensor/random.js';
import { zeros } from '../../src/tensor/tensor.js';
import * as nn from '../../src/nn/index.js';
import { summarize } from '../../src/nn/summary.js';
import { layerClasses, layers, resetLayerNames, sequential } from '../../src/keras/index.js';
import { LectureCNN } from '../../src/vision/models/classification/lecture-cnn.js';
import { buildModel, modelConfig } from '../../src/models/registry.js';

beforeEach(() => {
  manualSeed(0);
  resetLayerNames();
});

/** Captures what `summary()` prints. */
function captured(): { print: (line: string) => void; text: () => string } {
  const lines: string[] = [];
  return { print: (l) => lines.push(l), text: () => lines.join('\n') };
}

function kerasLectureCnn(): ReturnType<typeof sequential> {
  return sequential([
    layers.Conv2D(32, 3, { activation: 'relu', inputShape: [28, 28, 1] }),
    layers.MaxPool2D({ poolSize: 2 }),
    layers.Conv2D(64, 3, { activation: 'relu' }),
    layers.MaxPool2D({ poolSize: 2 }),
    layers.Flatten(),
    layers.Dense(1024, { activation: 'relu' }),
    layers.Dense(10, { activation: 'softmax' }),
  ]);
}

describe('PyTorch-style summary of the lecture CNN', () => {
  it('[1, 28, 28]: 1,668,490 parameters and the per-layer shapes', () => {
    const r = summarize(new LectureCNN(), [1, 28, 28]);
    assert.equal(r.totalParams, 1_668_490);
    assert.equal(r.trainableParams, 1_668_490);
    assert.deepEqual(r.rows.map((row) => [row.name, row.outputShape, row.params]), [
      ['conv1', [-1, 32, 26, 26], 320],
      ['pool', [-1, 32, 13, 13], 0],
      ['conv2', [-1, 64, 11, 11], 18_496],
      ['pool', [-1, 64, 5, 5], 0],
      ['flatten', [-1, 1600], 0],
      ['fc1', [-1, 1024], 1_639_424],
      ['fc2', [-1, 10], 10_250],
    ]);
    assert.match(r.text, /Total params: 1,668,490/);
    assert.match(r.text, /Trainable params: 1,668,490/);
    assert.match(r.text, /Non-trainable params: 0/);
    assert.match(r.text, /conv1 \(Conv2d\)\s+\[-1, 32, 26, 26\]\s+320/);
    assert.match(r.text, /fc1 \(Linear\)\s+\[-1, 1024\]\s+1,639,424/);
  });

  it('leaves the model in its previous mode and without hooks', () => {
    const m = new LectureCNN();
    let calls = 0;
    m.fc2.registerForwardHook(() => calls++);
    summarize(m, [1, 28, 28]);
    assert.equal(calls, 1);
    assert.equal(m.training, true);
    m.eval();
    summarize(m, [1, 28, 28]);
    assert.equal(m.training, false);
    // A second summary reports the same rows (the summary's own hooks were removed).
    assert.equal(summarize(m, [1, 28, 28]).rows.length, 7);
  });

  it('[3, 32, 32] flattens to 2,304 features (fc1 in_features 2304)', () => {
    const m = new LectureCNN({ inputShape: [3, 32, 32], numClasses: 10 });
    assert.equal(m.flatFeatures, 2304);
    assert.equal(m.fc1.inFeatures, 2304);
    const r = summarize(m, [3, 32, 32]);
    assert.deepEqual(r.rows.map((row) => row.outputShape), [
      [-1, 32, 30, 30], [-1, 32, 15, 15], [-1, 64, 13, 13], [-1, 64, 6, 6], [-1, 2304], [-1, 1024], [-1, 10],
    ]);
    assert.equal(r.totalParams, 896 + 18_496 + (2304 * 1024 + 1024) + 10_250);
    // The registry's CIFAR variant is the same network.
    const reg = buildModel(modelConfig('lecture-cnn-cifar'));
    assert.equal(reg.numParameters(), r.totalParams);
  });

  it('ten 5×5 filters, stride 1, padding 2 on 32×32×3: 760 parameters, output [-1, 10, 32, 32]', () => {
    const conv = new nn.Conv2d(3, 10, 5, { stride: 1, padding: 2 });
    const r = summarize(conv, [3, 32, 32]);
    assert.equal(r.totalParams, 760);
    assert.deepEqual(r.rows.map((row) => [row.outputShape, row.params]), [[[-1, 10, 32, 32], 760]]);
    const reg = summarize(buildModel(modelConfig('lecture-conv5x5')), [3, 32, 32]);
    assert.equal(reg.totalParams, 760);
    assert.deepEqual(reg.rows[0]!.outputShape, [-1, 10, 32, 32]);
    assert.match(reg.text, /\[-1, 10, 32, 32\]\s+760/);
  });
});

describe('Keras-style summary', () => {
  it('Conv2D(10, 5, same) on (32, 32, 3): (None, 32, 32, 10), 760 parameters', () => {
    const model = sequential([layers.Conv2D(10, 5, { padding: 'same', inputShape: [32, 32, 3] })]);
    const out = captured();
    const text = model.summary(undefined, out.print);
    assert.equal(out.text(), text);
    assert.match(text, /Model: "sequential"/);
    assert.match(text, /conv2d \(Conv2D\)\s+\(None, 32, 32, 10\)\s+760/);
    assert.match(text, /Total params: 760/);
    assert.equal(model.numParameters(), 760);
    const k = model.layers[0];
    assert.ok(k instanceof layerClasses.Conv2D);
    assert.deepEqual([...k.kernel!.shape], [10, 3, 5, 5], 'Keras kernels are stored [OC, C, KH, KW]');
  });

  it('the Keras lecture CNN: 1,668,490 parameters and Keras shapes', () => {
    const model = kerasLectureCnn();
    const out = captured();
    const text = model.summary(undefined, out.print);
    assert.match(text, /Total params: 1,668,490/);
    assert.match(text, /Trainable params: 1,668,490/);
    const expected: [string, string, string][] = [
      ['conv2d (Conv2D)', '(None, 26, 26, 32)', '320'],
      ['max_pooling2d (MaxPool2D)', '(None, 13, 13, 32)', '0'],
      ['conv2d_1 (Conv2D)', '(None, 11, 11, 64)', '18,496'],
      ['max_pooling2d_1 (MaxPool2D)', '(None, 5, 5, 64)', '0'],
      ['flatten (Flatten)', '(None, 1600)', '0'],
      ['dense (Dense)', '(None, 1024)', '1,639,424'],
      ['dense_1 (Dense)', '(None, 10)', '10,250'],
    ];
    const rows = text.split('\n').filter((l) => /^\w+ \(\w+\)/.test(l) && !l.startsWith('Layer (type)'));
    assert.equal(rows.length, expected.length, text);
    rows.forEach((row, i) => {
      const [name, shape, params] = expected[i]!;
      assert.ok(row.startsWith(name), `row ${i}: ${row}`);
      assert.ok(row.includes(shape), `row ${i}: ${row} should show ${shape}`);
      assert.ok(row.trimEnd().endsWith(params), `row ${i}: ${row} should end with ${params}`);
    });
    assert.equal(model.numParameters(), 1_668_490);
    const probs = model.predict(zeros([3, 28, 28, 1]));
    assert.deepEqual([...probs.shape], [3, 10]);
    const sums = probs.sum(1).dataSync();
    for (const s of sums) assert.ok(Math.abs(s - 1) < 1e-5, 'softmax rows sum to 1');
  });

  it('summary without an input shape is an error naming the remedy', () => {
    const model = sequential([layers.Dense(3)]);
    assert.throws(() => model.summary(undefined, () => {}), /input shape/);
    // With an explicit shape it works.
    assert.match(model.summary([5], () => {}), /Total params: 18/);
  });
});

describe('shape errors name the layer and the numbers', () => {
  it('7×7 input through a 3×3 Conv2D with strides 3: output size 2.33 is not a whole number', () => {
    const model = sequential([layers.Conv2D(4, 3, { strides: 3, inputShape: [7, 7, 1], name: 'odd_conv' })]);
    const check = (e: Error): boolean => {
      assert.match(e.message, /odd_conv/);
      assert.match(e.message, /not a whole number/);
      assert.match(e.message, /2\.33/);
      assert.match(e.message, /\(7 − 3 \+ 0\)\/3 \+ 1/);
      return true;
    };
    assert.throws(() => model.summary(undefined, () => {}), check);
    assert.throws(() => model.predict(zeros([1, 7, 7, 1])), check);
    // Auto-named layers are named too.
    resetLayerNames();
    const auto = sequential([layers.Conv2D(4, 3, { strides: 3, inputShape: [7, 7, 1] })]);
    assert.throws(() => auto.summary(undefined, () => {}), /conv2d \(Conv2D\).*not a whole number.*2\.33/s);
  });

  it('a Linear fed the wrong number of features names the layer, expected and actual shape', () => {
    const lin = new nn.Linear(1600, 1024);
    assert.throws(() => lin.call(zeros([2, 1601])), (e: Error) => {
      assert.match(e.message, /Linear/);
      assert.match(e.message, /1600 features/);
      assert.match(e.message, /\[2, 1601\]/);
      return true;
    });
    // The classic mistake: the 28×28 lecture CNN fed 32×32 images flattens to 2,304 features, not 1,600.
    assert.throws(() => summarize(new LectureCNN(), [1, 32, 32]), /Linear.*1600 features.*\[1, 2304\]/);
  });

  it('a Keras model fed a wrong input shape names the expected and actual shapes', () => {
    const model = kerasLectureCnn();
    assert.throws(() => model.predict(zeros([2, 28, 28, 3])), (e: Error) => {
      assert.match(e.message, /sequential/);
      assert.match(e.message, /\[-1, 28, 28, 1\]/);
      assert.match(e.message, /\[2, 28, 28, 3\]/);
      return true;
    });
    // Channels-first by mistake.
    assert.throws(() => model.predict(zeros([2, 1, 28, 28])), /expected input of shape \[-1, 28, 28, 1\], got \[2, 1, 28, 28\]/);
    // Missing batch axis.
    assert.throws(() => model.predict(zeros([28, 28, 1])), /\[-1, 28, 28, 1\].*\[28, 28, 1\]/);
  });

  it('a Conv2d window larger than its input says so', () => {
    const conv = new nn.Conv2d(1, 2, 5);
    assert.throws(() => conv.call(zeros([1, 1, 3, 3])), /Conv2d.*window.*does not fit the height of 3/);
  });
});
