/**
 * Classification counts computed on the device (no read back): correct predictions of a batch as an
 * int32 scalar tensor, and the `Accuracy` / `TopKAccuracy` metrics that sum them over batches.
 */
import type { Tensor } from '../tensor/tensor.js';
import { arange } from '../tensor/tensor.js';
import { axisLength, formatShape, hasRank } from '../engine/shape.js';
import { noGrad } from '../tensor/autograd/node.js';
import * as ew from '../tensor/ops/elementwise.js';
import { unsqueeze } from '../tensor/ops/movement.js';
import { gather } from '../tensor/ops/indexing.js';
import type { Metric } from './metric.js';

function checkScores(scores: Tensor, target: Tensor, op: string): { n: number; c: number } {
  if (!hasRank(scores.shape, 2)) throw new Error(`${op}: expected scores [N, C], got ${formatShape(scores.shape)}`);
  const [n, c] = scores.shape;
  if (target.rank !== 1 || target.shape[0] !== n) throw new Error(`${op}: expected targets [${n}], got ${formatShape(target.shape)}`);
  if (target.dtype === 'float32') throw new Error(`${op}: expected integer class indices as targets, got float32`);
  return { n, c };
}

/**
 * Number of rows of `scores` [N, C] whose highest score (the first, on ties) is at the target class
 * `target` int [N]: an int32 scalar tensor, computed on the device as sum(argmax(scores, 1) == target).
 */
export function countCorrect(scores: Tensor, target: Tensor): Tensor {
  checkScores(scores, target, 'accuracy');
  return noGrad(() => ew.eq(scores.detach().argmax(1), target).sum());
}

/**
 * Number of rows whose k highest scores contain the target (ties broken by lower index, so k = 1 agrees
 * with {@link countCorrect}): an int32 scalar tensor. Row i counts when fewer than k classes j have
 * s[i, j] > s[i, t] or (s[i, j] = s[i, t] and j < t). A target outside [0, C) is an error.
 */
export function countTopKCorrect(scores: Tensor, target: Tensor, k: number): Tensor {
  const { c } = checkScores(scores, target, 'topKAccuracy');
  if (!Number.isInteger(k) || k < 1) throw new Error(`topKAccuracy: k must be a positive integer, got ${k}`);
  return noGrad(() => {
    const s = scores.detach();
    const t = unsqueeze(target.cast('int32'), 1); // [N, 1]
    let st: Tensor;
    try {
      st = gather(s, 1, t); // [N, 1]
    } catch (e) {
      throw rangeError(e, 'topKAccuracy', c);
    }
    const before = ew.lt(arange(0, c).reshape([1, c]), t); // j < t, [N, C]
    const better = ew.add(ew.gt(s, st).cast('int32'), ew.mul(ew.eq(s, st).cast('int32'), before.cast('int32')));
    return ew.lt(better.sum(1), k).sum();
  });
}

/** Turns a gather kernel's "index K is out of range" into `<op>: target K is out of range for C classes`. */
export function rangeError(e: unknown, op: string, classes: number): Error {
  const m = e instanceof Error ? /index (-?\d+) is out of range/.exec(e.message) : null;
  return m ? new Error(`${op}: target ${m[1]} is out of range for ${classes} classes`) : e instanceof Error ? e : new Error(String(e));
}

/** A fraction of examples counted correct on the device: `update` adds a batch's count, `compute` reads it once. */
abstract class FractionCorrect implements Metric<[scores: Tensor, target: Tensor]> {
  private correct: Tensor | null = null;
  private count = 0;
  protected constructor(readonly name: string) {}
  /** The batch's correct count (an int32 scalar on the device). */
  protected abstract countBatch(scores: Tensor, target: Tensor): Tensor;
  update(scores: Tensor, target: Tensor): void {
    const c = this.countBatch(scores, target);
    const prev = this.correct;
    this.correct = prev === null ? c : noGrad(() => ew.add(prev, c));
    this.count += axisLength(scores.shape, 0, `${this.name}: scores`);
  }
  compute(): number {
    return this.correct === null || this.count === 0 ? Number.NaN : this.correct.item() / this.count;
  }
  reset(): void {
    this.correct = null;
    this.count = 0;
  }
}

/**
 * Fraction of examples whose arg-max score is the target (Keras' `SparseCategoricalAccuracy`,
 * torchmetrics' multiclass `Accuracy`). `update(scores [N, C], target int [N])` adds the batch's correct
 * count on the device; `compute()` reads it once. NaN before any update.
 */
export class Accuracy extends FractionCorrect {
  constructor(name = 'accuracy') {
    super(name);
  }
  protected countBatch(scores: Tensor, target: Tensor): Tensor {
    return countCorrect(scores, target);
  }
}

/** Fraction of examples whose k highest scores contain the target (Keras' `SparseTopKCategoricalAccuracy`, default k = 5). */
export class TopKAccuracy extends FractionCorrect {
  constructor(readonly k = 5, name = `top${k}_accuracy`) {
    super(name);
    if (!Number.isInteger(k) || k < 1) throw new Error(`TopKAccuracy: k must be a positive integer, got ${k}`);
  }
  protected countBatch(scores: Tensor, target: Tensor): Tensor {
    return countTopKCorrect(scores, target, this.k);
  }
}
