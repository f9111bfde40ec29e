/**
 * Reference kernels of the optimiser primitives (`adamMoments`, `adamStep`): the definition of their
 * float32 arithmetic. Every operation is rounded to float32 (`Math.fround`) in PyTorch's order; a
 * product feeding a sum is left unrounded until the sum, as ATen's vectorised CPU kernels fuse it (FMA).
 * They are float32 only (optimiser state is float32, and their arithmetic is defined by its rounding):
 * a float64 input is rejected with an error saying so.
 */
import { adamMomentConstants, adamStepConstants } from '../../../engine/adam-math.js';
import type { AdamMomentsAttrs, AdamStepAttrs } from '../../../engine/primitives.js';
import type { KernelArg } from '../../../engine/backend.js';
import type { RefKernel } from '../handle.js';
import { f32 } from '../handle.js';

/** The float32 elements of an optimiser input; float64 (or any other dtype) is an error naming the primitive. */
function optimF32(prim: 'adamMoments' | 'adamStep', a: KernelArg): Float32Array {
  if (a.dtype !== 'float32') throw new Error(`reference backend: ${prim} is float32 only (its arithmetic is defined by float32 rounding), got ${a.dtype}`);
  return f32(a);
}

/** New state rows [expAvg, expAvgSq(, maxExpAvgSq)] from the gradient, the parameter and the old rows (k = state.length / n). */
function adamMomentsArrays(g: Float32Array, p: Float32Array, state: Float32Array, attrs: AdamMomentsAttrs): Float32Array {
  const n = g.length;
  const k = n === 0 ? 0 : state.length / n;
  const { sign, b1, b2, oneMinusB1, oneMinusB2, l2 } = adamMomentConstants(attrs);
  const out = new Float32Array(state.length);
  for (let i = 0; i < n; i++) {
    let gi = sign * g[i]!;
    if (l2 !== 0) gi = Math.fround(gi + l2 * p[i]!);
    const mi = Math.fround(Math.fround(state[i]! * b1) + oneMinusB1 * gi);
    const vi = Math.fround(Math.fround(state[n + i]! * b2) + Math.fround(Math.fround(oneMinusB2 * gi) * gi));
    out[i] = mi;
    out[n + i] = vi;
    if (k === 3) {
      const prev = state[2 * n + i]!;
      out[2 * n + i] = prev > vi ? prev : vi;
    }
  }
  return out;
}

/** The updated parameter from the new state (row 0: expAvg; last row: the second moment). */
function adamStepArrays(p: Float32Array, state: Float32Array, attrs: AdamStepAttrs): Float32Array {
  const n = p.length;
  const second = n === 0 ? 0 : state.length - n;
  const { negStepSize, bc2Sqrt, eps, decayFactor, decoupled } = adamStepConstants(attrs);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const pi = decoupled ? Math.fround(p[i]! * decayFactor) : p[i]!;
    const denom = Math.fround(Math.fround(Math.fround(Math.sqrt(state[second + i]!)) / bc2Sqrt) + eps);
    out[i] = Math.fround(pi + Math.fround(Math.fround(negStepSize * state[i]!) / denom));
  }
  return out;
}

export const adamMoments: RefKernel<'adamMoments'> = ([g, p, s], attrs) =>
  adamMomentsArrays(optimF32('adamMoments', g), optimF32('adamMoments', p), optimF32('adamMoments', s), attrs);
export const adamStep: RefKernel<'adamStep'> = ([p, s], attrs) => adamStepArrays(optimF32('adamStep', p), optimF32('adamStep', s), attrs);
