/**
 * Reference kernels of the optimiser primitives (Adam's, SGD's and RMSprop's moments and steps): the
 * definition of their float32 arithmetic. Every operation is rounded to float32 (`Math.fround`) in
 * PyTorch's order; a product feeding a sum is left unrounded until the sum, as ATen's vectorised CPU
 * kernels fuse it (FMA): `Math.fround(a + b * c)` is the exact product, one float64 rounding of the sum
 * and one float32 rounding (a wasm kernel computes it in f64 the same way). They are float32 only
 * (optimiser state is float32, and their arithmetic is defined by its rounding): a float64 input is
 * rejected with an error saying so.
 */
import { adamMomentConstants, adamStepConstants, rmspropConstants, sgdMomentumConstants, sgdStepConstants } from '../../../engine/optim-math.js';
import type { RmspropConstants } from '../../../engine/optim-math.js';
import type { AdamMomentsAttrs, AdamStepAttrs, RmspropMomentsAttrs, RmspropStepAttrs, SgdMomentumAttrs, SgdStepAttrs } from '../../../engine/primitives.js';
import type { KernelArg } from '../../../engine/backend.js';
import type { RefKernel } from '../handle.js';
import { f32 } from '../handle.js';

type OptimPrimitive = 'adamMoments' | 'adamStep' | 'sgdMomentum' | 'sgdStep' | 'rmspropMoments' | 'rmspropStep';

/** The float32 elements of an optimiser input; float64 (or any other dtype) is an error naming the primitive. */
function optimF32(prim: OptimPrimitive, a: KernelArg): Float32Array {
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

/** SGD's gradient d = sign·g (+ wd·p, fused). */
function sgdDirection(sign: number, wd: number, g: number, p: number): number {
  const d = sign * g;
  return wd !== 0 ? Math.fround(d + wd * p) : d;
}

/** The new momentum buffer: d on the first update (no buffer), else fround(fround(b·mom) + keep·d). */
function sgdMomentumArrays(g: Float32Array, p: Float32Array, buf: Float32Array | null, attrs: SgdMomentumAttrs): Float32Array {
  const { sign, wd, mom, keep } = sgdMomentumConstants(attrs);
  const out = new Float32Array(g.length);
  for (let i = 0; i < g.length; i++) {
    const d = sgdDirection(sign, wd, g[i]!, p[i]!);
    out[i] = buf === null ? d : Math.fround(Math.fround(buf[i]! * mom) + keep * d);
  }
  return out;
}

/** The new parameter fround(p + negLr·step), step = b, fround(d + mom·b) (Nesterov) or d (no buffer). */
function sgdStepArrays(p: Float32Array, g: Float32Array, buf: Float32Array | null, attrs: SgdStepAttrs): Float32Array {
  const { sign, wd, mom, negLr, nesterov } = sgdStepConstants(attrs);
  const out = new Float32Array(p.length);
  for (let i = 0; i < p.length; i++) {
    let step: number;
    if (buf !== null && !nesterov) step = buf[i]!;
    else {
      const d = sgdDirection(sign, wd, g[i]!, p[i]!);
      step = buf === null ? d : Math.fround(d + mom * buf[i]!);
    }
    out[i] = Math.fround(p[i]! + negLr * step);
  }
  return out;
}

/** RMSprop's per-element quantities: the (signed, decayed) gradient gi and the denominator √variance + eps. */
function rmspropGradient(c: RmspropConstants, g: number, p: number): number {
  const gi = c.sign * g;
  return c.wd !== 0 ? Math.fround(gi + c.wd * p) : gi;
}

function rmspropDenominator(c: RmspropConstants, si: number, ai: number): number {
  const variance = c.centered ? Math.fround(si - Math.fround(ai * ai)) : si;
  return Math.fround(Math.fround(Math.sqrt(variance)) + c.eps);
}

/** New rows [squareAvg, gradAvg?, momentumBuffer?] (n = g.length; the layout follows the attributes). */
function rmspropMomentsArrays(g: Float32Array, p: Float32Array, state: Float32Array, attrs: RmspropMomentsAttrs): Float32Array {
  const n = g.length;
  const c = rmspropConstants(attrs);
  const avgRow = n;
  const momRow = state.length - n;
  const out = new Float32Array(state.length);
  for (let i = 0; i < n; i++) {
    const gi = rmspropGradient(c, g[i]!, p[i]!);
    const si = Math.fround(Math.fround(state[i]! * c.alpha) + Math.fround(Math.fround(c.oneMinusAlpha * gi) * gi));
    out[i] = si;
    let ai = 0;
    if (c.centered) {
      ai = Math.fround(Math.fround(state[avgRow + i]! * c.alpha) + c.oneMinusAlpha * gi);
      out[avgRow + i] = ai;
    }
    if (c.hasMomentum) {
      const avg = rmspropDenominator(c, si, ai);
      out[momRow + i] = Math.fround(Math.fround(state[momRow + i]! * c.mom) + Math.fround(gi / avg));
    }
  }
  return out;
}

/** The new parameter: fround(p + negLr·momentumBuffer), or fround(p + fround(fround(negLr·gi) / avg)). */
function rmspropStepArrays(p: Float32Array, g: Float32Array, state: Float32Array, attrs: RmspropStepAttrs): Float32Array {
  const n = p.length;
  const c = rmspropConstants(attrs);
  const momRow = state.length - n;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (c.hasMomentum) {
      out[i] = Math.fround(p[i]! + c.negLr * state[momRow + i]!);
      continue;
    }
    const gi = rmspropGradient(c, g[i]!, p[i]!);
    const avg = rmspropDenominator(c, state[i]!, c.centered ? state[n + i]! : 0);
    out[i] = Math.fround(p[i]! + Math.fround(Math.fround(c.negLr * gi) / avg));
  }
  return out;
}

export const adamMoments: RefKernel<'adamMoments'> = ([g, p, s], attrs) =>
  adamMomentsArrays(optimF32('adamMoments', g), optimF32('adamMoments', p), optimF32('adamMoments', s), attrs);
export const adamStep: RefKernel<'adamStep'> = ([p, s], attrs) => adamStepArrays(optimF32('adamStep', p), optimF32('adamStep', s), attrs);
export const sgdMomentum: RefKernel<'sgdMomentum'> = ([g, p, b], attrs) =>
  sgdMomentumArrays(optimF32('sgdMomentum', g), optimF32('sgdMomentum', p), b ? optimF32('sgdMomentum', b) : null, attrs);
export const sgdStep: RefKernel<'sgdStep'> = ([p, g, b], attrs) =>
  sgdStepArrays(optimF32('sgdStep', p), optimF32('sgdStep', g), b ? optimF32('sgdStep', b) : null, attrs);
export const rmspropMoments: RefKernel<'rmspropMoments'> = ([g, p, s], attrs) =>
  rmspropMomentsArrays(optimF32('rmspropMoments', g), optimF32('rmspropMoments', p), optimF32('rmspropMoments', s), attrs);
export const rmspropStep: RefKernel<'rmspropStep'> = ([p, g, s], attrs) =>
  rmspropStepArrays(optimF32('rmspropStep', p), optimF32('rmspropStep', g), optimF32('rmspropStep', s), attrs);
