/**
 * Metrics as objects that accumulate over batches (torchmetrics' `update`/`compute`/`reset`, Keras'
 * `Metric.update_state`/`result`/`reset_state`). `update` only queues work on the device; `compute` reads
 * the accumulated state back (one transfer) and returns host values.
 */
import type { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../tensor/autograd/node.js';
import { concat } from '../tensor/ops/movement.js';
import { formatShape } from '../engine/shape.js';
import { readScalars } from './step-log.js';

/** A metric over batches: `update(...)` per batch, `compute()` for the value so far, `reset()` to start again. */
export interface Metric<Args extends unknown[], Result = number> {
  /** Name used in logs and messages, e.g. 'accuracy'. */
  readonly name: string;
  /** Adds one batch; reads nothing back. */
  update(...args: Args): void;
  /** The value over every batch since the last `reset` (reads the device state once). */
  compute(): Result;
  /** Forgets every batch. */
  reset(): void;
}

/** Loose per-update sums are packed into one device tensor every this many updates. */
const PACK = 256;

/**
 * Weighted mean of values over batches (Keras' `Mean`, torchmetrics' `MeanMetric`). `update(value)` with a
 * scalar tensor (e.g. a batch's mean loss) and a weight (default 1; the batch size for a per-example
 * mean); a tensor of several values counts each element with the weight. The sums are formed on the
 * host in float64 from the float32 values, in update order, so `Mean` over batch losses weighted by
 * batch sizes equals Σ lossᵢ·nᵢ / Σ nᵢ computed from each `loss.item()`. NaN when nothing was added.
 */
export class Mean implements Metric<[values: Tensor, weight?: number]> {
  private packed: Tensor[] = [];
  private loose: Tensor[] = [];
  /** Per update: what its value is multiplied by, and the count it adds. */
  /** Per update, in order: the factor of its summed value and the weight it adds to the count. */
  private weights: { factor: number; count: number }[] = [];
  private cached: number | null = null;

  constructor(readonly name = 'mean') {}

  update(values: Tensor, weight = 1): void {
    if (!Number.isFinite(weight) || weight < 0) throw new Error(`${this.name}: weight must be a finite number ≥ 0, got ${weight}`);
    if (values.size === 0) throw new Error(`${this.name}: update got an empty tensor ${formatShape(values.shape)}`);
    const v = noGrad(() => (values.size === 1 ? values.detach().reshape([1]) : values.detach().cast('float32').sum().reshape([1])));
    this.loose.push(v);
    this.weights.push({ factor: weight, count: weight * values.size });
    this.cached = null;
    if (this.loose.length >= PACK) {
      this.packed.push(noGrad(() => concatFloat(this.loose)));
      this.loose = [];
    }
  }

  compute(): number {
    if (this.cached !== null) return this.cached;
    const values = readScalars([...this.packed, ...this.loose]);
    let sum = 0;
    let count = 0;
    // One value was read per update, in update order.
    this.weights.forEach((w, i) => {
      const v = values[i];
      if (v === undefined) throw new Error(`${this.name}: read ${values.length} values for ${this.weights.length} updates`);
      sum += v * w.factor;
      count += w.count;
    });
    this.cached = count > 0 ? sum / count : Number.NaN;
    return this.cached;
  }

  reset(): void {
    this.packed = [];
    this.loose = [];
    this.weights = [];
    this.cached = null;
  }
}

function concatFloat(ts: readonly Tensor[]): Tensor {
  return concat(ts.map((t) => t.cast('float32')));
}
