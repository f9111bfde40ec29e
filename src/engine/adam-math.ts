/**
 * The float32 constants of Adam's update, computed once per parameter and step from the attributes of
 * `adamMoments` / `adamStep`. Shared by every backend's kernels so that they round them identically
 * (each constant is a float32 value; see the reference kernels in `reference/optim.ts` for the order
 * of operations, which follows PyTorch's vectorised CPU kernels).
 */
import type { AdamMomentsAttrs, AdamStepAttrs } from './primitives.js';

export interface AdamMomentConstants {
  /** ±1: −1 when maximizing. */
  sign: number;
  b1: number;
  b2: number;
  oneMinusB1: number;
  oneMinusB2: number;
  /** L2 penalty added to the gradient (0: none). */
  l2: number;
}

export interface AdamStepConstants {
  /** −lr / (1 − β₁ᵗ). */
  negStepSize: number;
  /** √(1 − β₂ᵗ). */
  bc2Sqrt: number;
  eps: number;
  /** 1 − lr·decoupledWeightDecay; only used when `decoupled`. */
  decayFactor: number;
  decoupled: boolean;
}

export function adamMomentConstants(a: AdamMomentsAttrs): AdamMomentConstants {
  return {
    sign: a.maximize ? -1 : 1,
    b1: Math.fround(a.beta1),
    b2: Math.fround(a.beta2),
    oneMinusB1: Math.fround(1 - a.beta1),
    oneMinusB2: Math.fround(1 - a.beta2),
    l2: a.weightDecay !== 0 ? Math.fround(a.weightDecay) : 0,
  };
}

export function adamStepConstants(a: AdamStepAttrs): AdamStepConstants {
  const biasCorrection1 = 1 - a.beta1 ** a.step;
  const biasCorrection2 = 1 - a.beta2 ** a.step;
  return {
    negStepSize: Math.fround(-(a.lr / biasCorrection1)),
    bc2Sqrt: Math.fround(Math.sqrt(biasCorrection2)),
    eps: Math.fround(a.eps),
    decayFactor: Math.fround(1 - a.lr * a.decoupledWeightDecay),
    decoupled: a.decoupledWeightDecay !== 0,
  };
}
