import { normalizeAxis } from '../../engine/shape.js';
import type { Tensor } from '../tensor.js';
import { reluPrim, sigmoidPrim, tanhPrim, where, mul, gt } from './elementwise.js';
export { reluGrad } from './elementwise.js';
import { max } from './reduce.js';

export const relu = (x: Tensor): Tensor => reluPrim(x);

export const sigmoid = (x: Tensor): Tensor => sigmoidPrim(x);
export const tanh = (x: Tensor): Tensor => tanhPrim(x);

/** x if x > 0 else negativeSlope·x. */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return where(gt(x, 0), x, mul(x, negativeSlope));
}

/** exp(x) / sum(exp(x)) along `axis`, with the maximum subtracted first for stability. */
export function softmax(x: Tensor, axis = -1): Tensor {
  const a = normalizeAxis(axis, x.rank, 'softmax');
  const e = x.sub(max(x, a, true).detach()).exp();
  return e.div(e.sum(a, true));
}

/** x − log(sum(exp(x))) along `axis`, computed stably. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const a = normalizeAxis(axis, x.rank, 'logSoftmax');
  const shifted = x.sub(max(x, a, true).detach());
  return shifted.sub(shifted.exp().sum(a, true).log());
}
