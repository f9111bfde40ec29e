/**
 * Cases of the optimiser primitives adamMoments and adamStep (float32 only, not differentiable): Adam
 * and AMSGrad state (2 or 3 rows), L2 weight decay, maximize, AdamW's decoupled decay, early and late
 * steps (bias corrections), sizes from empty to long (SIMD body and tail).
 */
import type { AdamMomentsAttrs, AdamStepAttrs } from '../../../src/engine/primitives.js';
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

export const optimCaseTable = {
  adamMoments: adamMomentsCases(),
  adamStep: adamStepCases(),
};
