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

  protected override update(p: Float32Array, g: Float32Array, out: Float32Array, st: ParamState, h: ParamGroup<RMSpropHyperParams>): void {
    const n = p.length;
    const negLr = Math.fround(-h.lr);
    const alpha = Math.fround(h.alpha);
    const oneMinusAlpha = Math.fround(1 - h.alpha);
    const eps = Math.fround(h.eps);
    const wd = Math.fround(h.weightDecay);
    const mom = Math.fround(h.momentum);
    const sign = h.maximize ? -1 : 1;
    const sq = this.buffer(st, 'squareAvg', n);
    const gAvg = h.centered ? this.buffer(st, 'gradAvg', n) : null;
    const buf = h.momentum > 0 ? this.buffer(st, 'momentumBuffer', n) : null;
    for (let i = 0; i < n; i++) {
      let gi = sign * g[i]!;
      if (wd !== 0) gi = Math.fround(gi + wd * p[i]!);
      const si = Math.fround(Math.fround(sq[i]! * alpha) + Math.fround(Math.fround(oneMinusAlpha * gi) * gi));
      sq[i] = si;
      let variance = si;
      if (gAvg !== null) {
        const ai = Math.fround(Math.fround(gAvg[i]! * alpha) + oneMinusAlpha * gi);
        gAvg[i] = ai;
        variance = Math.fround(si - Math.fround(ai * ai));
      }
      const avg = Math.fround(Math.fround(Math.sqrt(variance)) + eps);
      if (buf !== null) {
        const bi = Math.fround(Math.fround(buf[i]! * mom) + Math.fround(gi / avg));
        buf[i] = bi;
        out[i] = Math.fround(p[i]! + negLr * bi);
      } else {
        out[i] = Math.fround(p[i]! + Math.fround(Math.fround(negLr * gi) / avg));
      }
    }
  }
}
