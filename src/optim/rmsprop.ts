import type { Tensor } from '../tensor/tensor.js';
import { rmspropMoments, rmspropStep } from '../tensor/ops/optim.js';
import type { HyperReader } from './hyper-reader.js';
import type { ParamGroup, ParamsInput, ParamState } from './optimizer.js';
import { Optimizer } from './optimizer.js';

/** Hyperparameters of {@link RMSprop} (PyTorch's `torch.optim.RMSprop`, camelCase). */
export interface RMSpropHyperParams {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
}

/** Options of {@link RMSprop}; every field has a default. */
export type RMSpropOptions = Partial<RMSpropHyperParams>;

const RMSPROP_DEFAULTS: RMSpropHyperParams = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false };

function parseRMSprop(r: HyperReader): RMSpropHyperParams {
  return {
    lr: r.number('lr', { min: 0 }),
    alpha: r.number('alpha', { min: 0 }),
    eps: r.number('eps', { min: 0 }),
    weightDecay: r.number('weightDecay', { min: 0 }),
    momentum: r.number('momentum', { min: 0 }),
    centered: r.bool('centered'),
    maximize: r.bool('maximize'),
  };
}

/**
 * RMSprop like `torch.optim.RMSprop`: divides the gradient by the root of a moving average of its square
 * (`squareAvg`); `centered` subtracts the squared moving average of the gradient (`gradAvg`) first, and
 * `momentum` accumulates the scaled step in `momentumBuffer`.
 */
export class RMSprop extends Optimizer<RMSpropHyperParams> {
  constructor(params: ParamsInput<RMSpropHyperParams>, opts: RMSpropOptions = {}) {
    super('RMSprop', params, opts, RMSPROP_DEFAULTS, parseRMSprop);
  }

  /**
   * The update on the parameter's backend: `rmspropMoments` updates the state rows [squareAvg,
   * gradAvg (centered), momentumBuffer (momentum > 0)] and `rmspropStep` makes the new parameter. Their
   * reference kernels (`backend/reference/kernels/optim.ts`) state the float32 arithmetic.
   */
  protected override updateTensor(p: Tensor, g: Tensor, st: ParamState, h: ParamGroup<RMSpropHyperParams>): Tensor {
    const n = p.size;
    const names = ['squareAvg'];
    if (h.centered) names.push('gradAvg');
    if (h.momentum > 0) names.push('momentumBuffer');
    const state = this.packedBuffers(st, names, n);
    const flatP = p.reshape([n]);
    const flatG = g.reshape([n]);
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = h;
    const attrs = { alpha, eps, weightDecay, momentum, centered, maximize };
    const next = rmspropMoments(flatG, flatP, state, attrs);
    this.setPacked(st, next);
    return rmspropStep(flatP, flatG, next, { ...attrs, lr });
  }
}
