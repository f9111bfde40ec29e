/**
 * One-batch metric functions (thin wrappers over the device counts and metric objects of
 * classification-metrics.ts and confusion-matrix.ts), and `countTopK`, the host-side reference count.
 */
import type { Tensor } from '../tensor/tensor.js';
import { formatShape } from '../engine/shape.js';
import { noGrad } from '../tensor/autograd/node.js';
import { countCorrect, countTopKCorrect } from './classification-metrics.js';
import { ConfusionMatrix } from './confusion-matrix.js';

function classScores(logits: Tensor, op: string): { scores: ArrayLike<number>; n: number; c: number } {
  if (logits.rank !== 2) throw new Error(`${op}: expected scores [N, C], got ${formatShape(logits.shape)}`);
  return { scores: logits.dataView(), n: logits.shape[0]!, c: logits.shape[1]! };
}

function labelsOf(target: Tensor, n: number, op: string): ArrayLike<number> {
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
    for (let i = 0; i < n; i++) {
      const t = labels[i]!;
      const st = scores[i * c + t]!;
      let better = 0;
      for (let j = 0; j < c; j++) {
        const s = scores[i * c + j]!;
        if (s > st || (s === st && j < t)) better++;
      }
      if (better < k) correct++;
    }
    return correct;
  });
}

/** Fraction of rows whose highest score is the target class. logits [N, C], target int [N]. Counted on the device, one read. */
export function accuracy(logits: Tensor, target: Tensor): number {
  return countCorrect(logits, target).item() / logits.shape[0]!;
}

/** Fraction of rows whose k highest scores include the target (ties broken by lower index). Counted on the device, one read. */
export function topKAccuracy(logits: Tensor, target: Tensor, k = 5): number {
  return countTopKCorrect(logits, target, k).item() / logits.shape[0]!;
}

/** counts[t][p] = number of examples of true class t predicted as p; int32 [C, C] (a one-batch {@link ConfusionMatrix}). */
export function confusionMatrix(predicted: Tensor, target: Tensor, numClasses: number): Tensor {
  if (predicted.size !== target.size) throw new Error(`confusionMatrix: ${predicted.size} predictions but ${target.size} targets`);
  const m = new ConfusionMatrix(numClasses, {}, 'confusionMatrix');
  m.update(predicted, target);
  return m.compute();
}
