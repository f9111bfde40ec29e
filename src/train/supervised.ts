/**
 * The ready-made task for today's supervised learning: a model maps `x` to an output, a loss compares it
 * with `y`, and optionally the batch's accuracy is counted on the device.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { Module } from '../nn/module.js';
import type { LogValue, StepOutput, TrainingTask } from './task.js';
import { logTotal } from './task.js';
import { countCorrect } from './classification-metrics.js';
import { axisLength } from '../engine/shape.js';

/** A supervised batch: inputs x [B, ...] and targets y [B, ...] (int32 [B] class indices for classification). */
export interface SupervisedBatch {
  readonly x: Tensor;
  readonly y: Tensor;
}

/** Options of {@link SupervisedTask}. */
export interface SupervisedTaskOptions {
  /** Maps x to the output the loss reads (for classification: logits [B, C]). */
  model: Module;
  /** The loss of (output, y): a scalar tensor. */
  loss: (output: Tensor, target: Tensor) => Tensor;
  /** Model output from a batch's x (default `model.call(x)`). */
  forward?: (x: Tensor) => Tensor;
  /**
   * Log `accuracy`: the fraction of rows whose arg-max is the target, counted on the device (output [B, C],
   * y int [B]). `true` requires those shapes; `'auto'` counts it for batches that have them (as
   * `evaluateBatches` always did). Default false.
   */
  accuracy?: boolean | 'auto';
  /** More per-batch logs of (output, y): a scalar batch mean or a `{ total, count }` (computed on the device). */
  metrics?: Record<string, (output: Tensor, target: Tensor) => LogValue>;
}

/**
 * `trainingStep({ x, y })` = `{ loss: loss(forward(x), y), logs: { accuracy?, ...metrics } }`; validation
 * is the same computation. The batch size is `x.shape[0]`.
 */
export class SupervisedTask implements TrainingTask<SupervisedBatch> {
  readonly model: Module;
  private readonly lossFn: (output: Tensor, target: Tensor) => Tensor;
  private readonly forwardFn: (x: Tensor) => Tensor;
  private readonly accuracy: boolean | 'auto';
  private readonly metrics: Record<string, (output: Tensor, target: Tensor) => LogValue>;

  constructor(opts: SupervisedTaskOptions) {
    this.model = opts.model;
    this.lossFn = opts.loss;
    const model = opts.model;
    this.forwardFn = opts.forward ?? ((x) => model.call(x));
    this.accuracy = opts.accuracy ?? false;
    this.metrics = opts.metrics ?? {};
    if ('loss' in this.metrics || ('accuracy' in this.metrics && this.accuracy !== false))
      throw new Error(`SupervisedTask: metric names must differ from 'loss' and 'accuracy', got ${Object.keys(this.metrics).join(', ')}`);
  }

  trainingStep(batch: SupervisedBatch): StepOutput {
    const out = this.forwardFn(batch.x);
    const loss = this.lossFn(out, batch.y);
    const logs: Record<string, LogValue> = {};
    const classification = out.rank === 2 && batch.y.rank === 1;
    if (this.accuracy === true || (this.accuracy === 'auto' && classification)) logs['accuracy'] = logTotal(countCorrect(out, batch.y), axisLength(out.shape, 0, 'SupervisedTask: outputs'));
    for (const [name, metric] of Object.entries(this.metrics)) logs[name] = metric(out.detach(), batch.y);
    return { loss, logs };
  }

  batchSize(batch: SupervisedBatch): number {
    return axisLength(batch.x.shape, 0, 'SupervisedTask: batch inputs x [B, ...]');
  }
}
