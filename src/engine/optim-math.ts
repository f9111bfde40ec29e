/**
 * The float32 constants of SGD's and RMSprop's updates, computed once per parameter and step from the
 * attributes of `sgdMomentum` / `sgdStep` / `rmspropMoments` / `rmspropStep`. Shared by every
 * backend's kernels so that they round them identically; the reference kernels
 * (`backend/reference/kernels/optim.ts`) state the order of operations. (Adam's are in `adam-math.ts`.)
 */
import type { RmspropMomentsAttrs, RmspropStepAttrs, SgdMomentumAttrs, SgdStepAttrs } from './primitives.js';

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
