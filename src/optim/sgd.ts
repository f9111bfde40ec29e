import type { Tensor } from '../tensor/tensor.js';
import { sgdMomentum, sgdStep } from '../tensor/ops/optim.js';
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

/** The one state buffer (kept only with momentum). */
const BUFFER = ['momentumBuffer'] as const;

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

  /**
   * The update on the parameter's backend: with momentum, `sgdMomentum` makes the new buffer (the first
   * time from the gradient alone) and `sgdStep` the new parameter; without, `sgdStep` alone. Their
   * reference kernels (`backend/reference/kernels/optim.ts`) state the float32 arithmetic.
   */
  protected override updateTensor(p: Tensor, g: Tensor, st: ParamState, h: ParamGroup<SGDHyperParams>): Tensor {
    const n = p.size;
    const flatP = p.reshape([n]);
    const flatG = g.reshape([n]);
    const { lr, momentum, dampening, nesterov, weightDecay, maximize } = h;
    const stepAttrs = { lr, momentum, nesterov, weightDecay, maximize };
    if (momentum === 0) return sgdStep(flatP, flatG, undefined, stepAttrs);
    const moments = { momentum, dampening, weightDecay, maximize };
    let buf: Tensor;
    if (this.hasBuffer(st, BUFFER[0])) {
      buf = sgdMomentum(flatG, flatP, this.packedBuffers(st, BUFFER, n).reshape([n]), moments);
      this.setPacked(st, buf.reshape([1, n]));
    } else {
      buf = sgdMomentum(flatG, flatP, undefined, moments);
      this.setPacked(st, buf.reshape([1, n]), BUFFER);
    }
    return sgdStep(flatP, flatG, buf, stepAttrs);
  }
}
