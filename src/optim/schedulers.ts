import { checkNumber } from './hyper-reader.js';
import type { SchedulableOptimizer } from './lr-scheduler.js';
import { checkInteger, LRScheduler } from './lr-scheduler.js';

export { LRScheduler } from './lr-scheduler.js';
export type { Scheduler, SchedulableOptimizer, SchedulerStateDict } from './lr-scheduler.js';

/** Multiplies the rate by `gamma` every `stepSize` epochs (`torch.optim.lr_scheduler.StepLR`). */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: SchedulableOptimizer, opts: { stepSize: number; gamma?: number }) {
    super('StepLR', optimizer);
    this.stepSize = checkInteger('StepLR', 'stepSize', opts.stepSize, 1);
    this.gamma = checkNumber('StepLR', 'gamma', opts.gamma ?? 0.1, { min: 0 });
    this.initialStep();
  }

  protected override chainedLr(): number[] {
    const e = this.lastEpoch;
    if (e === 0 || e % this.stepSize !== 0) return this.currentLrs();
    return this.currentLrs().map((lr) => lr * this.gamma);
  }

  override closedFormLr(epoch: number): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(epoch / this.stepSize));
  }
}

/** Multiplies the rate by `gamma` at each epoch listed in `milestones` (`MultiStepLR`). */
export class MultiStepLR extends LRScheduler {
  readonly milestones: readonly number[];
  readonly gamma: number;

  constructor(optimizer: SchedulableOptimizer, opts: { milestones: readonly number[]; gamma?: number }) {
    super('MultiStepLR', optimizer);
    if (!Array.isArray(opts.milestones)) throw new Error(`MultiStepLR: invalid option milestones = ${String(opts.milestones)} (must be an array of epochs)`);
    this.milestones = opts.milestones.map((m, i) => checkInteger('MultiStepLR', `milestones[${i}]`, m, 0)).sort((a, b) => a - b);
    this.gamma = checkNumber('MultiStepLR', 'gamma', opts.gamma ?? 0.1, { min: 0 });
    this.initialStep();
  }

  protected override chainedLr(): number[] {
    const hits = this.milestones.filter((m) => m === this.lastEpoch).length;
    if (hits === 0) return this.currentLrs();
    return this.currentLrs().map((lr) => lr * this.gamma ** hits);
  }

  override closedFormLr(epoch: number): number[] {
    const passed = this.milestones.filter((m) => m <= epoch).length;
    return this.baseLrs.map((b) => b * this.gamma ** passed);
  }
}

/** Multiplies the rate by `gamma` every epoch (`ExponentialLR`). */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: SchedulableOptimizer, opts: { gamma: number }) {
    super('ExponentialLR', optimizer);
    this.gamma = checkNumber('ExponentialLR', 'gamma', opts.gamma, { min: 0 });
    this.initialStep();
  }

  protected override chainedLr(): number[] {
    if (this.lastEpoch === 0) return this.currentLrs();
    return this.currentLrs().map((lr) => lr * this.gamma);
  }

  override closedFormLr(epoch: number): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** epoch);
  }
}

/**
 * Cosine annealing from the base rate to `etaMin` over `tMax` epochs (`CosineAnnealingLR`), in PyTorch's
 * recursive form: past `tMax` the rate follows the cosine back up (period `2·tMax`).
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: SchedulableOptimizer, opts: { tMax: number; etaMin?: number }) {
    super('CosineAnnealingLR', optimizer);
    this.tMax = checkInteger('CosineAnnealingLR', 'tMax', opts.tMax, 1);
    this.etaMin = checkNumber('CosineAnnealingLR', 'etaMin', opts.etaMin ?? 0, { min: 0 });
    this.initialStep();
  }

  protected override chainedLr(): number[] {
    const e = this.lastEpoch;
    const T = this.tMax;
    const lrs = this.currentLrs();
    if (e === 0) return lrs;
    if ((e - 1 - T) % (2 * T) === 0)
      return this.currentAndBaseLrs().map(({ lr, base }) => lr + ((base - this.etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    return lrs.map(
      (lr) => ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (lr - this.etaMin) + this.etaMin,
    );
  }

  override closedFormLr(epoch: number): number[] {
    return this.baseLrs.map((b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * epoch) / this.tMax))) / 2);
  }
}

/**
 * Scales the base rate by a factor moving linearly from `startFactor` to `endFactor` over `totalIters`
 * epochs, then holds it (`LinearLR`; the usual warm-up).
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  constructor(optimizer: SchedulableOptimizer, opts: { startFactor?: number; endFactor?: number; totalIters?: number } = {}) {
    super('LinearLR', optimizer);
    this.startFactor = checkNumber('LinearLR', 'startFactor', opts.startFactor ?? 1 / 3, { min: 0, max: 1, minExclusive: true });
    this.endFactor = checkNumber('LinearLR', 'endFactor', opts.endFactor ?? 1, { min: 0, max: 1 });
    this.totalIters = checkInteger('LinearLR', 'totalIters', opts.totalIters ?? 5, 1);
    this.initialStep();
  }

  protected override chainedLr(): number[] {
    const e = this.lastEpoch;
    const lrs = this.currentLrs();
    if (e === 0) return lrs.map((lr) => lr * this.startFactor);
    if (e > this.totalIters) return lrs;
    const delta = this.endFactor - this.startFactor;
    return lrs.map((lr) => lr * (1 + delta / (this.totalIters * this.startFactor + (e - 1) * delta)));
  }

  override closedFormLr(epoch: number): number[] {
    const frac = Math.min(this.totalIters, epoch) / this.totalIters;
    return this.baseLrs.map((b) => b * (this.startFactor + (this.endFactor - this.startFactor) * frac));
  }
}
