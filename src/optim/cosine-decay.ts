import { checkNumber } from './hyper-reader.js';
import { checkInteger } from './lr-scheduler.js';

/** Options of {@link cosineDecay}. */
export interface CosineDecayOptions {
  /** Final rate as a fraction of the initial one (Keras' `alpha`; default 0). */
  alpha?: number;
}

/**
 * A per-step cosine schedule, Keras' `CosineDecay(initial_learning_rate, decay_steps, alpha)`: the rate
 * at optimiser step `t` (0-based) is `initialLr · ((1 − alpha) · ½(1 + cos(π · min(t, decaySteps) / decaySteps)) + alpha)`,
 * which equals PyTorch's `CosineAnnealingLR(T_max=decaySteps, eta_min=alpha·lr)` stepped once per batch,
 * held at its final value after `decaySteps`. A pure function of the step: a resumed run follows the same rates.
 */
export function cosineDecay(initialLr: number, decaySteps: number, opts: CosineDecayOptions = {}): (step: number) => number {
  checkNumber('cosineDecay', 'initialLr', initialLr, { min: 0 });
  checkInteger('cosineDecay', 'decaySteps', decaySteps, 1);
  const alpha = checkNumber('cosineDecay', 'alpha', opts.alpha ?? 0, { min: 0, max: 1 });
  return (step: number): number => {
    if (!Number.isInteger(step) || step < 0) throw new Error(`cosineDecay: step must be an integer ≥ 0, got ${step}`);
    const t = Math.min(step, decaySteps) / decaySteps;
    return initialLr * ((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * t)) + alpha);
  };
}
