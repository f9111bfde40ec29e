/**
 * Optimiser math as ops (float32, not recorded by autograd): the fused per-element updates that
 * `src/optim/*` run on the parameters' backend, so no element is copied between JS and the backend.
 */
import { formatShape } from '../../engine/shape.js';
import type { Tensor } from '../tensor.js';
import type { AdamMomentsAttrs, AdamStepAttrs, RmspropMomentsAttrs, RmspropStepAttrs, SgdMomentumAttrs, SgdStepAttrs } from '../../engine/primitives.js';
import { rmspropRows } from '../../engine/optim-math.js';
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

/** Checks that every tensor given is float32 and flat with n elements, in the record's order; its keys name them in errors. */
function checkFlat(op: string, n: number, tensors: Readonly<Record<string, Tensor | undefined>>): void {
  for (const [what, t] of Object.entries(tensors)) {
    if (t === undefined) continue;
    checkFloat(t, what, op);
    if (t.rank !== 1 || t.size !== n) throw new Error(`${op}: expected a flat ${what} of shape [${n}], got ${formatShape(t.shape)}`);
  }
}

/**
 * SGD's momentum buffer update on flat [n] tensors: with d = sign·grad (+ weightDecay·param), the new
 * buffer is momentum·buffer + (1 − dampening)·d, or d itself when `buffer` is omitted (the first update).
 */
export function sgdMomentum(grad: Tensor, param: Tensor, buffer: Tensor | undefined, attrs: SgdMomentumAttrs): Tensor {
  checkFlat('sgdMomentum', param.size, { gradient: grad, parameter: param, 'momentum buffer': buffer });
  return dispatch('sgdMomentum', buffer ? [grad, param, buffer] : [grad, param], attrs, param.shape);
}

/**
 * SGD's parameter update on flat [n] tensors: param − lr·step with step = the (new) buffer, d + momentum·buffer
 * (Nesterov) or d when `buffer` is omitted (momentum 0). Returns the new parameter.
 */
export function sgdStep(param: Tensor, grad: Tensor, buffer: Tensor | undefined, attrs: SgdStepAttrs): Tensor {
  checkFlat('sgdStep', param.size, { parameter: param, gradient: grad, 'momentum buffer': buffer });
  return dispatch('sgdStep', buffer ? [param, grad, buffer] : [param, grad], attrs, param.shape);
}

function checkRmspropState(op: string, state: Tensor, n: number, attrs: RmspropMomentsAttrs): void {
  checkFloat(state, 'state', op);
  const k = rmspropRows(attrs);
  if (state.rank !== 2 || state.shape[0] !== k || state.shape[1] !== n)
    throw new Error(`${op}: expected state of shape [${k}, ${n}] (centered ${attrs.centered}, momentum ${attrs.momentum}), got ${formatShape(state.shape)}`);
}

/**
 * RMSprop's state update: from the flat gradient and parameter [n] and the state [k, n] (rows squareAvg,
 * gradAvg when centered, momentumBuffer when momentum > 0), the new state.
 */
export function rmspropMoments(grad: Tensor, param: Tensor, state: Tensor, attrs: RmspropMomentsAttrs): Tensor {
  checkFlat('rmspropMoments', param.size, { gradient: grad, parameter: param });
  checkRmspropState('rmspropMoments', state, param.size, attrs);
  return dispatch('rmspropMoments', [grad, param, state], attrs, state.shape);
}

/** RMSprop's parameter update from the (new) state of `rmspropMoments`: returns the new flat parameter. */
export function rmspropStep(param: Tensor, grad: Tensor, state: Tensor, attrs: RmspropStepAttrs): Tensor {
  checkFlat('rmspropStep', param.size, { parameter: param, gradient: grad });
  checkRmspropState('rmspropStep', state, param.size, attrs);
  return dispatch('rmspropStep', [param, grad, state], attrs, param.shape);
}
