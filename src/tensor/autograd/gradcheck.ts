import type { Tensor } from '../tensor.js';
import { fromTypedArray } from '../tensor.js';
import { allocFloat, isFloat } from '../../engine/dtype.js';
import { formatShape } from '../../engine/shape.js';
import { noGrad } from './node.js';

export interface GradcheckOptions {
  /** Finite-difference step (central differences). */
  eps?: number;
  atol?: number;
  rtol?: number;
}

export interface GradcheckResult {
  ok: boolean;
  maxAbsError: number;
  /** Description of the worst element, e.g. "input 1 [0, 2]: analytic 0.51, numeric 0.49". */
  worst: string;
}

/**
 * Defaults by precision. float64 takes PyTorch's gradcheck defaults (eps 1e-6, atol 1e-5, rtol 1e-3):
 * with 16 significant digits a step of 1e-6 leaves ~1e-10 of rounding noise in each difference quotient.
 * float32 has only ~7 digits, so the step must be large (1e-2) and the tolerances loose (2e-2).
 */
const DEFAULTS = {
  float64: { eps: 1e-6, atol: 1e-5, rtol: 1e-3 },
  float32: { eps: 1e-2, atol: 2e-2, rtol: 2e-2 },
} as const;

/**
 * Compares autograd gradients of sum(f(inputs) · r), for a fixed random r, with central finite differences,
 * element by element. Inputs must be float32 or float64 tensors; each is perturbed in its own dtype, and
 * the defaults are float64's (tight) when every input is float64, float32's (loose) otherwise.
 */
export function gradcheck(f: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradcheckOptions = {}): GradcheckResult {
  for (const t of inputs) if (!isFloat(t.dtype)) throw new Error(`gradcheck: inputs must be float32 or float64, got ${t.dtype}`);
  const defaults = inputs.every((t) => t.dtype === 'float64') ? DEFAULTS.float64 : DEFAULTS.float32;
  const eps = opts.eps ?? defaults.eps;
  const atol = opts.atol ?? defaults.atol;
  const rtol = opts.rtol ?? defaults.rtol;
  const leaves = inputs.map((t) => fromTypedArray(t.dataSync(), t.shape, t.dtype).requiresGrad_());
  const probe = f(...leaves);
  if (!isFloat(probe.dtype)) throw new Error(`gradcheck: f must return a float32 or float64 tensor, got ${probe.dtype}`);
  const weights = allocFloat(probe.dtype, probe.size);
  for (let i = 0; i < weights.length; i++) weights[i] = Math.sin(i * 12.9898 + 1.5) * 0.5 + 0.75;
  const r = fromTypedArray(weights, probe.shape, probe.dtype);
  probe.mul(r).sum().backward();
  let maxAbsError = 0;
  let worst = '';
  let ok = true;
  noGrad(() => {
    leaves.forEach((leaf, li) => {
      const analytic = leaf.grad ? leaf.grad.dataSync() : new Float64Array(leaf.size);
      const base = leaf.dataSync();
      base.forEach((v, i) => {
        const evalAt = (delta: number): number => {
          const data = base.slice();
          data[i] = v + delta;
          const args = leaves.map((l, j) => (j === li ? fromTypedArray(data, l.shape, l.dtype) : l.detach()));
          const out = f(...args).dataView();
          const rv = r.dataView();
          let s = 0;
          out.forEach((o, k) => {
            const w = rv[k];
            if (w === undefined) throw new Error(`gradcheck: f returned ${out.length} elements for a perturbed input, ${rv.length} at first`);
            s += o * w;
          });
          return s;
        };
        const numeric = (evalAt(eps) - evalAt(-eps)) / (2 * eps);
        const a = analytic[i];
        if (a === undefined) throw new Error(`gradcheck: the gradient of input ${li} has ${analytic.length} elements, the input ${base.length}`);
        const err = Math.abs(a - numeric);
        if (err > maxAbsError) {
          maxAbsError = err;
          worst = `input ${li} ${formatShape(leaf.shape)} element ${i}: analytic ${a}, numeric ${numeric}`;
        }
        if (!(err <= atol + rtol * Math.abs(numeric))) ok = false;
      });
    });
  });
  return { ok, maxAbsError, worst };
}
