/**
 * The training loop shared by Keras' `fit`, the CLI and user code: it runs any {@link TrainingTask}.
 * Each step is `trainOnBatch` (the task's `trainingStep`, then zeroGrad, backward, optimiser step); the
 * step's loss and logs stay on the device and are read back together every `logEvery` steps.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { Generator } from '../tensor/random.js';
import { defaultGenerator } from '../tensor/random.js';
import type { Module } from '../nn/module.js';
import type { Callback, Logs, TrainingContext } from './callbacks.js';
import { History } from './callbacks.js';
import type { ProgressReporter } from './progress.js';
import { defaultProgress } from './progress.js';
import { yieldToEventLoop } from '../tensor/yield.js';
import type { OptimizerLike, TrainingTask } from './task.js';
import { trainOnBatch } from './task.js';
import type { TrainerState } from './state.js';
import { RunningTotals } from './state.js';
import { StepLogWindow } from './step-log.js';
import type { SupervisedBatch } from './supervised.js';
import { SupervisedTask } from './supervised.js';
import { evaluateTask } from './evaluate.js';

export type { OptimizerLike } from './task.js';
export type { TrainerState, EpochTotals } from './state.js';
export { NonFiniteLossError } from './step-log.js';
export { evaluateBatches } from './evaluate.js';
export type { EvaluateResult } from './evaluate.js';

/** A supervised batch `{ x, y }` (the batches of `FitOptions`). */
export type Batch = SupervisedBatch;

/** Anything that yields batches of type `B` and knows how many it yields per pass (a DataLoader). */
export interface BatchIterable<B = Batch> extends Iterable<B> {
  readonly length: number;
  /** Starts a pass (drawing its shuffle now) and yields its batches from `startBatch` on. */
  iterate?(startBatch: number): Iterator<B>;
}

/** Default of {@link LoopOptions.logEvery}. */
export const DEFAULT_LOG_EVERY = 10;

/** Options of {@link fitLoop} for any task. */
export interface LoopOptions<B> {
  /** What one step computes (its `model` is trained). */
  task: TrainingTask<B>;
  optimizer: OptimizerLike;
  train: BatchIterable<B>;
  /** Evaluated with the task's `validationStep` at each epoch's end; logged as `val_<name>`. */
  validation?: Iterable<B> | null;
  epochs: number;
  callbacks?: Callback[];
  progress?: ProgressReporter;
  /** The generator the data loader shuffles with and dropout draws from (default: the global one). */
  generator?: Generator;
  /** Continue from a saved state. */
  resume?: TrainerState | null;
  /** Writes a checkpoint of model + optimiser + this trainer state (used by ModelCheckpoint and checkpointEvery). */
  saveCheckpoint?: ((dir: string, state: TrainerState, logs: Logs) => Promise<void>) | null;
  /** Also checkpoint every `steps` optimiser steps into `dir` (mid-epoch resumption). */
  checkpointEvery?: { dir: string; steps: number } | null;
  /**
   * Read the steps' losses and logs back from the device every this many optimiser steps (default
   * {@link DEFAULT_LOG_EVERY} = 10), counted over the run; also at each epoch's end and before every
   * checkpoint. One read per flush and none in between. A NaN or infinite loss is noticed at the next flush
   * (so within `logEvery` steps, before any checkpoint) and throws `NonFiniteLossError` naming its step. The
   * progress bar and the logs `onBatchEnd` receives refresh at each flush.
   */
  logEvery?: number;
}

/** The supervised shorthand: `model`, `loss` (and `accuracy`) instead of a task; batches `{ x, y }`. */
export interface FitOptions extends Omit<LoopOptions<Batch>, 'task'> {
  model: Module;
  /** Model output from a batch's x (default: model.call). */
  forward?: (x: Tensor) => Tensor;
  loss: (output: Tensor, target: Tensor) => Tensor;
  /** Report classification accuracy (output [N, C] vs integer targets), counted on the device. */
  accuracy?: boolean;
}

/**
 * Trains `task.model` for `epochs` (or the `SupervisedTask` of `model` and `loss`): each step runs
 * `trainOnBatch`; validation, callbacks and checkpoints at each epoch's end; `resume` continues a saved
 * run bit for bit. The epoch's logs are `loss` and the task's logs (means over the epoch's examples),
 * `val_*` from validation, `lr`, `images_per_second` and `epoch_seconds`. Callbacks' `onBatchEnd` gets the
 * epoch's running means as of the last flush (refreshed every `logEvery` steps; `{}` before the epoch's first).
 */
export function fitLoop<B>(opts: LoopOptions<B>): Promise<History>;
export function fitLoop(opts: FitOptions): Promise<History>;
export function fitLoop<B>(opts: LoopOptions<B> | FitOptions): Promise<History> {
  if ('task' in opts) return runLoop(opts);
  const { model, forward, loss, accuracy, ...rest } = opts;
  return runLoop({ ...rest, task: new SupervisedTask({ model, forward, loss, accuracy: accuracy ?? false }) });
}

async function runLoop<B>(opts: LoopOptions<B>): Promise<History> {
  const { task, optimizer, train, epochs } = opts;
  const model = task.model;
  const logEvery = opts.logEvery ?? DEFAULT_LOG_EVERY;
  if (!Number.isInteger(logEvery) || logEvery < 1) throw new Error(`fitLoop: logEvery must be a positive integer, got ${logEvery}`);
  const every = opts.checkpointEvery ?? null;
  if (every && (!Number.isInteger(every.steps) || every.steps < 1)) throw new Error(`fitLoop: checkpointEvery.steps must be a positive integer, got ${every.steps}`);
  const gen = opts.generator ?? defaultGenerator;
  const progress = opts.progress ?? defaultProgress(1);
  const history = new History();
  const callbacks: Callback[] = [history, ...(opts.callbacks ?? [])];
  const resume = opts.resume ?? null;
  if (resume) for (const [k, v] of Object.entries(resume.history)) history.history[k] = [...v];
  if (resume) for (let e = 0; e < resume.epoch; e++) history.epochs.push(e);

  let state: TrainerState = {
    epoch: resume?.epoch ?? 0, batch: resume?.batch ?? 0, globalStep: resume?.globalStep ?? 0,
    rngAtEpochStart: gen.getState(), rngNow: gen.getState(), history: history.history,
  };
  const window = new StepLogWindow();
  let totals = new RunningTotals();
  let batchLogs: Logs = {};
  let epochClock = { t0: 0, seenNow: 0, skip: 0 };
  /** Reads the pending steps (one transfer), adds them to the epoch's totals, refreshes logs, state and progress. */
  const flush = (): void => {
    const last = window.last;
    if (window.flush(totals, true) === 0 || last === null) return;
    batchLogs = totals.means();
    state = { ...state, epochTotals: totals.toSaved() };
    const elapsed = (performance.now() - epochClock.t0) / 1000;
    const stepsDone = last.batch + 1 - epochClock.skip;
    progress.update(last.batch + 1, {
      loss: batchLogs['loss'] ?? Number.NaN, accuracy: batchLogs['accuracy'] ?? Number.NaN, imagesPerSecond: epochClock.seenNow / Math.max(elapsed, 1e-9),
      etaSeconds: (elapsed / stepsDone) * (train.length - last.batch - 1),
    });
  };
  const save = opts.saveCheckpoint ?? null;
  const ctx: TrainingContext = {
    model,
    stopTraining: false,
    get lr() {
      return optimizer.lr;
    },
    set lr(v: number) {
      optimizer.lr = v;
    },
    saveCheckpoint: save
      ? async (dir, logs) => {
          flush(); // never a checkpoint ahead of an unread (possibly non-finite) loss
          await save(dir, state, logs);
        }
      : null,
    epochs,
  };
  for (const cb of callbacks) await cb.onTrainBegin?.(ctx);
  model.train();
  for (let epoch = state.epoch; epoch < epochs && !ctx.stopTraining; epoch++) {
    const resumeHere = resume && epoch === resume.epoch ? resume : null;
    const skip = resumeHere ? resumeHere.batch : 0;
    if (resumeHere) gen.setState(resumeHere.rngAtEpochStart);
    const rngAtEpochStart = gen.getState();
    for (const cb of callbacks) await cb.onEpochBegin?.(epoch, ctx);
    progress.epochStart(epoch, epochs, train.length);
    let iterator: Iterator<B>;
    if (train.iterate) iterator = train.iterate(skip);
    else {
      iterator = train[Symbol.iterator]();
      for (let i = 0; i < skip; i++) iterator.next();
    }
    totals = resumeHere && skip > 0 ? RunningTotals.fromSaved(resumeHere.epochTotals, resumeHere.history) : new RunningTotals();
    batchLogs = {};
    let batchIndex = skip;
    if (resumeHere && skip > 0) gen.setState(resumeHere.rngNow);
    epochClock = { t0: performance.now(), seenNow: 0, skip };
    for (let r = iterator.next(); !r.done; r = iterator.next(), batchIndex++) {
      const batch = r.value;
      for (const cb of callbacks) await cb.onBatchBegin?.(state.globalStep, ctx);
      const out = trainOnBatch(task, optimizer, batch);
      const n = task.batchSize(batch);
      epochClock.seenNow += n;
      const step = state.globalStep + 1;
      window.push({ step, epoch, batch: batchIndex, size: n }, out);
      state = { ...state, epoch, batch: batchIndex + 1, globalStep: step, rngAtEpochStart, rngNow: gen.getState() };
      const checkpointDue = every !== null && save !== null && step % every.steps === 0;
      // A checkpoint is only ever written right after a flush: its losses were all read and finite.
      if (step % logEvery === 0 || checkpointDue) flush();
      for (const cb of callbacks) await cb.onBatchEnd?.(step, batchLogs, ctx);
      await yieldToEventLoop();
      if (checkpointDue) await save(every.dir, state, batchLogs);
    }
    flush();
    const seconds = (performance.now() - epochClock.t0) / 1000;
    const logs: Logs = totals.size ? totals.means() : { loss: Number.NaN };
    if (opts.validation) {
      const v = evaluateTask(task, opts.validation);
      for (const [k, value] of Object.entries(v.logs)) logs[`val_${k}`] = value;
    }
    logs['lr'] = optimizer.lr;
    logs['images_per_second'] = epochClock.seenNow / Math.max(seconds, 1e-9);
    logs['epoch_seconds'] = seconds;
    // The checkpoint written at an epoch's end resumes at the start of the next epoch.
    state = {
      ...state, epoch: epoch + 1, batch: 0, rngAtEpochStart: gen.getState(), rngNow: gen.getState(), epochTotals: new RunningTotals().toSaved(),
    };
    for (const cb of callbacks) await cb.onEpochEnd?.(epoch, logs, ctx);
    state = { ...state, history: history.history };
    const parts = Object.entries(logs)
      .filter(([k]) => k !== 'epoch_seconds')
      .map(([k, v]) => `${k} ${k === 'lr' ? v.toExponential(2) : k === 'images_per_second' ? Math.round(v) : v.toFixed(4)}`);
    progress.epochEnd(`Epoch ${epoch + 1}/${epochs} ${seconds.toFixed(1)}s ${parts.join(' ')}`);
  }
  for (const cb of callbacks) await cb.onTrainEnd?.(ctx);
  return history;
}
