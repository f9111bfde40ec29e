/**
 * The training-step contract (Keras 3's `train_step`, Lightning's `training_step`): a model or task
 * turns one batch into a loss and named logs, all as tensors on the device. Whatever runs the
 * optimisation — `fitLoop`, Keras' `fit`, `striate train` or a hand-written loop — calls the same
 * `trainingStep`, so they train identically.
 *
 *   const task: TrainingTask<{ x: Tensor; y: Tensor }> = new SupervisedTask({ model, loss: crossEntropy, accuracy: true });
 *   for (const batch of loader) {
 *     const { loss } = trainOnBatch(task, optimizer, batch); // trainingStep, zeroGrad, backward, step
 *   }
 */
import { Tensor } from '../tensor/tensor.js';
import { formatShape } from '../engine/shape.js';
import type { AnyModule } from '../nn/module.js';

/**
 * A log entry counted over examples: `total` (a scalar tensor, e.g. the number of correct predictions)
 * over `count` examples (a host number, e.g. the batch size). Over an epoch the logged value is
 * Σ total / Σ count, exactly (accuracy as correct / seen).
 */
export interface LogTotal {
  readonly total: Tensor;
  readonly count: number;
}

/**
 * A step's log value: a scalar tensor holding the batch's mean (over an epoch it is averaged with the
 * batch sizes as weights, as the loss is), or a {@link LogTotal}.
 */
export type LogValue = Tensor | LogTotal;

/**
 * What a training or validation step returns. Every tensor is a scalar on the device; nothing is read
 * back here: the loop collects them and reads them in one transfer when it logs (see `fitLoop`'s `logEvery`).
 */
export interface StepOutput {
  /** The scalar to minimise (float32 []), still attached to the graph in a training step. Logged as `loss`. */
  loss: Tensor;
  /** More named values to log (e.g. `accuracy`, `class_loss`, `recon_loss`, `kl_loss`); `loss` is reserved. */
  logs?: Record<string, LogValue>;
}

/**
 * A model or task that knows how to train on batches of type `B` (a `{ x, y }` pair, a record of images
 * and boxes, padded token sequences, …).
 */
export interface TrainingTask<B> {
  /** The module whose parameters are trained: switched to train/eval mode by the loop, seen by callbacks and checkpoints. */
  readonly model: AnyModule;
  /** Forward pass and loss of one batch, with gradients recorded (the loop then calls backward and steps). */
  trainingStep(batch: B): StepOutput;
  /**
   * The same on validation data; the loop runs it in eval mode without gradients and logs its values as
   * `val_<name>`. Default: `trainingStep`.
   */
  validationStep?(batch: B): StepOutput;
  /** Examples in `batch` (from shapes, without reading data): the weight of its mean logs and the images/s count. */
  batchSize(batch: B): number;
}

/** The optimiser surface the loops need (every Striate optimiser has it). */
export interface OptimizerLike {
  step(): void;
  zeroGrad(): void;
  lr: number;
}

/** A {@link LogTotal}: `total` over `count` examples. */
export function logTotal(total: Tensor, count: number): LogTotal {
  if (!Number.isInteger(count) || count < 0) throw new Error(`logTotal: count must be an integer ≥ 0, got ${count}`);
  return { total, count };
}

/** True for a {@link LogTotal}, false for a mean given as a tensor. */
export function isLogTotal(v: LogValue): v is LogTotal {
  return !(v instanceof Tensor);
}

/**
 * One optimisation step on `batch`: `task.trainingStep(batch)`, then `optimizer.zeroGrad()`,
 * `loss.backward()`, `optimizer.step()`. Returns the step's output (its tensors are left on the device).
 * `fitLoop` runs exactly this, so a hand-written loop over the same batches gives the same weights.
 */
export function trainOnBatch<B>(task: TrainingTask<B>, optimizer: OptimizerLike, batch: B): StepOutput {
  const out = task.trainingStep(batch);
  checkStepOutput(out, 'trainingStep');
  optimizer.zeroGrad();
  out.loss.backward();
  optimizer.step();
  return out;
}

/** Checks that a step's loss and logs are scalar tensors (shapes only: nothing is read). */
export function checkStepOutput(out: StepOutput, where: string): void {
  if (!(out.loss instanceof Tensor)) throw new Error(`${where}: expected { loss: Tensor, logs? }, got loss ${String(out.loss)}`);
  if (out.loss.size !== 1) throw new Error(`${where}: the loss must be a scalar tensor, got shape ${formatShape(out.loss.shape)}`);
  for (const [name, v] of Object.entries(out.logs ?? {})) {
    if (name === 'loss') throw new Error(`${where}: log 'loss' is reserved for the step's loss (name the value otherwise)`);
    const t = isLogTotal(v) ? v.total : v;
    if (!(t instanceof Tensor) || t.size !== 1)
      throw new Error(`${where}: log '${name}' must be a scalar tensor or { total, count }, got ${t instanceof Tensor ? `shape ${formatShape(t.shape)}` : String(t)}`);
    if (isLogTotal(v) && (!Number.isInteger(v.count) || v.count < 0))
      throw new Error(`${where}: log '${name}' has count ${v.count} (expected an integer ≥ 0)`);
  }
}
