import { checkNumber } from './hyper-reader.js';
import { zipExact } from './zip.js';

/** What a scheduler needs from an optimiser: groups with a writable `lr` (every {@link Optimizer} fits). */
export interface SchedulableOptimizer {
  readonly paramGroups: readonly { lr: number; initialLr?: number }[];
}

/** A JSON-friendly snapshot of a scheduler's progress. */
export interface SchedulerStateDict {
  lastEpoch: number;
  baseLrs: number[];
  lastLr: number[];
  /** Children of a {@link SequentialLR}. */
  schedulers?: SchedulerStateDict[];
}

/** Anything that sets an optimiser's learning rate once per `step()` (an epoch or a batch, your choice). */
export interface Scheduler {
  readonly optimizer: SchedulableOptimizer;
  /** Number of `step()` calls since construction (0 right after it). */
  readonly lastEpoch: number;
  step(): void;
  /** The learning rate of each param group as last set by this scheduler. */
  getLastLr(): number[];
  stateDict(): SchedulerStateDict;
  /**
   * Restores progress from `stateDict()`. Like PyTorch, this does not touch the optimiser: restore its own
   * state dict too (it holds the current learning rates).
   */
  loadStateDict(sd: SchedulerStateDict): void;
}

/** Checks `value` is an integer ≥ `min`, with an error naming the option. */
export function checkInteger(owner: string, name: string, value: unknown, min: number): number {
  const v = checkNumber(owner, name, value, { min });
  if (!Number.isInteger(v)) throw new Error(`${owner}: invalid option ${name} = ${v} (must be an integer >= ${min})`);
  return v;
}

/**
 * Base of the epoch-based schedulers, following PyTorch's `LRScheduler`: construction records each
 * group's `initialLr` (base learning rate) and performs the first step (epoch 0); each `step()` advances
 * one epoch and writes the new rates into the optimiser's groups. Subclasses give the recursive
 * ("chainable") update and a closed form used when jumping to an epoch.
 */
export abstract class LRScheduler implements Scheduler {
  /** Epochs stepped so far; -1 only while constructing. */
  lastEpoch = -1;
  /** Each group's `initialLr`. */
  readonly baseLrs: number[];
  private lastLr: number[] = [];

  protected constructor(
    readonly name: string,
    readonly optimizer: SchedulableOptimizer,
  ) {
    if (optimizer.paramGroups.length === 0) throw new Error(`${name}: the optimiser has no param groups`);
    for (const g of optimizer.paramGroups) if (g.initialLr === undefined) g.initialLr = g.lr;
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr ?? g.lr);
  }

  /** The first step, to epoch 0; subclasses call this at the end of their constructor. */
  protected initialStep(): void {
    this.step();
  }

  /** New rates from the current ones (PyTorch's `get_lr`), with `lastEpoch` already advanced. */
  protected abstract chainedLr(): number[];
  /** The rates at `epoch` computed directly from `baseLrs` (PyTorch's `_get_closed_form_lr`). */
  abstract closedFormLr(epoch: number): number[];

  /** The optimiser's current learning rate of each group. */
  protected currentLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** Each group's current and base learning rate; an error if the optimiser's groups changed since construction. */
  protected currentAndBaseLrs(): { lr: number; base: number }[] {
    const pairs = zipExact(this.currentLrs(), this.baseLrs, () => this.groupCountError(this.baseLrs.length, 'base learning rates'));
    return pairs.map(([lr, base]) => ({ lr, base }));
  }

  /** The error for `count` rates (`what`) where the optimiser has another number of param groups. */
  private groupCountError(count: number, what: string): Error {
    const n = this.optimizer.paramGroups.length;
    return new Error(`${this.name}: expected one of the ${what} per param group (${n}), got ${count} (a group added after the scheduler was made has no base learning rate)`);
  }

  step(): void {
    this.lastEpoch += 1;
    this.apply(this.chainedLr());
  }

  /** Sets the epoch directly, using the closed form (PyTorch's `step(epoch)`; used by {@link SequentialLR}). */
  stepTo(epoch: number): void {
    this.lastEpoch = checkInteger(this.name, 'epoch', epoch, 0);
    this.apply(this.closedFormLr(epoch));
  }

  private apply(lrs: number[]): void {
    const pairs = zipExact(this.optimizer.paramGroups, lrs, () => this.groupCountError(lrs.length, 'new learning rates'));
    for (const [g, lr] of pairs) g.lr = lr;
    this.lastLr = lrs;
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs], lastLr: [...this.lastLr] };
  }

  loadStateDict(sd: SchedulerStateDict): void {
    const n = this.optimizer.paramGroups.length;
    if (sd.baseLrs.length !== n || sd.lastLr.length !== n)
      throw new Error(`${this.name}.loadStateDict: state dict is for ${sd.baseLrs.length} param groups, the optimiser has ${n}`);
    this.lastEpoch = checkInteger(`${this.name}.loadStateDict`, 'lastEpoch', sd.lastEpoch, -1);
    this.baseLrs.splice(0, n, ...sd.baseLrs);
    this.lastLr = [...sd.lastLr];
  }
}
