/**
 * Running a trained model the way it was trained: the config carries the preprocessing (as torchvision's
 * weights carry their transforms), so an image goes in as stored pixels and class probabilities come out.
 * `striate predict`, `explain`, `eval` and the training report are thin layers over these functions.
 *
 *   const ck = await loadCheckpoint('runs/lecture-cnn/checkpoint');
 *   const { top } = predictImage(ck.model, ck.config, readPng('examples/trouser.png'), { topK: 3 });
 */
import type { Tensor } from '../tensor/tensor.js';
import { fromTypedArray } from '../tensor/tensor.js';
import { axisLength, formatShape, hasRank } from '../engine/shape.js';
import { noGrad } from '../tensor/autograd/node.js';
import { softmax } from '../tensor/ops/activation.js';
import { crossEntropy } from '../nn/losses.js';
import type { Module } from '../nn/module.js';
import { preprocessingTransform, type BatchTransform } from '../data/transforms.js';
import type { SupervisedBatch } from '../train/supervised.js';
import { Mean } from '../train/metric.js';
import { Accuracy } from '../train/classification-metrics.js';
import { ConfusionMatrix } from '../train/confusion-matrix.js';
import type { ModelConfig } from './config.js';
import { classLabels } from './config.js';

/** uint8 [1, C, H, W] in [0, 1] → the model's channel count: RGB(A) to gray (ITU-R 601 luma, as PIL's convert('L')), gray+alpha to gray, RGBA to RGB. */
function toChannels(x: Tensor, from: number, to: number, source: string): Tensor {
  if (to === from) return x;
  if (to === 1 && from === 2) return x.slice([0, 0], [1, 1]); // gray + alpha: the gray
  if (to === 1 && from >= 3) {
    const r = x.slice([0, 0], [1, 1]);
    const g = x.slice([0, 1], [1, 2]);
    const b = x.slice([0, 2], [1, 3]);
    return r.mul(0.299).add(g.mul(0.587)).add(b.mul(0.114)); // [1, 1, H, W]
  }
  if (to === 3 && from === 4) return x.slice([0, 0], [1, 3]); // RGBA: drop alpha
  throw new Error(`${source}: has ${from} channels, the model expects ${to}`);
}

/**
 * A stored image as the model's input: uint8 [H, W, C] (C = 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA) →
 * float32 [1, C', H, W] with C' = `config.inputShape[0]` (channels converted as needed), pixels / 255,
 * then x[c] = (x[c] − mean[c]) / std[c] when the config has `preprocessing`. The image must have the
 * config's height and width. `source` names the image in errors (default 'image').
 */
export function preprocessImage(image: Tensor, config: Pick<ModelConfig, 'inputShape' | 'preprocessing'>, source = 'image'): Tensor {
  if (image.rank !== 3 || image.dtype !== 'uint8') throw new Error(`${source}: expected uint8 pixels [H, W, C], got ${image.dtype} ${formatShape(image.shape)}`);
  if (config.inputShape.length !== 3) throw new Error(`preprocessImage: the model's inputShape must be [C, H, W], got ${formatShape(config.inputShape)}`);
  const [c, h, w] = config.inputShape as [number, number, number];
  const [ih, iw, ic] = image.shape as [number, number, number];
  if (ih !== h || iw !== w) throw new Error(`${source}: image is ${iw}×${ih} pixels, the model expects ${w}×${h}`);
  const unit = toChannels(image.cast('float32').div(255).permute(2, 0, 1).unsqueeze(0), ic, c, source); // [1, C, H, W]
  const pre = config.preprocessing;
  if (!pre) return unit;
  if (pre.mean.length !== c || pre.std.length !== c)
    throw new Error(`preprocessImage: preprocessing has ${pre.mean.length} means and ${pre.std.length} stds for ${c} channels`);
  const perChannel = (v: readonly number[]): Tensor => fromTypedArray(Float32Array.from(v), [1, c, 1, 1], 'float32');
  return unit.sub(perChannel(pre.mean)).div(perChannel(pre.std));
}

/**
 * Undoes the standardisation for display: model input [C, H, W] (or [1, C, H, W]) → float32 [H, W, C],
 * x·std[c] + mean[c], which is pixels / 255 in [0, 1] for an input made by the same preprocessing.
 */
export function restorePixels(x: Tensor, pre?: { mean: readonly number[]; std: readonly number[] } | null): Tensor {
  const chw = x.rank === 4 && x.shape[0] === 1 ? x.reshape(x.shape.slice(1)) : x;
  if (!hasRank(chw.shape, 3)) throw new Error(`restorePixels: expected [C, H, W] or [1, C, H, W], got ${formatShape(x.shape)}`);
  const hwc = chw.permute(1, 2, 0);
  if (!pre) return hwc;
  const [c] = chw.shape;
  const at = (v: readonly number[], what: string): Tensor => {
    if (v.length !== c) throw new Error(`restorePixels: ${v.length} ${what} values for ${c} channels`);
    return fromTypedArray(Float32Array.from(v), [c], 'float32');
  };
  return hwc.mul(at(pre.std, 'std')).add(at(pre.mean, 'mean'));
}

/** The batch transform that turns a dataset's uint8 pixels into this model's input (its config's preprocessing). */
export function inputTransform(config: Pick<ModelConfig, 'preprocessing'>): BatchTransform {
  return preprocessingTransform(config.preprocessing);
}

/** softmax over the classes of the model's logits for x [N, C, H, W]: float32 [N, numClasses], eval mode, no gradients (the mode is restored). */
export function classProbabilities(model: Module, x: Tensor): Tensor {
  const wasTraining = model.training;
  model.eval();
  try {
    const p = noGrad(() => softmax(model.call(x), 1));
    if (p.rank !== 2 || p.shape[0] !== x.shape[0]) throw new Error(`classProbabilities: the model returned ${formatShape(p.shape)}, expected scores [${x.shape[0]}, numClasses]`);
    return p;
  } finally {
    model.train(wasTraining);
  }
}

/** One class with its probability. */
export interface RankedClass {
  label: string;
  index: number;
  probability: number;
}

/** The `k` most probable classes, most probable first (equal probabilities keep class order). */
export function topClasses(probs: ArrayLike<number>, labels: readonly string[], k: number): RankedClass[] {
  return Array.from(probs, (p, i) => ({ label: labels[i] ?? String(i), index: i, probability: p }))
    .sort((p, q) => q.probability - p.probability)
    .slice(0, k);
}

/** What {@link predictImage} returns. */
export interface ImagePrediction {
  /** The model's input made from the image, float32 [1, C, H, W]. */
  input: Tensor;
  /** Class probabilities (softmax), one per class. */
  probabilities: Float32Array;
  /** Class names, index = class (the config's labels, else '0', '1', …). */
  labels: string[];
  /** The `topK` most probable classes (default 5). */
  top: RankedClass[];
}

/**
 * Classifies one stored image (uint8 [H, W, C]) with a classification model and its config: preprocess,
 * run in eval mode without gradients, softmax. `source` names the image in errors.
 */
export function predictImage(model: Module, config: ModelConfig, image: Tensor, opts: { topK?: number; source?: string } = {}): ImagePrediction {
  if (config.task !== 'classification') throw new Error(`predictImage: the model's task is '${config.task}', which has no class probabilities`);
  const input = preprocessImage(image, config, opts.source);
  const probabilities = Float32Array.from(classProbabilities(model, input).dataView());
  const labels = classLabels(config, probabilities.length);
  return { input, probabilities, labels, top: topClasses(probabilities, labels, opts.topK ?? 5) };
}

/** A classifier's results over a dataset. */
export interface ClassifierEvaluation {
  /** Mean cross-entropy over the examples. */
  loss: number;
  accuracy: number;
  count: number;
  /** counts[t][p], int32 [numClasses, numClasses]. */
  confusion: Tensor;
}

/**
 * Cross-entropy, accuracy and confusion matrix of a classifier over batches `{ x, y }` (x already the
 * model's input, e.g. from a DataLoader with {@link inputTransform}), in one pass in eval mode without
 * gradients. Everything accumulates on the device; each result is read once at the end.
 */
export function evaluateClassifier(model: Module, data: Iterable<SupervisedBatch>, numClasses: number): ClassifierEvaluation {
  const loss = new Mean('loss');
  const accuracy = new Accuracy();
  const confusion = new ConfusionMatrix(numClasses);
  let count = 0;
  const wasTraining = model.training;
  model.eval();
  try {
    noGrad(() => {
      for (const { x, y } of data) {
        const rows = axisLength(x.shape, 0, 'evaluate: batch inputs x [B, ...]');
        count += rows;
        const out = model.call(x);
        loss.update(crossEntropy(out, y), rows);
        accuracy.update(out, y);
        confusion.update(out, y);
      }
    });
  } finally {
    model.train(wasTraining);
  }
  return { loss: loss.compute(), accuracy: accuracy.compute(), count, confusion: confusion.compute() };
}
