import type { Tensor } from '../tensor/tensor.js';
import { fromTypedArray } from '../tensor/tensor.js';
import { formatShape } from '../engine/shape.js';
import { noGrad } from '../tensor/autograd/node.js';

function classScores(logits: Tensor, op: string): { scores: ArrayLike<number>; n: number; c: number } {
  if (logits.rank !== 2) throw new Error(`${op}: expected scores [N, C], got ${formatShape(logits.shape)}`);
  return { scores: logits.dataView(), n: logits.shape[0]!, c: logits.shape[1]! };
}

function labelsOf(target: Tensor, n: number, op: string): ArrayLike<number> {
  if (target.rank !== 1 || target.shape[0] !== n) throw new Error(`${op}: expected targets [${n}], got ${formatShape(target.shape)}`);
  return target.dataView();
}

/** Number of rows whose top-k scores contain the target (ties broken by lower index). */
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

/** Fraction of rows whose highest score is the target class. logits [N, C], target int [N]. */
export function accuracy(logits: Tensor, target: Tensor): number {
  return countTopK(logits, target, 1) / logits.shape[0]!;
}

/** Fraction of rows whose k highest scores include the target. */
export function topKAccuracy(logits: Tensor, target: Tensor, k = 5): number {
  return countTopK(logits, target, k) / logits.shape[0]!;
}

/** counts[t][p] = number of examples of true class t predicted as p; int32 [C, C]. */
export function confusionMatrix(predicted: Tensor, target: Tensor, numClasses: number): Tensor {
  const p = predicted.dataView();
  const t = target.dataView();
  if (p.length !== t.length) throw new Error(`confusionMatrix: ${p.length} predictions but ${t.length} targets`);
  const m = new Int32Array(numClasses * numClasses);
  for (let i = 0; i < p.length; i++) {
    const ti = t[i]!;
    const pi = p[i]!;
    if (ti < 0 || ti >= numClasses || pi < 0 || pi >= numClasses)
      throw new Error(`confusionMatrix: class ${ti < 0 || ti >= numClasses ? ti : pi} is outside 0..${numClasses - 1}`);
    m[ti * numClasses + pi]!++;
  }
  return fromTypedArray(m, [numClasses, numClasses], 'int32');
}
