import type { Tensor } from '../tensor.js';
import { fromTypedArray } from '../tensor.js';
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
 * Compares autograd gradients of sum(f(inputs) · r), for a fixed random r, with central finite differences,
 * element by element. Inputs must be float32 tensors; computations run in float32, so tolerances are loose.
 */
export function gradcheck(f: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradcheckOptions = {}): GradcheckResult {
  const eps = opts.eps ?? 1e-2;
  const atol = opts.atol ?? 2e-2;
  const rtol = opts.rtol ?? 2e-2;
  const leaves = inputs.map((t) => fromTypedArray(t.dataSync(), t.shape, 'float32').requiresGrad_());
  const probe = f(...leaves);
  const r = fromTypedArray(Float32Array.from({ length: probe.size }, (_, i) => Math.sin(i * 12.9898 + 1.5) * 0.5 + 0.75), probe.shape, 'float32');
  probe.mul(r).sum().backward();
  let maxAbsError = 0;
  let worst = '';
  let ok = true;
  noGrad(() => {
    leaves.forEach((leaf, li) => {
      const analytic = leaf.grad ? leaf.grad.dataSync() : new Float32Array(leaf.size);
      const base = leaf.dataSync() as Float32Array;
      for (let i = 0; i < base.length; i++) {
        const evalAt = (delta: number): number => {
          const data = base.slice();
          data[i]! += delta;
          const args = leaves.map((l, j) => (j === li ? fromTypedArray(data, l.shape, 'float32') : l.detach()));
          const out = f(...args).dataView();
          const rv = r.dataView();
          let s = 0;
          for (let k = 0; k < out.length; k++) s += out[k]! * rv[k]!;
          return s;
        };
        const numeric = (evalAt(eps) - evalAt(-eps)) / (2 * eps);
        const a = analytic[i]!;
        const err = Math.abs(a - numeric);
        if (err > maxAbsError) {
          maxAbsError = err;
          worst = `input ${li} ${formatShape(leaf.shape)} element ${i}: analytic ${a}, numeric ${numeric}`;
        }
        if (!(err <= atol + rtol * Math.abs(numeric))) ok = false;
      }
    });
  });
  return { ok, maxAbsError, worst };
}
