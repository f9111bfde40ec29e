/**
 * One-batch metric functions (thin wrappers over the device counts and metric objects of
 * classification-metrics.ts and confusion-matrix.ts), and `countTopK`, the host-side reference count.
 */
import type { Tensor } from '../tensor/tensor.js';
import { axisLength, formatShape, hasRank } from '../engine/shape.js';
import type { TypedArray } from '../engine/dtype.js';
import { noGrad } from '../tensor/autograd/node.js';
import { countCorrect, countTopKCorrect } from './classification-metrics.js';
import { ConfusionMatrix } from './confusion-matrix.js';

function classScores(logits: Tensor, op: string): { scores: TypedArray; n: number; c: number } {
  if (!hasRank(logits.shape, 2)) throw new Error(`${op}: expected scores [N, C], got ${formatShape(logits.shape)}`);
  const [n, c] = logits.shape;
  return { scores: logits.dataView(), n, c };
}

function labelsOf(target: Tensor, n: number, op: string): TypedArray {
  if (target.rank !== 1 || target.shape[0] !== n) throw new Error(`${op}: expected targets [${n}], got ${formatShape(target.shape)}`);
  return target.dataView();
}

/**
 * Number of rows whose top-k scores contain the target (ties broken by lower index), counted on the host
 * from the read-back scores: the reference the device counts are tested against. Training and
 * evaluation use {@link countTopKCorrect} / the `Accuracy` metric instead (no read per batch).
 */
export function countTopK(logits: Tensor, target: Tensor, k = 1): number {
  return noGrad(() => {
    const { scores, n, c } = classScores(logits, 'topKAccuracy');
    const labels = labelsOf(target, n, 'topKAccuracy');
    let correct = 0;
    labels.forEach((t, i) => {
      const row = scores.subarray(i * c, (i + 1) * c);
      const st = row[t];
      if (st === undefined) throw new Error(`topKAccuracy: target ${t} is out of range for ${c} classes`);
      let better = 0;
      row.forEach((s, j) => {
        if (s > st || (s === st && j < t)) better++;
      });
      if (better < k) correct++;
    });
    return correct;
  });
}

/** Fraction of rows whose highest score is the target class. logits [N, C], target int [N]. Counted on the device, one read. */
export function accuracy(logits: Tensor, target: Tensor): number {
  const correct = countCorrect(logits, target); // checks logits [N, C] against target [N]
  return correct.item() / axisLength(logits.shape, 0, 'accuracy');
}

/** Fraction of rows whose k highest scores include the target (ties broken by lower index). Counted on the device, one read. */
export function topKAccuracy(logits: Tensor, target: Tensor, k = 5): number {
  const correct = countTopKCorrect(logits, target, k); // checks logits [N, C] against target [N]
  return correct.item() / axisLength(logits.shape, 0, 'topKAccuracy');
}

/** counts[t][p] = number of examples of true class t predicted as p; int32 [C, C] (a one-batch {@link ConfusionMatrix}). */
export function confusionMatrix(predicted: Tensor, target: Tensor, numClasses: number): Tensor {
  if (predicted.size !== target.size) throw new Error(`confusionMatrix: ${predicted.size} predictions but ${target.size} targets`);
  const m = new ConfusionMatrix(numClasses, {}, 'confusionMatrix');
  m.update(predicted, target);
  return m.compute();
}
