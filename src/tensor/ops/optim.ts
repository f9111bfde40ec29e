/**
 * Optimiser math as ops (float32, not recorded by autograd): the fused per-element updates that
 * `src/optim/*` run on the parameters' backend, so no element is copied between JS and the backend.
 */
import { formatShape } from '../../engine/shape.js';
import type { Tensor } from '../tensor.js';
import type { AdamMomentsAttrs, AdamStepAttrs } from '../../engine/primitives.js';
import { dispatch } from '../dispatch.js';

function checkFloat(t: Tensor, what: string, op: string): void {
  if (t.dtype !== 'float32') throw new Error(`${op}: expected a float32 ${what}, got ${t.dtype}`);
}

function checkState(state: Tensor, n: number, op: string): void {
  checkFloat(state, 'state', op);
  const k = state.shape[0];
  if (state.rank !== 2 || state.shape[1] !== n || (k !== 2 && k !== 3))
    throw new Error(`${op}: expected state of shape [2, ${n}] or [3, ${n}], got ${formatShape(state.shape)}`);
}

/**
 * Adam's moment update: from the gradient and parameter (flat, n elements) and the state [k, n]
 * (rows expAvg, expAvgSq and, for AMSGrad, maxExpAvgSq), the new state.
 */
export function adamMoments(grad: Tensor, param: Tensor, state: Tensor, attrs: AdamMomentsAttrs): Tensor {
  checkFloat(grad, 'gradient', 'adamMoments');
  checkFloat(param, 'parameter', 'adamMoments');
  const n = param.size;
  if (grad.rank !== 1 || param.rank !== 1 || grad.size !== n)
    throw new Error(`adamMoments: expected flat gradient and parameter of one size, got ${formatShape(grad.shape)} and ${formatShape(param.shape)}`);
  checkState(state, n, 'adamMoments');
  return dispatch('adamMoments', [grad, param, state], attrs, state.shape);
}

/** Adam's parameter update from the (new) state of `adamMoments`: returns the new flat parameter. */
export function adamStep(param: Tensor, state: Tensor, attrs: AdamStepAttrs): Tensor {
  checkFloat(param, 'parameter', 'adamStep');
  if (param.rank !== 1) throw new Error(`adamStep: expected a flat parameter, got ${formatShape(param.shape)}`);
  if (!(Number.isInteger(attrs.step) && attrs.step >= 1)) throw new Error(`adamStep: step must be an integer >= 1, got ${attrs.step}`);
  checkState(state, param.size, 'adamStep');
  return dispatch('adamStep', [param, state], attrs, param.shape);
}
