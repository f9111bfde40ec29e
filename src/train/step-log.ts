/**
 * Step values kept on the device until the loop logs: each step's loss and logs are held as detached
 * scalar tensors and read back together, in one transfer, when the window is flushed.
 */
import type { Tensor } from '../tensor/tensor.js';
import { concat } from '../tensor/ops/movement.js';
import { noGrad } from '../tensor/autograd/node.js';
import type { StepOutput } from './task.js';
import { isLogTotal } from './task.js';
import type { RunningTotals } from './state.js';

/** The loss of a training step was NaN or ±Infinity; thrown at the first flush after it. */
export class NonFiniteLossError extends Error {
  /**
   * @param step the failing optimiser step, 1-based over the whole run.
   * @param epoch its epoch (0-based); `batch` its batch within the epoch (0-based).
   * @param value the loss read back.
   */
  constructor(readonly step: number, readonly epoch: number, readonly batch: number, readonly value: number) {
    super(`training stopped: the loss became ${value} at step ${step} (epoch ${epoch + 1}, batch ${batch + 1}); the last saved checkpoint is unchanged`);
    this.name = 'NonFiniteLossError';
  }
}

/** Where a step ran. */
export interface StepPosition {
  /** 1-based over the whole run. */
  step: number;
  /** 0-based epoch and batch within it. */
  epoch: number;
  batch: number;
  /** Examples in the batch. */
  size: number;
}

/** One logged value of a step: its name and how it adds to the totals. */
interface PendingValue {
  name: string;
  /** Weight of a batch mean (the batch size), or null for a total with its own `count`. */
  weight: number | null;
  count: number;
}

interface PendingStep {
  at: StepPosition;
  values: PendingValue[];
}

/** Loose scalars are packed into one tensor (on the device, no read) every this many. */
const PACK = 256;

/**
 * Reads scalar tensors (any dtype, size 1) back in one transfer, as float32 values in order. int32
 * counts are exact up to 2^24.
 */
export function readScalars(tensors: readonly Tensor[]): Float32Array {
  if (tensors.length === 0) return new Float32Array(0);
  const flat = noGrad(() => concat(tensors.map((t) => t.reshape([t.size]).cast('float32'))));
  return Float32Array.from(flat.dataView());
}

/**
 * The steps since the last flush. `push` stores a step's tensors (detached); `flush` reads all of them in
 * one transfer, adds them to the totals in step order and, when asked, checks each step's loss.
 */
export class StepLogWindow {
  private steps: PendingStep[] = [];
  private packed: Tensor[] = [];
  private loose: Tensor[] = [];

  /** Steps waiting to be read. */
  get length(): number {
    return this.steps.length;
  }

  /** The position of the last step pushed, or null when the window is empty. */
  get last(): StepPosition | null {
    return this.steps.at(-1)?.at ?? null;
  }

  /** Holds `out`'s loss (weighted by the batch size) and logs for the next flush. */
  push(at: StepPosition, out: StepOutput): void {
    const values: PendingValue[] = [{ name: 'loss', weight: at.size, count: at.size }];
    this.keep(out.loss);
    for (const [name, v] of Object.entries(out.logs ?? {})) {
      if (isLogTotal(v)) {
        values.push({ name, weight: null, count: v.count });
        this.keep(v.total);
      } else {
        values.push({ name, weight: at.size, count: at.size });
        this.keep(v);
      }
    }
    this.steps.push({ at, values });
  }

  private keep(t: Tensor): void {
    this.loose.push(t.detach());
    if (this.loose.length >= PACK) {
      this.packed.push(noGrad(() => concat(this.loose.map((s) => s.reshape([1]).cast('float32')))));
      this.loose = [];
    }
  }

  /**
   * Reads every pending value in one transfer and adds them to `totals` in step order (a mean adds
   * value × batch size over the batch size; a total adds itself over its count; `totals.seen` grows by
   * each batch size). With `checkLoss`, the first step whose loss is NaN or infinite throws
   * {@link NonFiniteLossError} naming it. Returns the number of steps read (0: nothing was read).
   */
  flush(totals: RunningTotals, checkLoss: boolean): number {
    const steps = this.steps;
    if (steps.length === 0) return 0;
    const tensors = [...this.packed, ...this.loose];
    this.steps = [];
    this.packed = [];
    this.loose = [];
    const values = readScalars(tensors);
    // One value per logged entry, in step order; a step's first entry is its loss.
    const read = (k: number): number => {
      const v = values[k];
      if (v === undefined) throw new Error(`step log: read ${values.length} values, fewer than the steps logged`);
      return v;
    };
    let k = 0;
    for (const { at, values: entries } of steps) {
      const loss = read(k);
      if (checkLoss && !Number.isFinite(loss)) throw new NonFiniteLossError(at.step, at.epoch, at.batch, loss);
      for (const e of entries) {
        const v = read(k++);
        if (e.weight === null) totals.add(e.name, v, e.count);
        else totals.add(e.name, v * e.weight, e.count);
      }
      totals.seen += at.size;
    }
    return steps.length;
  }
}
