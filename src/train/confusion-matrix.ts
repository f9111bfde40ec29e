/**
 * Confusion matrices accumulated on the device, and the intersection-over-union scores segmentation
 * reports from them.
 */
import type { Tensor } from '../tensor/tensor.js';
import { fromTypedArray } from '../tensor/tensor.js';
import { formatShape, hasRank } from '../engine/shape.js';
import { noGrad } from '../tensor/autograd/node.js';
import * as ew from '../tensor/ops/elementwise.js';
import { scatterAdd } from '../tensor/ops/indexing.js';
import type { Metric } from './metric.js';
import { readScalars } from './step-log.js';

/** Options of {@link ConfusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** Targets equal to this are skipped (e.g. 255 for "void" pixels in segmentation); default none. */
  ignoreIndex?: number;
}

/**
 * counts[t][p] = examples of true class t predicted as p, int32 [C, C] (torchmetrics' `ConfusionMatrix`).
 * `update(predicted, target)`: `predicted` holds class indices of the target's shape, or scores with the
 * classes on axis 1 (`[N, C]` for `target [N]`, `[N, C, H, W]` for masks `[N, H, W]`; the arg-max is taken).
 * Counting runs on the device (one scatter-add per batch); `compute()` reads the matrix once. A target or
 * prediction outside [0, C) (other than `ignoreIndex`) makes `compute()` throw.
 */
export class ConfusionMatrix implements Metric<[predicted: Tensor, target: Tensor], Tensor> {
  private counts: Tensor | null = null;
  /** Entries outside [0, C), counted on the device. */
  private invalid: Tensor | null = null;
  private cached: Tensor | null = null;

  constructor(readonly numClasses: number, readonly opts: ConfusionMatrixOptions = {}, readonly name = 'confusion_matrix') {
    if (!Number.isInteger(numClasses) || numClasses < 1) throw new Error(`ConfusionMatrix: numClasses must be a positive integer, got ${numClasses}`);
  }

  update(predicted: Tensor, target: Tensor): void {
    const c = this.numClasses;
    const pred = classIndices(predicted, target, this.name);
    noGrad(() => {
      const t = target.reshape([target.size]).cast('int32');
      const p = pred.reshape([pred.size]).cast('int32');
      const inRange = ew.mul(ew.mul(ew.ge(t, 0), ew.lt(t, c)), ew.mul(ew.ge(p, 0), ew.lt(p, c))); // int32 0/1
      const counted = this.opts.ignoreIndex === undefined ? null : ew.ne(t, this.opts.ignoreIndex).cast('int32');
      const valid = counted === null ? inRange : ew.mul(inRange, counted);
      const index = ew.where(ew.gt(valid, 0), ew.add(ew.mul(t, c), p), 0);
      const batch = scatterAdd(valid, 0, index, [c * c]);
      const bad = ew.sub(counted === null ? t.size : counted.sum(), valid.sum()); // counted entries that fell outside
      this.counts = this.counts === null ? batch : ew.add(this.counts, batch);
      this.invalid = this.invalid === null ? bad : ew.add(this.invalid, bad);
    });
    this.cached = null;
  }

  /** The counts so far, int32 [C, C] (all zeros before any update). */
  compute(): Tensor {
    this.cached ??= fromTypedArray(this.computeCounts(), [this.numClasses, this.numClasses], 'int32');
    return this.cached;
  }

  /** The counts so far as a host array, row-major [C, C] (one read of the device state). */
  computeCounts(): Int32Array {
    const c = this.numClasses;
    if (this.cached) return Int32Array.from(this.cached.dataView());
    if (this.counts === null || this.invalid === null) return new Int32Array(c * c);
    const values = readScalars([this.counts, this.invalid]);
    const bad = values[c * c]; // after the c·c counts, the number of invalid entries
    if (bad === undefined) throw new Error(`${this.name}: read ${values.length} values, expected ${c * c + 1}`);
    if (bad > 0) throw new Error(`${this.name}: ${bad} targets or predictions were outside the classes 0..${c - 1}`);
    return Int32Array.from(values.subarray(0, c * c));
  }

  reset(): void {
    this.counts = null;
    this.invalid = null;
    this.cached = null;
  }
}

/** `predicted` as class indices of `target`'s shape: itself, or the arg-max over axis 1 of scores. */
function classIndices(predicted: Tensor, target: Tensor, op: string): Tensor {
  if (predicted.rank === target.rank && predicted.shape.every((d, i) => d === target.shape[i])) return predicted; // class indices
  const scoresShape = predicted.rank === target.rank + 1 && predicted.rank >= 2;
  const matches = scoresShape && predicted.shape.every((d, i) => i === 1 || d === target.shape[i < 1 ? i : i - 1]);
  if (matches) return noGrad(() => predicted.detach().argmax(1));
  throw new Error(
    `${op}: expected class indices of the target's shape ${formatShape(target.shape)} or scores [N, C, ...], got ${predicted.dtype} ${formatShape(predicted.shape)}`,
  );
}

/** Per-class IoU and their mean. */
export interface IoUResult {
  /** IoU of each class, tp / (tp + fp + fn); NaN for a class that never occurs in targets or predictions. */
  perClass: number[];
  /** Mean over the classes whose IoU is defined (Keras' `MeanIoU`); NaN if none is. */
  mean: number;
}

/** IoU per class from a confusion matrix counts[t][p] ([C, C] tensor), and their mean over the classes that occur. */
export function iouFromConfusion(counts: Tensor): IoUResult {
  if (!hasRank(counts.shape, 2) || counts.shape[0] !== counts.shape[1]) throw new Error(`iouFromConfusion: expected counts [C, C], got ${formatShape(counts.shape)}`);
  return iouFromCounts(counts.dataView(), counts.shape[0]);
}

/** {@link iouFromConfusion} on host counts, row-major [C, C]. */
export function iouFromCounts(m: ArrayLike<number>, c: number): IoUResult {
  if (m.length !== c * c) throw new Error(`iouFromCounts: expected ${c}×${c} = ${c * c} counts, got ${m.length}`);
  const perClass: number[] = [];
  // m holds c·c counts (checked above), so every k·c + j with k, j < c is inside it.
  for (let k = 0; k < c; k++) {
    let row = 0;
    let col = 0;
    for (let j = 0; j < c; j++) {
      row += m[k * c + j]!;
      col += m[j * c + k]!;
    }
    const tp = m[k * c + k]!;
    const union = row + col - tp;
    perClass.push(union > 0 ? tp / union : Number.NaN);
  }
  const defined = perClass.filter((v) => !Number.isNaN(v));
  return { perClass, mean: defined.length ? defined.reduce((s, v) => s + v, 0) / defined.length : Number.NaN };
}

/**
 * Mean intersection over union (Keras' `MeanIoU`, torchmetrics' `JaccardIndex` with average 'macro' over
 * present classes) accumulated through a {@link ConfusionMatrix}: same `update` arguments; `compute()`
 * reads the matrix once and returns per-class IoU and their mean.
 */
export class MeanIoU implements Metric<[predicted: Tensor, target: Tensor], IoUResult> {
  private readonly matrix: ConfusionMatrix;
  constructor(readonly numClasses: number, opts: ConfusionMatrixOptions = {}, readonly name = 'mean_iou') {
    this.matrix = new ConfusionMatrix(numClasses, opts, name);
  }
  update(predicted: Tensor, target: Tensor): void {
    this.matrix.update(predicted, target);
  }
  compute(): IoUResult {
    return iouFromCounts(this.matrix.computeCounts(), this.numClasses);
  }
  reset(): void {
    this.matrix.reset();
  }
}
