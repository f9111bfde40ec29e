/**
 * The acceptance test of the training-step contract with a model that is not a plain classifier: a shared
 * conv trunk with a class head and a regression head (`Module<[Tensor], { logits; value }>`) on the shipped
 * Fashion-MNIST subset, the regression target being each image's mean brightness, trained on a dict of
 * losses (`class_loss`, `value_loss`, total `loss`). Trained by `fitLoop` and by a hand-written loop through
 * the same `trainingStep` it ends with the same weights; checkpoints are written during training, and a run
 * resumed from a mid-run checkpoint ends bit-identical to the uninterrupted one (weights and history).
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Tensor } from '../../src/tensor/tensor.js';
import { defaultGenerator, manualSeed } from '../../src/tensor/random.js';
import { Module } from '../../src/nn/module.js';
import { Conv2d } from '../../src/nn/layers/conv.js';
import { MaxPool2d } from '../../src/nn/layers/pool.js';
import { Flatten, Linear } from '../../src/nn/layers/basic.js';
import { crossEntropy, mseLoss } from '../../src/nn/losses.js';
import { Adam } from '../../src/optim/index.js';
import { DataLoader, FashionMNIST, stackFloats, stackLabels, stackTensors, subset, toUnitFloat } from '../../src/data/index.js';
import type { Dataset } from '../../src/data/index.js';
import { fitLoop } from '../../src/train/fit.js';
import type { TrainerState } from '../../src/train/fit.js';
import { logTotal, trainOnBatch } from '../../src/train/task.js';
import type { StepOutput, TrainingTask } from '../../src/train/task.js';
import { countCorrect } from '../../src/train/classification-metrics.js';
import { ModelCheckpoint } from '../../src/train/callbacks.js';
import type { Logs } from '../../src/train/callbacks.js';
import { SilentProgress } from '../../src/train/progress.js';
import { readCheckpoint, saveCheckpoint } from '../../src/train/checkpoint.js';
import { parseModelConfig } from '../../src/models/config.js';
import type { ModelConfig } from '../../src/models/config.js';
import { makeTempDir, weightsHash } from './helpers.js';

const tmp = makeTempDir('striate-multi-');
after(tmp.cleanup);

/** A shared trunk, then logits [B, 10] and a value [B, 1]. */
class TwoHeads extends Module<[Tensor], { logits: Tensor; value: Tensor }> {
  conv = new Conv2d(1, 8, 3);
  pool = new MaxPool2d(2);
  flat = new Flatten();
  classHead = new Linear(8 * 13 * 13, 10);
  valueHead = new Linear(8 * 13 * 13, 1);
  forward(x: Tensor): { logits: Tensor; value: Tensor } {
    const features = this.flat.call(this.pool.call(this.conv.call(x).relu())); // [B, 1352]
    return { logits: this.classHead.call(features), value: this.valueHead.call(features) };
  }
}

/** One image with its class and its mean brightness in [0, 1]. */
interface BrightnessSample {
  image: Tensor;
  label: number;
  brightness: number;
}

interface BrightnessBatch {
  x: Tensor;
  y: Tensor;
  brightness: Tensor;
}

const shipped = FashionMNIST.shipped({ train: true });

/** The first n shipped images, each with its mean pixel / 255 as the regression target. */
function brightnessData(n: number, offset = 0): Dataset<BrightnessSample> {
  const base = subset(shipped, Array.from({ length: n }, (_, i) => offset + i));
  return {
    length: n,
    get(i) {
      const { image, label } = base.get(i);
      const px = shipped.images.subarray((offset + i) * 784, (offset + i + 1) * 784);
      return { image, label, brightness: px.reduce((s, p) => s + p, 0) / 784 / 255 };
    },
  };
}

function collate(samples: readonly BrightnessSample[]): BrightnessBatch {
  return {
    x: toUnitFloat(stackTensors(samples.map((s) => s.image))),
    y: stackLabels(samples.map((s) => s.label)),
    brightness: stackFloats(samples.map((s) => s.brightness)),
  };
}

/** The task: class cross-entropy + 10 × brightness MSE, with both parts and the accuracy logged. */
class TwoHeadTask implements TrainingTask<BrightnessBatch> {
  constructor(readonly model: TwoHeads) {}
  trainingStep(b: BrightnessBatch): StepOutput {
    const { logits, value } = this.model.call(b.x);
    const classLoss = crossEntropy(logits, b.y);
    const valueLoss = mseLoss(value.reshape([-1]), b.brightness);
    return {
      loss: classLoss.add(valueLoss.mul(10)),
      logs: { class_loss: classLoss, value_loss: valueLoss, accuracy: logTotal(countCorrect(logits, b.y), b.x.shape[0]!) },
    };
  }
  batchSize(b: BrightnessBatch): number {
    return b.x.shape[0]!;
  }
}

const CONFIG: ModelConfig = parseModelConfig({ architecture: 'two-heads', task: 'classification', inputShape: [1, 28, 28], numClasses: 10 }, 'test config');
const N = 256;
const BATCH = 32; // 8 steps per epoch
const EPOCHS = 2;
const SEED = 99;

const timeless = (h: Record<string, number[]>): Record<string, number[]> =>
  Object.fromEntries(Object.entries(h).filter(([k]) => k !== 'images_per_second' && k !== 'epoch_seconds'));

/** One training "process": a fresh model, optimiser and loader, optionally resumed from a checkpoint dir. */
async function runFit(opts: { saveTo?: string; resumeFrom?: string }): Promise<{ model: TwoHeads; history: Record<string, number[]> }> {
  manualSeed(opts.resumeFrom ? 12345 : SEED); // a resumed run gets everything that matters from the checkpoint
  const model = new TwoHeads();
  const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
  let resume: TrainerState | null = null;
  if (opts.resumeFrom) {
    const ck = await readCheckpoint(opts.resumeFrom);
    assert.equal(parseModelConfig(ck.config, 'config.json').architecture, 'two-heads');
    model.loadStateDict(ck.weights);
    assert.ok(ck.optimizerState && ck.trainer);
    optimizer.loadStateDict(ck.optimizerState);
    defaultGenerator.setState(ck.trainer.rngNow);
    resume = ck.trainer;
  }
  const saveTo = opts.saveTo;
  const save = saveTo
    ? (dir: string, state: TrainerState, logs: Logs): Promise<void> =>
        saveCheckpoint(join(dir, `step-${state.globalStep}`), { model, config: CONFIG, optimizer, trainer: state, metrics: logs })
    : null;
  const h = await fitLoop({
    task: new TwoHeadTask(model), optimizer, epochs: EPOCHS, progress: new SilentProgress(), resume,
    train: new DataLoader(brightnessData(N), { batchSize: BATCH, shuffle: true, collate }),
    validation: new DataLoader(brightnessData(64, 3000), { batchSize: 32, collate }),
    saveCheckpoint: save, checkpointEvery: saveTo ? { dir: join(saveTo, 'every'), steps: 5 } : null, logEvery: 3,
    callbacks: saveTo ? [new ModelCheckpoint(join(saveTo, 'epoch'))] : [],
  });
  return { model, history: h.history };
}

describe('a two-output model with a dict of losses', () => {
  let reference: Awaited<ReturnType<typeof runFit>>;
  const ckRoot = join(tmp.dir, 'ck');

  it('trains through fitLoop: the history has loss, class_loss, value_loss, accuracy and their val_ versions', async () => {
    reference = await runFit({ saveTo: ckRoot });
    const h = reference.history;
    for (const k of ['loss', 'class_loss', 'value_loss', 'accuracy', 'val_loss', 'val_class_loss', 'val_value_loss', 'val_accuracy', 'lr'])
      assert.equal(h[k]?.length, EPOCHS, k);
    for (let e = 0; e < EPOCHS; e++) {
      // Each step's loss is class_loss + 10·value_loss, so the epoch means are too (up to float32 rounding).
      assert.ok(Math.abs(h['loss']![e]! - (h['class_loss']![e]! + 10 * h['value_loss']![e]!)) < 1e-5, `epoch ${e + 1}`);
      assert.ok(h['accuracy']![e]! > 0.1 && h['accuracy']![e]! <= 1);
    }
    assert.ok(h['class_loss']![1]! < h['class_loss']![0]!, `the class loss falls: ${h['class_loss']}`);
    // Brightness is learned: the validation MSE beats predicting the validation set's mean (its variance).
    const val = brightnessData(64, 3000);
    const b = Array.from({ length: val.length }, (_, i) => val.get(i).brightness);
    const m = b.reduce((s, v) => s + v, 0) / b.length;
    const variance = b.reduce((s, v) => s + (v - m) ** 2, 0) / b.length;
    assert.ok(h['val_value_loss']![1]! < variance, `val MSE ${h['val_value_loss']} vs variance ${variance}`);
  });

  it('a hand-written loop over the same batches through the same trainingStep gives identical weights', async () => {
    manualSeed(SEED);
    const model = new TwoHeads();
    const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
    const task = new TwoHeadTask(model);
    const loader = new DataLoader(brightnessData(N), { batchSize: BATCH, shuffle: true, collate });
    model.train();
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      for (const batch of loader) {
        const { loss, logs } = trainOnBatch(task, optimizer, batch);
        assert.equal(loss.size, 1);
        assert.deepEqual(Object.keys(logs ?? {}), ['class_loss', 'value_loss', 'accuracy']);
      }
    }
    assert.equal(weightsHash(model), weightsHash(reference.model));
  });

  it('checkpoints were written mid-epoch and at epoch ends, with finite metrics', async () => {
    const mid = await readCheckpoint(join(ckRoot, 'every', 'step-5'));
    assert.deepEqual([mid.trainer?.epoch, mid.trainer?.batch, mid.trainer?.globalStep], [0, 5, 5]);
    assert.equal(mid.trainer?.epochTotals?.seen, 5 * BATCH);
    assert.deepEqual(Object.keys(mid.trainer?.epochTotals?.logs ?? {}), ['loss', 'class_loss', 'value_loss', 'accuracy']);
    assert.ok(Number.isFinite(mid.metrics?.['value_loss']));
    const end = await readCheckpoint(join(ckRoot, 'epoch', 'step-8'));
    assert.deepEqual([end.trainer?.epoch, end.trainer?.batch, end.trainer?.globalStep], [1, 0, 8]);
  });

  for (const [what, sub] of [
    ['mid-epoch 1 (step 5 of 16)', join('every', 'step-5')],
    ['mid-epoch 2 (step 10 of 16)', join('every', 'step-10')],
    ['the end of epoch 1 (step 8 of 16)', join('epoch', 'step-8')],
  ] as const) {
    it(`a run resumed from ${what} ends bit-identical to the uninterrupted run (weights and history)`, async () => {
      const resumed = await runFit({ resumeFrom: join(ckRoot, sub) });
      assert.equal(weightsHash(resumed.model), weightsHash(reference.model));
      assert.deepEqual(timeless(resumed.history), timeless(reference.history));
    });
  }
});
