/**
 * Gradient checking in float64 by central finite differences, on the current backend (the reference):
 * the gradient rule's dL/dx of L = Σ out·r (r the case's fixed upstream gradient) against
 * (L(x + h·eᵢ) − L(x − h·eᵢ)) / 2h for every element i of every float input.
 *
 * Step and tolerance. With h = 1e-6 the central difference's truncation error is h²/6·|L'''| ≈ 1e-13
 * for the functions and magnitudes of the cases (|L'''| ≲ 1e2), and its rounding error is about
 * ε·Σ|out·r| / h ≈ 1.1e-16 · 1e2 / 1e-6 ≈ 1e-8 for the largest outputs here. The check asks
 * |analytic − numeric| ≤ TOLERANCE·max(1, |numeric|) with TOLERANCE = 1e-6: two orders above that
 * noise (measured worst 2e-8 over every case), yet five below what a float32 computation anywhere in a
 * float64 kernel or rule would cost (float32 rounding, ~6e-8 relative, divided by h, is ~1e-1).
 */
import type { ShapedPrimitive } from '../../src/engine/primitives.js';
import { noGrad } from '../../src/tensor/autograd/node.js';
import type { PrimitiveCase } from './case.js';
import { caseInputs, floatInputs, gradients, runPrimitive, tensorOf, upstreamOf } from './run.js';

export const STEP = 1e-6;
export const TOLERANCE = 1e-6;

/** The worst element of one case's check. */
export interface FiniteDifferenceReport {
  /** max over elements of |analytic − numeric| / max(1, |numeric|). */
  readonly worst: number;
  readonly where: string;
  readonly recorded: boolean;
  readonly elements: number;
}

/** L = Σ out·r with input `which` replaced by `data` (nothing recorded). */
function loss<P extends ShapedPrimitive>(prim: P, c: PrimitiveCase<P>, which: number, data: Float64Array, r: Float64Array): number {
  return noGrad(() => {
    const tensors = caseInputs(c).map((input, i) => tensorOf(input, 'float64', i === which ? data : input.data));
    const out = runPrimitive(prim, c, 'float64', tensors).dataView();
    let s = 0;
    for (let k = 0; k < out.length; k++) s += out[k]! * r[k]!;
    return s;
  });
}

/** Compares the gradient rule with central differences for every element of every float input. */
export function finiteDifferences<P extends ShapedPrimitive>(prim: P, c: PrimitiveCase<P>): FiniteDifferenceReport {
  const analytic = gradients(prim, c, 'float64');
  const r = upstreamOf(c, analytic.out.data.length);
  const inputs = caseInputs(c);
  let worst = 0;
  let where = '';
  let elements = 0;
  floatInputs(c).forEach((which, g) => {
    const base = inputs[which]!.data;
    const grad = analytic.grads[g]!.data;
    for (let i = 0; i < base.length; i++) {
      const data = base.slice();
      const hi = base[i]! + STEP;
      const lo = base[i]! - STEP;
      data[i] = hi;
      const up = loss(prim, c, which, data, r);
      data[i] = lo;
      const down = loss(prim, c, which, data, r);
      // Divided by the step actually taken (x ± h rounds in float64).
      const numeric = (up - down) / (hi - lo);
      const err = Math.abs(grad[i]! - numeric) / Math.max(1, Math.abs(numeric));
      elements++;
      if (!(err <= worst)) {
        worst = Number.isNaN(err) ? Infinity : err;
        where = `input ${which} element ${i}: analytic ${grad[i]}, numeric ${numeric}`;
      }
    }
  });
  return { worst, where, recorded: analytic.recorded, elements };
}
