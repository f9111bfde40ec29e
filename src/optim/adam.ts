import type { Tensor } from '../tensor/tensor.js';
import { adamMoments, adamStep } from '../tensor/ops/optim.js';
import type { HyperReader } from './hyper-reader.js';
import type { ParamGroup, ParamsInput, ParamState } from './optimizer.js';
import { Optimizer } from './optimizer.js';

/** Hyperparameters of {@link Adam} and {@link AdamW} (PyTorch names in camelCase). */
export interface AdamHyperParams {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

/** Options of {@link Adam} / {@link AdamW}; every field has a default. */
export type AdamOptions = Partial<AdamHyperParams>;

const ADAM_DEFAULTS: AdamHyperParams = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false };
const ADAMW_DEFAULTS: AdamHyperParams = { ...ADAM_DEFAULTS, weightDecay: 1e-2 };

function parseAdam(r: HyperReader): AdamHyperParams {
  return {
    lr: r.number('lr', { min: 0 }),
    betas: r.pair('betas', { min: 0, max: 1, maxExclusive: true }),
    eps: r.number('eps', { min: 0 }),
    weightDecay: r.number('weightDecay', { min: 0 }),
    amsgrad: r.bool('amsgrad'),
    maximize: r.bool('maximize'),
  };
}

/**
 * Shared implementation of {@link Adam} and {@link AdamW} (`torch.optim.Adam` / `torch.optim.AdamW`):
 * moving averages `expAvg`, `expAvgSq` of the gradient and its square with bias correction, optionally
 * keeping their running maximum `maxExpAvgSq` (AMSGrad).
 */
export abstract class AdamBase extends Optimizer<AdamHyperParams> {
  /**
   * @param decoupled true for AdamW: weight decay shrinks the parameter by `1 − lr·weightDecay` before
   *   the update; false for Adam: `weightDecay·p` is added to the gradient (L2 penalty).
   */
  protected constructor(
    name: string,
    params: ParamsInput<AdamHyperParams>,
    opts: AdamOptions,
    defaults: AdamHyperParams,
    private readonly decoupled: boolean,
  ) {
    super(name, params, opts, defaults, parseAdam);
  }

  /**
   * The update on the parameter's backend: `adamMoments` then `adamStep` over the state rows
   * [expAvg, expAvgSq(, maxExpAvgSq)]; their reference kernels (`backend/reference/kernels/optim.ts`) state the
   * float32 arithmetic (PyTorch's order, with its fused multiply-adds).
   */
  protected override updateTensor(p: Tensor, g: Tensor, st: ParamState, h: ParamGroup<AdamHyperParams>): Tensor {
    const n = p.size;
    const names = h.amsgrad ? ['expAvg', 'expAvgSq', 'maxExpAvgSq'] : ['expAvg', 'expAvgSq'];
    const state = this.packedBuffers(st, names, n);
    const [beta1, beta2] = h.betas;
    const flatP = p.reshape([n]);
    const next = adamMoments(g.reshape([n]), flatP, state, {
      beta1, beta2, weightDecay: this.decoupled ? 0 : h.weightDecay, maximize: h.maximize,
    });
    this.setPacked(st, next);
    return adamStep(flatP, next, {
      lr: h.lr, beta1, beta2, eps: h.eps, step: st.step, decoupledWeightDecay: this.decoupled ? h.weightDecay : 0,
    });
  }
}

/** Adam with L2 weight decay (default 0) added to the gradient, like `torch.optim.Adam`. */
export class Adam extends AdamBase {
  constructor(params: ParamsInput<AdamHyperParams>, opts: AdamOptions = {}) {
    super('Adam', params, opts, ADAM_DEFAULTS, false);
  }
}

/** Adam with decoupled weight decay (default 1e-2), like `torch.optim.AdamW`. */
export class AdamW extends AdamBase {
  constructor(params: ParamsInput<AdamHyperParams>, opts: AdamOptions = {}) {
    super('AdamW', params, opts, ADAMW_DEFAULTS, true);
  }
}
