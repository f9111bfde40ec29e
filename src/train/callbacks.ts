import type { Tensor } from '../tensor/tensor.js';
import type { AnyModule } from '../nn/module.js';

/** Metric values at the end of a batch or epoch, e.g. { loss, accuracy, val_loss, val_accuracy, lr }. */
export type Logs = Record<string, number>;

/** What callbacks can see and steer while `fit` runs. */
export interface TrainingContext {
  /** The model being trained (any input/output types). */
  model: AnyModule;
  /** Set to true to stop after the current epoch (EarlyStopping does this). */
  stopTraining: boolean;
  /** Current learning rate (readable and writable). */
  lr: number;
  /** Saves a resumable checkpoint of the run as it stands now into `dir` (when fit was given a saver). */
  saveCheckpoint: ((dir: string, logs: Logs) => Promise<void>) | null;
  epochs: number;
}

/** Keras-style hooks into the training loop; every method is optional. */
export interface Callback {
  onTrainBegin?(ctx: TrainingContext): void | Promise<void>;
  onEpochBegin?(epoch: number, ctx: TrainingContext): void | Promise<void>;
  /** Before optimiser step `step` (0-based, counted over the whole run). */
  onBatchBegin?(step: number, ctx: TrainingContext): void | Promise<void>;
  /**
   * After optimiser step `step` (1-based over the run). `logs` are the epoch's running means as of the loop's
   * last flush: they refresh every `logEvery` steps (fitLoop's option, default 10) and are `{}` before an
   * epoch's first flush; reading the device per step would stall it.
   */
  onBatchEnd?(step: number, logs: Logs, ctx: TrainingContext): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs, ctx: TrainingContext): void | Promise<void>;
  onTrainEnd?(ctx: TrainingContext): void | Promise<void>;
}

/** Records every epoch's logs: `history.history.loss[epoch]`, like Keras' History. */
export class History implements Callback {
  readonly epochs: number[] = [];
  readonly history: Record<string, number[]> = {};
  onEpochEnd(epoch: number, logs: Logs): void {
    this.epochs.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}

export interface EarlyStoppingOptions {
  monitor?: string;
  minDelta?: number;
  patience?: number;
  mode?: 'min' | 'max' | 'auto';
  /** Put back the weights of the best epoch when stopping (or at the end). */
  restoreBestWeights?: boolean;
}

/** Stops training when `monitor` has not improved by `minDelta` for `patience` epochs. */
export class EarlyStopping implements Callback {
  readonly monitor: string;
  private readonly mode: 'min' | 'max';
  private best = Number.NaN;
  private wait = 0;
  private bestWeights: Record<string, Tensor> | null = null;
  stoppedEpoch: number | null = null;
  constructor(private readonly opts: EarlyStoppingOptions = {}) {
    this.monitor = opts.monitor ?? 'val_loss';
    const auto = this.monitor.includes('acc') ? 'max' : 'min';
    this.mode = !opts.mode || opts.mode === 'auto' ? auto : opts.mode;
  }
  /** Starts each run afresh (an instance may be reused across `fit` calls, as in Keras). */
  onTrainBegin(): void {
    this.best = Number.NaN;
    this.wait = 0;
    this.bestWeights = null;
    this.stoppedEpoch = null;
  }
  private improved(v: number): boolean {
    if (Number.isNaN(this.best)) return true;
    const d = this.opts.minDelta ?? 0;
    return this.mode === 'min' ? v < this.best - d : v > this.best + d;
  }
  onEpochEnd(epoch: number, logs: Logs, ctx: TrainingContext): void {
    const v = logs[this.monitor];
    if (v === undefined) throw new Error(`EarlyStopping: metric '${this.monitor}' is not in the logs (available: ${Object.keys(logs).join(', ')})`);
    if (this.improved(v)) {
      this.best = v;
      this.wait = 0;
      if (this.opts.restoreBestWeights) this.bestWeights = ctx.model.stateDict();
      return;
    }
    this.wait++;
    if (this.wait >= (this.opts.patience ?? 0)) {
      ctx.stopTraining = true;
      this.stoppedEpoch = epoch;
      if (this.bestWeights) ctx.model.loadStateDict(this.bestWeights);
    }
  }
  /** With restoreBestWeights, a run that ends without stopping early also gets its best epoch's weights back. */
  onTrainEnd(ctx: TrainingContext): void {
    if (this.bestWeights) ctx.model.loadStateDict(this.bestWeights);
  }
}

/** Saves a resumable checkpoint at the end of each epoch (or only when `monitor` improves). */
export class ModelCheckpoint implements Callback {
  private best = Number.NaN;
  constructor(readonly dir: string, private readonly opts: { monitor?: string; saveBestOnly?: boolean; mode?: 'min' | 'max' } = {}) {}
  async onEpochEnd(_epoch: number, logs: Logs, ctx: TrainingContext): Promise<void> {
    if (!ctx.saveCheckpoint) throw new Error('ModelCheckpoint: this training run has no checkpoint saver');
    if (this.opts.saveBestOnly) {
      const monitor = this.opts.monitor ?? 'val_loss';
      const v = logs[monitor];
      if (v === undefined) throw new Error(`ModelCheckpoint: metric '${monitor}' is not in the logs`);
      const mode = this.opts.mode ?? (monitor.includes('acc') ? 'max' : 'min');
      if (!Number.isNaN(this.best) && (mode === 'min' ? v >= this.best : v <= this.best)) return;
      this.best = v;
    }
    await ctx.saveCheckpoint(this.dir, logs);
  }
}

/** Anything with PyTorch's scheduler shape: `step()` once per epoch and the resulting learning rate. */
export interface EpochScheduler {
  step(): void;
  getLastLr(): number[];
}

/**
 * Sets the learning rate at the start of each epoch, from a function of (epoch, lr) like Keras'
 * LearningRateScheduler, or by stepping a PyTorch-style scheduler at the end of each epoch.
 */
export class LearningRateScheduler implements Callback {
  constructor(private readonly schedule: ((epoch: number, lr: number) => number) | EpochScheduler) {}
  onEpochBegin(epoch: number, ctx: TrainingContext): void {
    if (typeof this.schedule === 'function') ctx.lr = this.schedule(epoch, ctx.lr);
  }
  onEpochEnd(_epoch: number, logs: Logs): void {
    if (typeof this.schedule !== 'function') {
      this.schedule.step();
      const [lr] = this.schedule.getLastLr(); // the first parameter group's rate
      if (lr !== undefined) logs['lr'] = lr;
    }
  }
}

/**
 * Sets the learning rate before every optimiser step from the step's index over the whole run
 * (0-based), like a Keras `LearningRateSchedule` given as the optimiser's rate or a PyTorch scheduler
 * stepped once per batch. Example: `new BatchLearningRateScheduler(cosineDecay(1e-3, epochs * stepsPerEpoch))`.
 * The rate depends on the step alone, so a resumed run follows exactly the rates of the uninterrupted one.
 */
export class BatchLearningRateScheduler implements Callback {
  constructor(private readonly schedule: (step: number) => number) {}
  onBatchBegin(step: number, ctx: TrainingContext): void {
    const lr = this.schedule(step);
    if (!Number.isFinite(lr) || lr < 0) throw new Error(`BatchLearningRateScheduler: the schedule gave lr = ${lr} at step ${step} (expected a finite number ≥ 0)`);
    ctx.lr = lr;
  }
}
