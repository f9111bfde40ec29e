import { checkNumber } from './hyper-reader.js';
import type { SchedulableOptimizer, Scheduler, SchedulerStateDict } from './lr-scheduler.js';
import { checkInteger, LRScheduler } from './lr-scheduler.js';
import { CosineAnnealingLR, LinearLR } from './schedulers.js';
import { zipExact } from './zip.js';

/** A scheduler of a {@link SequentialLR} and the epoch from which it is in charge (its milestone). */
interface Phase {
  readonly start: number;
  readonly scheduler: LRScheduler;
}

/**
 * Runs schedulers one after another (`torch.optim.lr_scheduler.SequentialLR`): `schedulers[i]` is in
 * charge from epoch `milestones[i - 1]` on, and starts from its own epoch 0 (closed form) there.
 */
export class SequentialLR implements Scheduler {
  lastEpoch = 0;
  readonly milestones: readonly number[];
  private lastLr: number[];
  /** `schedulers[0]`, in charge from epoch 0. */
  private readonly first: Phase;
  /** The other schedulers with their milestones, in order. */
  private readonly later: readonly Phase[];

  constructor(
    readonly optimizer: SchedulableOptimizer,
    readonly schedulers: readonly LRScheduler[],
    milestones: readonly number[],
  ) {
    const [first, ...rest] = schedulers;
    if (first === undefined) throw new Error('SequentialLR: invalid option schedulers = [] (must hold at least one scheduler)');
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) throw new Error(`SequentialLR: schedulers[${i}] (${s.name}) drives a different optimiser`);
    });
    const pairs = zipExact(rest, milestones, () =>
      new Error(`SequentialLR: invalid option milestones = [${milestones.join(', ')}] (must have ${rest.length} entries, one fewer than schedulers)`),
    );
    this.first = { start: 0, scheduler: first };
    this.later = pairs.map(([scheduler, m], i) => ({ scheduler, start: checkInteger('SequentialLR', `milestones[${i}]`, m, 1) }));
    let previous = this.first.start;
    for (const { start } of this.later) {
      if (start <= previous) throw new Error(`SequentialLR: invalid option milestones = [${milestones.join(', ')}] (must be strictly increasing)`);
      previous = start;
    }
    this.milestones = this.later.map((p) => p.start);
    // Undo the construction steps of the children and start again from the first one, as PyTorch does.
    for (const g of optimizer.paramGroups) g.lr = g.initialLr ?? g.lr;
    for (const s of schedulers) s.lastEpoch -= 1;
    first.step();
    this.lastLr = first.getLastLr();
  }

  step(): void {
    this.lastEpoch += 1;
    // The last phase whose milestone has been reached (milestones are increasing), restarted on its milestone.
    let current = this.first;
    for (const phase of this.later) {
      if (phase.start > this.lastEpoch) break;
      current = phase;
    }
    const s = current.scheduler;
    if (current !== this.first && current.start === this.lastEpoch) s.stepTo(0);
    else s.step();
    this.lastLr = s.getLastLr();
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): SchedulerStateDict {
    return {
      lastEpoch: this.lastEpoch,
      baseLrs: [...this.first.scheduler.baseLrs],
      lastLr: [...this.lastLr],
      schedulers: this.schedulers.map((s) => s.stateDict()),
    };
  }

  loadStateDict(sd: SchedulerStateDict): void {
    const children = sd.schedulers ?? [];
    const pairs = zipExact(this.schedulers, children, () =>
      new Error(`SequentialLR.loadStateDict: state dict has ${children.length} schedulers, this one has ${this.schedulers.length}`),
    );
    this.lastEpoch = checkInteger('SequentialLR.loadStateDict', 'lastEpoch', sd.lastEpoch, 0);
    for (const [s, child] of pairs) s.loadStateDict(child);
    this.lastLr = [...sd.lastLr];
  }
}

/** Options of {@link warmup}. */
export interface WarmupOptions {
  /** Epochs (or batches) of linear warm-up before `main` takes over. */
  warmupSteps: number;
  /** Fraction of the base rate at step 0, in (0, 1]; default `1 / (warmupSteps + 1)`. */
  startFactor?: number;
}

/**
 * Linear warm-up from `startFactor · base` to the base rate over `warmupSteps`, then `main` (restarted at
 * its epoch 0). Returns `main` itself when `warmupSteps` is 0.
 */
export function warmup(main: LRScheduler, opts: WarmupOptions): Scheduler {
  const steps = checkInteger('warmup', 'warmupSteps', opts.warmupSteps, 0);
  if (steps === 0) return main;
  const startFactor = checkNumber('warmup', 'startFactor', opts.startFactor ?? 1 / (steps + 1), { min: 0, max: 1, minExclusive: true });
  const linear = new LinearLR(main.optimizer, { startFactor, endFactor: 1, totalIters: steps });
  return new SequentialLR(main.optimizer, [linear, main], [steps]);
}

/** Options of {@link warmupCosine}. */
export interface WarmupCosineOptions extends WarmupOptions {
  /** Total length of the schedule, warm-up included; the rate reaches `etaMin` here. */
  totalSteps: number;
  /** Final learning rate (default 0). */
  etaMin?: number;
}

/** Linear warm-up for `warmupSteps`, then cosine annealing to `etaMin` at `totalSteps`. */
export function warmupCosine(optimizer: SchedulableOptimizer, opts: WarmupCosineOptions): Scheduler {
  const steps = checkInteger('warmupCosine', 'warmupSteps', opts.warmupSteps, 0);
  const total = checkInteger('warmupCosine', 'totalSteps', opts.totalSteps, steps + 1);
  const cosine = new CosineAnnealingLR(optimizer, { tMax: total - steps, etaMin: opts.etaMin ?? 0 });
  return warmup(cosine, { warmupSteps: steps, startFactor: opts.startFactor });
}
