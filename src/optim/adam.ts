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

  protected override update(p: Float32Array, g: Float32Array, out: Float32Array, st: ParamState, h: ParamGroup<AdamHyperParams>): void {
    const n = p.length;
    const [beta1, beta2] = h.betas;
    const biasCorrection1 = 1 - beta1 ** st.step;
    const biasCorrection2 = 1 - beta2 ** st.step;
    const negStepSize = Math.fround(-(h.lr / biasCorrection1));
    const bc2Sqrt = Math.fround(Math.sqrt(biasCorrection2));
    const b1 = Math.fround(beta1);
    const b2 = Math.fround(beta2);
    const oneMinusB1 = Math.fround(1 - beta1);
    const oneMinusB2 = Math.fround(1 - beta2);
    const eps = Math.fround(h.eps);
    const sign = h.maximize ? -1 : 1;
    const decayFactor = Math.fround(1 - h.lr * h.weightDecay);
    const decoupled = this.decoupled && h.weightDecay !== 0;
    const l2 = !this.decoupled && h.weightDecay !== 0 ? Math.fround(h.weightDecay) : 0;
    const m = this.buffer(st, 'expAvg', n);
    const v = this.buffer(st, 'expAvgSq', n);
    const vMax = h.amsgrad ? this.buffer(st, 'maxExpAvgSq', n) : null;
    for (let i = 0; i < n; i++) {
      const pi = decoupled ? Math.fround(p[i]! * decayFactor) : p[i]!;
      let gi = sign * g[i]!;
      if (l2 !== 0) gi = Math.fround(gi + l2 * pi);
      const mi = Math.fround(Math.fround(m[i]! * b1) + oneMinusB1 * gi);
      const vi = Math.fround(Math.fround(v[i]! * b2) + Math.fround(Math.fround(oneMinusB2 * gi) * gi));
      m[i] = mi;
      v[i] = vi;
      let second = vi;
      if (vMax !== null) {
        second = vMax[i]! > vi ? vMax[i]! : vi;
        vMax[i] = second;
      }
      const denom = Math.fround(Math.fround(Math.fround(Math.sqrt(second)) / bc2Sqrt) + eps);
      out[i] = Math.fround(pi + Math.fround(Math.fround(negStepSize * mi) / denom));
    }
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
