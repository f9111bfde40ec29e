/**
 * Training the X-or-O CNN on generated letters and testing it on more strongly deformed ones.
 * Hand-written PyTorch-style loop: Adam + cross-entropy, seeded data order and initial weights.
 */
import { Generator, manualSeed } from '../../tensor/random.js';
import { noGrad } from '../../tensor/autograd/node.js';
import { DataLoader } from '../../data/dataloader.js';
import { crossEntropy } from '../../nn/losses.js';
import { softmax } from '../../tensor/ops/activation.js';
import { Adam } from '../../optim/adam.js';
import { HARD_DEFORMATION, TRAIN_DEFORMATION, type LetterDeformation } from './letters.js';
import { XoLetters } from './dataset.js';
import { XoNet } from './model.js';
import type { TypedArray } from '../../engine/dtype.js';

export interface XoTrainOptions {
  /** Seeds the weights, the training letters and their order; the held-out letters use seed + 1,000,003. */
  readonly seed?: number;
  /** Training images (default 3,000). */
  readonly trainCount?: number;
  /** Held-out images (default 1,000). */
  readonly testCount?: number;
  /** Image side in pixels (default 28). */
  readonly size?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly lr?: number;
  readonly trainDeformation?: LetterDeformation;
  readonly testDeformation?: LetterDeformation;
  /** Called after each epoch (for progress output). */
  readonly onEpoch?: (e: XoEpochResult) => void;
}

export interface XoEpochResult {
  readonly epoch: number;
  readonly epochs: number;
  /** Mean training loss over the epoch. */
  readonly loss: number;
  /** Training accuracy over the epoch (measured on the batches as they were trained). */
  readonly trainAccuracy: number;
  readonly seconds: number;
}

/** The classifier's answer for one held-out image. */
export interface XoPrediction {
  readonly index: number;
  readonly label: number;
  readonly predicted: number;
  /** Softmax probability of the predicted class. */
  readonly confidence: number;
}

export interface XoTrainResult {
  readonly model: XoNet;
  readonly parameters: number;
  readonly trainCount: number;
  readonly testCount: number;
  readonly history: readonly XoEpochResult[];
  /** Accuracy on the held-out, more strongly deformed letters. */
  readonly heldoutAccuracy: number;
  readonly heldout: XoLetters;
  readonly predictions: readonly XoPrediction[];
  readonly trainSeconds: number;
}

/** Seed offset of the held-out set, so that it never shares a random sequence with the training set. */
export const HELDOUT_SEED_OFFSET = 1_000_003;

/** Row `k` of the network's [B, 2] output: the (X, O) scores of example k. */
function scorePair(scores: TypedArray, k: number): [number, number] {
  const x = scores[2 * k];
  const o = scores[2 * k + 1];
  if (x === undefined || o === undefined) throw new Error(`XoNet: no scores for example ${k} (the output has ${scores.length / 2} rows)`);
  return [x, o];
}

/** Predictions of `model` on every image of `data`, in order, batched. */
export function predictXo(model: XoNet, data: XoLetters, batchSize = 256): XoPrediction[] {
  const out: XoPrediction[] = [];
  model.eval();
  const loader = new DataLoader(data, { batchSize });
  noGrad(() => {
    for (const { x, y } of loader) {
      const probs = softmax(model.call(x), 1).dataView(); // [B, 2]
      const labels = y.dataView();
      labels.forEach((label, k) => {
        const [pX, pO] = scorePair(probs, k);
        const predicted = pO > pX ? 1 : 0;
        out.push({ index: out.length, label, predicted, confidence: Math.max(pX, pO) });
      });
    }
  });
  return out;
}

/** Trains `XoNet` on generated letters and evaluates it on the held-out, harder letters. */
export function trainXoClassifier(opts: XoTrainOptions = {}): XoTrainResult {
  const seed = opts.seed ?? 0;
  const size = opts.size ?? 28;
  const epochs = opts.epochs ?? 3;
  const train = new XoLetters({ count: opts.trainCount ?? 3000, seed, size, deformation: opts.trainDeformation ?? TRAIN_DEFORMATION });
  const heldout = new XoLetters({
    count: opts.testCount ?? 1000, seed: seed + HELDOUT_SEED_OFFSET, size, deformation: opts.testDeformation ?? HARD_DEFORMATION,
  });
  manualSeed(seed);
  const model = new XoNet(size);
  const optimizer = new Adam(model.parameters(), { lr: opts.lr ?? 3e-3 });
  const loader = new DataLoader(train, { batchSize: opts.batchSize ?? 32, shuffle: true, generator: new Generator(seed) });
  const history: XoEpochResult[] = [];
  const start = performance.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const t0 = performance.now();
    model.train();
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (const { x, y } of loader) {
      const logits = model.call(x); // [B, 2]
      const loss = crossEntropy(logits, y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      const scores = logits.dataView();
      const labels = y.dataView(); // [B]
      const b = labels.length;
      lossSum += loss.item() * b;
      labels.forEach((label, k) => {
        const [sX, sO] = scorePair(scores, k);
        if ((sO > sX ? 1 : 0) === label) correct++;
      });
      seen += b;
    }
    const result = { epoch, epochs, loss: lossSum / seen, trainAccuracy: correct / seen, seconds: (performance.now() - t0) / 1000 };
    history.push(result);
    opts.onEpoch?.(result);
  }
  const trainSeconds = (performance.now() - start) / 1000;
  const predictions = predictXo(model, heldout);
  const heldoutAccuracy = predictions.filter((p) => p.predicted === p.label).length / predictions.length;
  return {
    model, parameters: model.numParameters(), trainCount: train.length, testCount: heldout.length,
    history, heldoutAccuracy, heldout, predictions, trainSeconds,
  };
}
