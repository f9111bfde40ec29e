/**
 * ModelConfig: task, labels and per-channel preprocessing; config.json validated field by field; a
 * checkpoint in the format written before tasks (`classes`, scalar `{ mean, std }`) still loads, upgraded.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { manualSeed } from '../../src/tensor/random.js';
import { buildModel, modelConfig } from '../../src/models/registry.js';
import { classLabels, parseModelConfig } from '../../src/models/config.js';
import { loadCheckpoint } from '../../src/models/checkpoint.js';
import { writeCheckpointDir } from '../../src/io/index.js';
import { encodeStateDict } from '../../src/train/checkpoint.js';
import { makeTempDir, weightsHash } from '../train/helpers.js';

const tmp = makeTempDir('striate-config-');
after(tmp.cleanup);

const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

describe('ModelConfig', () => {
  it('registered architectures default to classification; labels fall back to indices', () => {
    const c = modelConfig('lecture-cnn');
    assert.deepEqual(c, { architecture: 'lecture-cnn', task: 'classification', inputShape: [1, 28, 28], numClasses: 10 });
    assert.deepEqual(classLabels(c).slice(0, 3), ['0', '1', '2']);
    assert.deepEqual(classLabels({ ...c, labels: CLASSES })[9], 'Ankle boot');
    assert.throws(() => buildModel({ architecture: 'lecture-cnn', task: 'classification', inputShape: [1, 28, 28] }), /lecture-cnn: numClasses is required, got nothing/);
  });

  it('parses the current format as written', () => {
    const value = {
      architecture: 'lecture-cnn-cifar', task: 'classification', inputShape: [3, 32, 32], numClasses: 2, labels: ['cat', 'dog'],
      preprocessing: { mean: [0.49, 0.48, 0.45], std: [0.25, 0.24, 0.26] }, training: { epochs: 3 },
    };
    assert.deepEqual(parseModelConfig(value, 'config.json'), value);
    assert.deepEqual(parseModelConfig({ architecture: 'unet', task: 'segmentation', inputShape: [3, 64, 64], numClasses: 21 }, 'c').task, 'segmentation');
    assert.deepEqual(parseModelConfig({ architecture: 'vae', task: 'generation', inputShape: [1, 28, 28] }, 'c').numClasses, undefined);
  });

  it('upgrades the old format: classes → labels, scalar mean/std → one per channel, no task → classification', () => {
    const old = { architecture: 'lecture-cnn', inputShape: [1, 28, 28], numClasses: 10, classes: CLASSES, preprocessing: { mean: 0.2869, std: 0.3538 } };
    assert.deepEqual(parseModelConfig(old, 'old.json'), {
      architecture: 'lecture-cnn', task: 'classification', inputShape: [1, 28, 28], numClasses: 10, labels: CLASSES, preprocessing: { mean: [0.2869], std: [0.3538] },
    });
    const rgb = parseModelConfig({ architecture: 'lecture-cnn-cifar', inputShape: [3, 32, 32], numClasses: 10, preprocessing: { mean: 0.5, std: 0.25 } }, 'old.json');
    assert.deepEqual(rgb.preprocessing, { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] });
  });

  it('every bad field is named with what it must be and what it is', () => {
    const base = { architecture: 'lecture-cnn', task: 'classification', inputShape: [1, 28, 28], numClasses: 10 };
    const cases: [Record<string, unknown> | unknown, RegExp][] = [
      [[1, 2], /c\.json: expected a JSON object, got \[1,2\]/],
      [{ ...base, architecture: 3 }, /'architecture' must be a non-empty string, got 3/],
      [{ ...base, task: 'poetry' }, /'task' must be one of classification, regression, detection, segmentation, captioning, generation, got "poetry"/],
      [{ ...base, inputShape: [1, 0, 28] }, /'inputShape' must be an array of positive integers, got \[1,0,28\]/],
      [{ ...base, numClasses: 2.5 }, /'numClasses' must be a positive integer, got 2\.5/],
      [{ architecture: 'x', inputShape: [1, 2, 2] }, /'numClasses' is required for task 'classification', got nothing/],
      [{ ...base, labels: ['a', 'b'] }, /'labels' has 2 names but 'numClasses' is 10/],
      [{ ...base, classes: [1, 2] }, /'classes' must be an array of strings, got \[1,2\]/],
      [{ ...base, preprocessing: { mean: [0.1, 0.2], std: [1] } }, /'preprocessing\.mean' must be 1 number \(one per input channel\), got \[0\.1,0\.2\]/],
      [{ ...base, preprocessing: { mean: [0.1], std: [0] } }, /'preprocessing\.std' must be 1 positive number \(one per input channel\), got \[0\]/],
      [{ ...base, preprocessing: 'zscore' }, /'preprocessing' must be \{ mean, std \}, got "zscore"/],
      [{ ...base, training: 5 }, /'training' must be an object, got 5/],
    ];
    for (const [value, pattern] of cases) assert.throws(() => parseModelConfig(value, 'c.json'), pattern);
  });

  it('a checkpoint written in the old format loads: the model gets its weights, the config is upgraded', async () => {
    manualSeed(1);
    const config = modelConfig('lecture-cnn', { inputShape: [1, 14, 14] });
    const model = buildModel(config);
    const dir = join(tmp.dir, 'old-format');
    const oldConfig = { architecture: 'lecture-cnn', inputShape: [1, 14, 14], numClasses: 10, classes: CLASSES, preprocessing: { mean: 0.286, std: 0.353 }, training: { epochs: 1 } };
    await writeCheckpointDir(dir, { 'model.safetensors': encodeStateDict(model.stateDict()), 'config.json': JSON.stringify(oldConfig, null, 2) });
    const ck = await loadCheckpoint(dir);
    assert.equal(weightsHash(ck.model), weightsHash(model));
    assert.deepEqual(ck.config, {
      architecture: 'lecture-cnn', task: 'classification', inputShape: [1, 14, 14], numClasses: 10, labels: CLASSES,
      preprocessing: { mean: [0.286], std: [0.353] }, training: { epochs: 1 },
    });
    const bad = join(tmp.dir, 'bad-format');
    await writeCheckpointDir(bad, { 'model.safetensors': encodeStateDict(model.stateDict()), 'config.json': JSON.stringify({ ...oldConfig, numClasses: 'ten' }) });
    await assert.rejects(loadCheckpoint(bad), /bad-format\/config\.json: 'numClasses' must be a positive integer, got "ten"/);
  });
});
