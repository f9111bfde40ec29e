import type { Tensor } from '../tensor/tensor.js';
import type { Generator } from '../tensor/random.js';
import { defaultGenerator } from '../tensor/random.js';
import { noGrad } from '../tensor/autograd/node.js';
import type { Module } from '../nn/module.js';
import type { Callback, Logs, TrainingContext } from './callbacks.js';
import { History } from './callbacks.js';
import type { ProgressReporter } from './progress.js';
import { defaultProgress } from './progress.js';
import { countTopK } from './metrics.js';
import { yieldToEventLoop } from '../tensor/yield.js';

export interface Batch {
  x: Tensor;
  y: Tensor;
}

/** Anything that yields batches and knows how many it yields per pass (a DataLoader). */
export interface BatchIterable extends Iterable<Batch> {
  readonly length: number;
  /** Starts a pass (drawing its shuffle now) and yields its batches from `startBatch` on. */
  iterate?(startBatch: number): Iterator<Batch>;
}

/** The optimiser surface the loop needs (every Striate optimiser has it). */
export interface OptimizerLike {
  step(): void;
  zeroGrad(): void;
  lr: number;
}

/** Where a run stands, saved in checkpoints so `resume` reproduces the uninterrupted run exactly. */
export interface TrainerState {
  /** Epoch in progress (0-based) and how many of its batches are done. */
  epoch: number;
  batch: number;
  globalStep: number;
  /** Generator state when this epoch started (its shuffle is drawn from it) and now. */
  rngAtEpochStart: number[];
  rngNow: number[];
  history: Record<string, number[]>;
  /**
   * Running totals of the epoch in progress (examples seen, summed loss, correct predictions), so that an
   * epoch resumed part-way reports the same loss and accuracy as the uninterrupted run. Absent in older
   * checkpoints (the resumed epoch then reports only the batches run after resuming).
   */
  epochTotals?: { seen: number; lossSum: number; correct: number };
}

export class NonFiniteLossError extends Error {
  constructor(readonly step: number, readonly epoch: number, readonly batch: number, readonly value: number) {
    super(`training stopped: the loss became ${value} at step ${step} (epoch ${epoch + 1}, batch ${batch + 1}); the last saved checkpoint is unchanged`);
    this.name = 'NonFiniteLossError';
  }
}

export interface FitOptions {
  model: Module;
  /** Model output from a batch's x (default: model.call). */
  forward?: (x: Tensor) => Tensor;
  loss: (output: Tensor, target: Tensor) => Tensor;
  optimizer: OptimizerLike;
  train: BatchIterable;
  validation?: BatchIterable | null;
  epochs: number;
  /** Report classification accuracy (output [N, C] vs integer targets). */
  accuracy?: boolean;
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
}

export interface EvaluateResult {
  loss: number;
  accuracy: number;
  count: number;
}

/** Mean loss and accuracy over every batch, in eval mode, without gradients. */
export function evaluateBatches(
  model: Module, data: Iterable<Batch>, loss: (o: Tensor, t: Tensor) => Tensor, forward: (x: Tensor) => Tensor = (x) => model.call(x),
): EvaluateResult {
  const wasTraining = model.training;
  model.eval();
  let lossSum = 0;
  let correct = 0;
  let count = 0;
  try {
    noGrad(() => {
      for (const { x, y } of data) {
        const out = forward(x);
        const n = x.shape[0]!;
        lossSum += loss(out, y).item() * n;
        if (out.rank === 2 && y.rank === 1) correct += countTopK(out, y, 1);
        count += n;
      }
    });
  } finally {
    model.train(wasTraining);
  }
  return { loss: count ? lossSum / count : Number.NaN, accuracy: count ? correct / count : Number.NaN, count };
}

/**
 * The training loop shared by Keras' `fit` and the CLI: forward, loss, backward, optimiser step for
 * each batch; validation, callbacks and checkpoints at each epoch's end. Nothing needs disposing:
 * every intermediate tensor is garbage once the step ends.
 */
export async function fitLoop(opts: FitOptions): Promise<History> {
  const { model, optimizer, train, epochs } = opts;
  const forward = opts.forward ?? ((x: Tensor) => model.call(x));
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
  const ctx: TrainingContext = {
    model,
    stopTraining: false,
    get lr() {
      return optimizer.lr;
    },
    set lr(v: number) {
      optimizer.lr = v;
    },
    saveCheckpoint: opts.saveCheckpoint ? (dir, logs) => opts.saveCheckpoint!(dir, state, logs) : null,
    epochs,
  };
  for (const cb of callbacks) await cb.onTrainBegin?.(ctx);
  model.train();
  for (let epoch = state.epoch; epoch < epochs && !ctx.stopTraining; epoch++) {
    const skip = resume && epoch === resume.epoch ? resume.batch : 0;
    if (resume && epoch === resume.epoch) gen.setState(resume.rngAtEpochStart);
    const rngAtEpochStart = gen.getState();
    for (const cb of callbacks) await cb.onEpochBegin?.(epoch, ctx);
    progress.epochStart(epoch, epochs, train.length);
    let iterator: Iterator<Batch>;
    if (train.iterate) iterator = train.iterate(skip);
    else {
      iterator = train[Symbol.iterator]();
      for (let i = 0; i < skip; i++) iterator.next();
    }
    const carried = skip > 0 ? resume!.epochTotals : undefined;
    let seen = carried?.seen ?? 0;
    let lossSum = carried?.lossSum ?? 0;
    let correct = carried?.correct ?? 0;
    let seenNow = 0; // examples trained in this call (for images/s)
    let batchIndex = skip;
    if (skip > 0) gen.setState(resume!.rngNow);
    const t0 = performance.now();
    for (let r = iterator.next(); !r.done; r = iterator.next(), batchIndex++) {
      const { x, y } = r.value;
      for (const cb of callbacks) await cb.onBatchBegin?.(state.globalStep, ctx);
      const out = forward(x);
      const loss = opts.loss(out, y);
      const lossValue = loss.item();
      if (!Number.isFinite(lossValue)) throw new NonFiniteLossError(state.globalStep + 1, epoch, batchIndex, lossValue);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      const n = x.shape[0]!;
      seen += n;
      seenNow += n;
      lossSum += lossValue * n;
      if (opts.accuracy) correct += countTopK(out.detach(), y, 1);
      state = {
        ...state, epoch, batch: batchIndex + 1, globalStep: state.globalStep + 1, rngAtEpochStart, rngNow: gen.getState(),
        epochTotals: { seen, lossSum, correct },
      };
      const elapsed = (performance.now() - t0) / 1000;
      const stepsDone = batchIndex + 1 - skip;
      const logs: Logs = { loss: lossSum / seen, ...(opts.accuracy ? { accuracy: correct / seen } : {}) };
      progress.update(batchIndex + 1, {
        loss: logs['loss']!, accuracy: logs['accuracy'] ?? Number.NaN, imagesPerSecond: seenNow / Math.max(elapsed, 1e-9),
        etaSeconds: (elapsed / stepsDone) * (train.length - batchIndex - 1),
      });
      for (const cb of callbacks) await cb.onBatchEnd?.(state.globalStep, logs, ctx);
      await yieldToEventLoop();
      const every = opts.checkpointEvery;
      if (every && opts.saveCheckpoint && state.globalStep % every.steps === 0) await opts.saveCheckpoint(every.dir, state, logs);
    }
    const seconds = (performance.now() - t0) / 1000;
    const logs: Logs = { loss: seen ? lossSum / seen : Number.NaN };
    if (opts.accuracy) logs['accuracy'] = seen ? correct / seen : Number.NaN;
    if (opts.validation) {
      const v = evaluateBatches(model, opts.validation, opts.loss, forward);
      logs['val_loss'] = v.loss;
      if (opts.accuracy) logs['val_accuracy'] = v.accuracy;
    }
    logs['lr'] = optimizer.lr;
    logs['images_per_second'] = seenNow / Math.max(seconds, 1e-9);
    logs['epoch_seconds'] = seconds;
    // The checkpoint written at an epoch's end resumes at the start of the next epoch.
    state = {
      ...state, epoch: epoch + 1, batch: 0, rngAtEpochStart: gen.getState(), rngNow: gen.getState(), epochTotals: { seen: 0, lossSum: 0, correct: 0 },
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
