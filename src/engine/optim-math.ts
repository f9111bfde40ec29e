/**
 * The float32 constants of the optimisers' updates (Adam/AdamW, SGD, RMSprop), computed once per
 * parameter and step from the attributes of the optim primitives. Shared by every backend's kernels so
 * that they round them identically (each constant is a float32 value); the reference kernels
 * (`backend/reference/kernels/optim.ts`) state the order of operations, which follows PyTorch's
 * vectorised CPU kernels.
 */
import type {
  AdamMomentsAttrs, AdamStepAttrs, RmspropMomentsAttrs, RmspropStepAttrs, SgdMomentumAttrs, SgdStepAttrs,
} from './primitives.js';

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


export interface SgdMomentumConstants {
  /** ±1: −1 when maximizing. */
  sign: number;
  /** fround(weightDecay); 0: no L2 term. */
  wd: number;
  /** fround(momentum). */
  mom: number;
  /** fround(1 − dampening). */
  keep: number;
}

export interface SgdStepConstants {
  sign: number;
  wd: number;
  mom: number;
  /** fround(−lr). */
  negLr: number;
  nesterov: boolean;
}

export function sgdMomentumConstants(a: SgdMomentumAttrs): SgdMomentumConstants {
  return { sign: a.maximize ? -1 : 1, wd: Math.fround(a.weightDecay), mom: Math.fround(a.momentum), keep: Math.fround(1 - a.dampening) };
}

export function sgdStepConstants(a: SgdStepAttrs): SgdStepConstants {
  return { sign: a.maximize ? -1 : 1, wd: Math.fround(a.weightDecay), mom: Math.fround(a.momentum), negLr: Math.fround(-a.lr), nesterov: a.nesterov };
}

export interface RmspropConstants {
  sign: number;
  wd: number;
  alpha: number;
  /** fround(1 − alpha). */
  oneMinusAlpha: number;
  eps: number;
  mom: number;
  /** fround(−lr) (−0 for `rmspropMoments`, which has no lr). */
  negLr: number;
  centered: boolean;
  /** Whether the state has a `momentumBuffer` row (momentum > 0). */
  hasMomentum: boolean;
}

/** The number of state rows for these attributes: squareAvg, gradAvg if centered, momentumBuffer if momentum > 0. */
export function rmspropRows(a: RmspropMomentsAttrs): number {
  return 1 + (a.centered ? 1 : 0) + (a.momentum > 0 ? 1 : 0);
}

export function rmspropConstants(a: RmspropMomentsAttrs | RmspropStepAttrs): RmspropConstants {
  return {
    sign: a.maximize ? -1 : 1,
    wd: Math.fround(a.weightDecay),
    alpha: Math.fround(a.alpha),
    oneMinusAlpha: Math.fround(1 - a.alpha),
    eps: Math.fround(a.eps),
    mom: Math.fround(a.momentum),
    negLr: Math.fround(-('lr' in a ? a.lr : 0)),
    centered: a.centered,
    hasMomentum: a.momentum > 0,
  };
}
