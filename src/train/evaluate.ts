/**
 * Evaluation over a dataset: every batch's validation step in eval mode without gradients, its values
 * kept on the device and read back once at the end.
 */
import type { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../tensor/autograd/node.js';
import type { Module } from '../nn/module.js';
import type { Logs } from './callbacks.js';
import type { TrainingTask } from './task.js';
import { checkStepOutput } from './task.js';
import { RunningTotals } from './state.js';
import { StepLogWindow } from './step-log.js';
import type { SupervisedBatch } from './supervised.js';
import { SupervisedTask } from './supervised.js';

/** A task's logs over a dataset. */
export interface TaskEvaluation {
  /** `loss` and the task's other logs, each averaged over the examples (batch means weighted by batch size). */
  logs: Logs;
  /** Examples evaluated. */
  count: number;
}

/**
 * Runs `task.validationStep` (or `trainingStep`) on every batch of `data` with the model in eval mode and
 * gradients off (its training mode is restored), and returns the mean of each log over the examples. One
 * read of the device for the whole pass. A non-finite loss is reported as it is (NaN), not thrown.
 */
export function evaluateTask<B>(task: TrainingTask<B>, data: Iterable<B>): TaskEvaluation {
  const model = task.model;
  const wasTraining = model.training;
  const window = new StepLogWindow();
  const totals = new RunningTotals();
  model.eval();
  try {
    noGrad(() => {
      let batch = 0;
      for (const b of data) {
        const out = task.validationStep ? task.validationStep(b) : task.trainingStep(b);
        checkStepOutput(out, task.validationStep ? 'validationStep' : 'trainingStep');
        window.push({ step: batch + 1, epoch: 0, batch, size: task.batchSize(b) }, out);
        batch++;
      }
    });
    window.flush(totals, false);
  } finally {
    model.train(wasTraining);
  }
  return { logs: totals.size ? totals.means() : { loss: Number.NaN }, count: totals.seen };
}

/** Mean loss and accuracy of a classifier over a dataset. */
export interface EvaluateResult {
  loss: number;
  /** Fraction correct; NaN when the outputs are not scores [N, C] for class targets [N]. */
  accuracy: number;
  count: number;
}

/**
 * Mean loss and accuracy over every batch `{ x, y }`, in eval mode, without gradients (the
 * {@link SupervisedTask} of `model` and `loss` with accuracy counted where the output is [N, C]).
 */
export function evaluateBatches(
  model: Module, data: Iterable<SupervisedBatch>, loss: (o: Tensor, t: Tensor) => Tensor, forward?: (x: Tensor) => Tensor,
): EvaluateResult {
  const r = evaluateTask(new SupervisedTask({ model, loss, forward, accuracy: 'auto' }), data);
  return { loss: r.logs['loss'] ?? Number.NaN, accuracy: r.logs['accuracy'] ?? Number.NaN, count: r.count };
}
