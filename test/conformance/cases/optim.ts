/**
 * Cases of the optimiser primitives (float32 only, not differentiable), sizes from empty to long (SIMD
 * body and tail): adamMoments and adamStep (Adam and AMSGrad state of 2 or 3 rows, L2 weight decay,
 * maximize, AdamW's decoupled decay, early and late steps); sgdMomentum and sgdStep (with and without
 * a momentum buffer, dampening, Nesterov, weight decay, maximize); rmspropMoments and rmspropStep
 * (every state layout: squareAvg, + gradAvg when centered, + momentumBuffer when momentum > 0).
 */
import type { AdamMomentsAttrs, AdamStepAttrs, RmspropMomentsAttrs, SgdMomentumAttrs, SgdStepAttrs } from '../../../src/engine/primitives.js';
import type { CaseInput, PrimitiveCase, Rng } from '../case.js';
import { describeInputs, rngFor, uniform } from '../case.js';

/** Adam state [k, n]: expAvg in [-0.1, 0.1), then non-negative second moments (maxExpAvgSq for k = 3). */
function state(rng: Rng, k: 2 | 3, n: number): CaseInput {
  const avg = uniform(rng, [n], -0.1, 0.1);
  const sq = uniform(rng, [(k - 1) * n], 0, 0.01);
  const data = new Float64Array(k * n);
  data.set(avg.data);
  data.set(sq.data, n);
  return { shape: [k, n], dtype: 'float', data };
}

const SIZES = [0, 1, 5, 37, 1003];

function adamMomentsCases(): PrimitiveCase<'adamMoments'>[] {
  const rng = rngFor('adamMoments');
  const options: AdamMomentsAttrs[] = [
    { beta1: 0.9, beta2: 0.999, weightDecay: 0, maximize: false },
    { beta1: 0.8, beta2: 0.99, weightDecay: 0.01, maximize: false },
    { beta1: 0.9, beta2: 0.999, weightDecay: 0, maximize: true },
    { beta1: 0.5, beta2: 0.9, weightDecay: 0.1, maximize: true },
  ];
  const cases: PrimitiveCase<'adamMoments'>[] = [];
  SIZES.forEach((n, i) => {
    for (const k of [2, 3] as const) {
      const attrs = options[(i + k) % options.length]!;
      const inputs: [CaseInput, CaseInput, CaseInput] = [uniform(rng, [n], -1, 1), uniform(rng, [n], -1, 1), state(rng, k, n)];
      cases.push({ name: `${describeInputs(inputs)} ${JSON.stringify(attrs)}`, inputs, attrs, out: [k, n], gradient: false });
    }
  });
  return cases;
}

function adamStepCases(): PrimitiveCase<'adamStep'>[] {
  const rng = rngFor('adamStep');
  const options: AdamStepAttrs[] = [
    { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, step: 1, decoupledWeightDecay: 0 },
    { lr: 1e-2, beta1: 0.8, beta2: 0.99, eps: 1e-6, step: 7, decoupledWeightDecay: 0.01 },
    { lr: 3e-4, beta1: 0.9, beta2: 0.999, eps: 1e-8, step: 1000, decoupledWeightDecay: 0.1 },
  ];
  const cases: PrimitiveCase<'adamStep'>[] = [];
  SIZES.forEach((n, i) => {
    for (const k of [2, 3] as const) {
      const attrs = options[(i + k) % options.length]!;
      const inputs: [CaseInput, CaseInput] = [uniform(rng, [n], -1, 1), state(rng, k, n)];
      cases.push({ name: `${describeInputs(inputs)} ${JSON.stringify(attrs)}`, inputs, attrs, out: [n], gradient: false });
    }
  });
  return cases;
}

function sgdMomentumCases(): PrimitiveCase<'sgdMomentum'>[] {
  const rng = rngFor('sgdMomentum');
  const options: SgdMomentumAttrs[] = [
    { momentum: 0.9, dampening: 0, weightDecay: 0, maximize: false },
    { momentum: 0.8, dampening: 0.3, weightDecay: 0.02, maximize: false },
    { momentum: 0.5, dampening: 0, weightDecay: 0.1, maximize: true },
  ];
  const cases: PrimitiveCase<'sgdMomentum'>[] = [];
  SIZES.forEach((n, i) => {
    for (const withBuffer of [false, true]) {
      const attrs = options[(i + (withBuffer ? 1 : 0)) % options.length]!;
      const g = uniform(rng, [n], -1, 1);
      const p = uniform(rng, [n], -2, 2);
      const inputs: [CaseInput, CaseInput, CaseInput?] = withBuffer ? [g, p, uniform(rng, [n], -0.5, 0.5)] : [g, p];
      cases.push({ name: `${describeInputs(inputs)} ${JSON.stringify(attrs)}`, inputs, attrs, out: [n], gradient: false });
    }
  });
  return cases;
}

function sgdStepCases(): PrimitiveCase<'sgdStep'>[] {
  const rng = rngFor('sgdStep');
  const cases: PrimitiveCase<'sgdStep'>[] = [];
  SIZES.forEach((n, i) => {
    const variants: [SgdStepAttrs, boolean][] = [
      [{ lr: 0.1, momentum: 0, nesterov: false, weightDecay: i % 2 === 0 ? 0 : 0.01, maximize: i % 3 === 0 }, false],
      [{ lr: 0.05, momentum: 0.9, nesterov: false, weightDecay: 0, maximize: false }, true],
      [{ lr: 0.01, momentum: 0.7, nesterov: true, weightDecay: i % 2 === 0 ? 0.05 : 0, maximize: i % 2 === 1 }, true],
    ];
    for (const [attrs, withBuffer] of variants) {
      const p = uniform(rng, [n], -2, 2);
      const g = uniform(rng, [n], -1, 1);
      const inputs: [CaseInput, CaseInput, CaseInput?] = withBuffer ? [p, g, uniform(rng, [n], -0.5, 0.5)] : [p, g];
      cases.push({ name: `${describeInputs(inputs)} ${JSON.stringify(attrs)}`, inputs, attrs, out: [n], gradient: false });
    }
  });
  return cases;
}

/** RMSprop state [k, n]: squareAvg in [0.5, 1.5) (so a centred variance stays positive), gradAvg and momentumBuffer small. */
function rmspropState(rng: Rng, attrs: RmspropMomentsAttrs, n: number): CaseInput {
  const rows = [uniform(rng, [n], 0.5, 1.5)];
  if (attrs.centered) rows.push(uniform(rng, [n], -0.3, 0.3));
  if (attrs.momentum > 0) rows.push(uniform(rng, [n], -0.2, 0.2));
  const data = new Float64Array(rows.length * n);
  rows.forEach((r, i) => data.set(r.data, i * n));
  return { shape: [rows.length, n], dtype: 'float', data };
}

const RMSPROP_LAYOUTS: RmspropMomentsAttrs[] = [
  { alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false },
  { alpha: 0.9, eps: 1e-3, weightDecay: 0.01, momentum: 0, centered: true, maximize: true },
  { alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0.9, centered: false, maximize: false },
  { alpha: 0.95, eps: 1e-6, weightDecay: 0.05, momentum: 0.5, centered: true, maximize: false },
];

function rmspropMomentsCases(): PrimitiveCase<'rmspropMoments'>[] {
  const rng = rngFor('rmspropMoments');
  const cases: PrimitiveCase<'rmspropMoments'>[] = [];
  SIZES.forEach((n, i) => {
    for (const j of [0, 2]) {
      const attrs = RMSPROP_LAYOUTS[(i + j) % RMSPROP_LAYOUTS.length]!;
      const inputs: [CaseInput, CaseInput, CaseInput] = [uniform(rng, [n], -1, 1), uniform(rng, [n], -2, 2), rmspropState(rng, attrs, n)];
      cases.push({ name: `${describeInputs(inputs)} ${JSON.stringify(attrs)}`, inputs, attrs, out: [...inputs[2].shape], gradient: false });
    }
  });
  return cases;
}

function rmspropStepCases(): PrimitiveCase<'rmspropStep'>[] {
  const rng = rngFor('rmspropStep');
  const cases: PrimitiveCase<'rmspropStep'>[] = [];
  SIZES.forEach((n, i) => {
    for (const j of [1, 3]) {
      const attrs = { ...RMSPROP_LAYOUTS[(i + j) % RMSPROP_LAYOUTS.length]!, lr: i % 2 === 0 ? 0.01 : 1e-3 };
      const inputs: [CaseInput, CaseInput, CaseInput] = [uniform(rng, [n], -2, 2), uniform(rng, [n], -1, 1), rmspropState(rng, attrs, n)];
      cases.push({ name: `${describeInputs(inputs)} ${JSON.stringify(attrs)}`, inputs, attrs, out: [n], gradient: false });
    }
  });
  return cases;
}

export const optimCaseTable = {
  adamMoments: adamMomentsCases(),
  adamStep: adamStepCases(),
  sgdMomentum: sgdMomentumCases(),
  sgdStep: sgdStepCases(),
  rmspropMoments: rmspropMomentsCases(),
  rmspropStep: rmspropStepCases(),
};
