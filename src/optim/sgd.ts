import type { Tensor } from '../tensor/tensor.js';
import type { HyperReader } from './hyper-reader.js';
import { invalidOption } from './hyper-reader.js';
import type { ParamGroup, ParamsInput, ParamState } from './optimizer.js';
import { Optimizer } from './optimizer.js';

/** Hyperparameters of {@link SGD} (PyTorch's `torch.optim.SGD`, camelCase). */
export interface SGDHyperParams {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
  maximize: boolean;
}

/** Options of {@link SGD}; `lr` has no default and must be given here or in every param group. */
export type SGDOptions = Partial<SGDHyperParams>;

const SGD_DEFAULTS: Omit<SGDHyperParams, 'lr'> = { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false };

function parseSGD(r: HyperReader): SGDHyperParams {
  const h: SGDHyperParams = {
    lr: r.number('lr', { min: 0 }),
    momentum: r.number('momentum', { min: 0 }),
    dampening: r.number('dampening'),
    nesterov: r.bool('nesterov'),
    weightDecay: r.number('weightDecay', { min: 0 }),
    maximize: r.bool('maximize'),
  };
  if (h.nesterov && (h.momentum <= 0 || h.dampening !== 0))
    invalidOption(r.owner, 'nesterov', true, `false unless momentum > 0 and dampening = 0 (got momentum = ${h.momentum}, dampening = ${h.dampening})`);
  return h;
}

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay,
 * matching `torch.optim.SGD`: with `d = g + weightDecay·p`, the momentum buffer starts as `d` and then
 * follows `b = momentum·b + (1 − dampening)·d`; the step uses `d + momentum·b` (Nesterov) or `b`.
 */
export class SGD extends Optimizer<SGDHyperParams> {
  constructor(params: readonly Tensor[], opts: SGDOptions & { lr: number });
  constructor(params: ParamsInput<SGDHyperParams>, opts?: SGDOptions);
  constructor(params: ParamsInput<SGDHyperParams>, opts: SGDOptions = {}) {
    super('SGD', params, opts, SGD_DEFAULTS, parseSGD);
  }

  protected override update(p: Float32Array, g: Float32Array, out: Float32Array, st: ParamState, h: ParamGroup<SGDHyperParams>): void {
    const n = p.length;
    const negLr = Math.fround(-h.lr);
    const wd = Math.fround(h.weightDecay);
    const mom = Math.fround(h.momentum);
    const keep = Math.fround(1 - h.dampening);
    const sign = h.maximize ? -1 : 1;
    if (h.momentum === 0) {
      for (let i = 0; i < n; i++) {
        let d = sign * g[i]!;
        if (wd !== 0) d = Math.fround(d + wd * p[i]!);
        out[i] = Math.fround(p[i]! + negLr * d);
      }
      return;
    }
    const first = !st.buffers.has('momentumBuffer');
    const buf = this.buffer(st, 'momentumBuffer', n);
    const nesterov = h.nesterov;
    for (let i = 0; i < n; i++) {
      let d = sign * g[i]!;
      if (wd !== 0) d = Math.fround(d + wd * p[i]!);
      const b = first ? d : Math.fround(Math.fround(buf[i]! * mom) + keep * d);
      buf[i] = b;
      const step = nesterov ? Math.fround(d + mom * b) : b;
      out[i] = Math.fround(p[i]! + negLr * step);
    }
  }
}
