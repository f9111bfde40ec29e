/**
 * Where a training run stands (saved in checkpoints as `trainer.json`) and the host-side running totals
 * behind an epoch's logged means.
 */
import type { Logs } from './callbacks.js';

/** One log's running total over an epoch: the logged value is `sum / count`. */
export interface TotalEntry {
  sum: number;
  count: number;
}

/**
 * Running totals of the epoch in progress, as saved in `trainer.json`: `seen` examples so far and, per log
 * name, Σ (batch mean × batch size) or Σ total with Σ count. Checkpoints before the training-step contract
 * saved `{ seen, lossSum, correct }` instead; {@link RunningTotals.fromSaved} reads both.
 */
export interface EpochTotals {
  seen: number;
  logs?: Record<string, TotalEntry>;
  /** Old format: Σ loss × batch size. */
  lossSum?: number;
  /** Old format: correct predictions. */
  correct?: number;
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
   * Running totals of the epoch in progress, so that an epoch resumed part-way reports the same logs as
   * the uninterrupted run. Absent in older checkpoints (the resumed epoch then reports only the batches
   * run after resuming).
   */
  epochTotals?: EpochTotals;
}

/**
 * Per-name running sums in float64 on the host, in the order names first appear (`loss` first). Values
 * are added in step order, so an epoch's means are the same however the steps were grouped into reads.
 */
export class RunningTotals {
  private readonly entries = new Map<string, TotalEntry>();
  /** Examples seen (the sum of batch sizes). */
  seen = 0;

  /** Adds `sum` over `count` examples to `name`. */
  add(name: string, sum: number, count: number): void {
    const e = this.entries.get(name);
    if (e) {
      e.sum += sum;
      e.count += count;
    } else this.entries.set(name, { sum, count });
  }

  /** Every name's `sum / count` (NaN where count is 0), in first-seen order. */
  means(): Logs {
    const out: Logs = {};
    for (const [name, e] of this.entries) out[name] = e.count > 0 ? e.sum / e.count : Number.NaN;
    return out;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The JSON form saved in `trainer.json`. */
  toSaved(): EpochTotals {
    const logs: Record<string, TotalEntry> = {};
    for (const [name, e] of this.entries) logs[name] = { sum: e.sum, count: e.count };
    return { seen: this.seen, logs };
  }

  /**
   * Totals from `trainer.json`. The old `{ seen, lossSum, correct }` becomes `loss` and (when the run logged
   * accuracy: `history` has it or some prediction was correct) `accuracy`, each over `seen` examples.
   */
  static fromSaved(saved: EpochTotals | undefined, history: Record<string, number[]> = {}): RunningTotals {
    const t = new RunningTotals();
    if (!saved) return t;
    if (!Number.isFinite(saved.seen) || saved.seen < 0) throw new Error(`trainer.json: epochTotals.seen must be a number ≥ 0, got ${JSON.stringify(saved.seen)}`);
    t.seen = saved.seen;
    if (saved.logs) {
      for (const [name, e] of Object.entries(saved.logs)) {
        if (typeof e?.sum !== 'number' || typeof e.count !== 'number')
          throw new Error(`trainer.json: epochTotals.logs.${name} must be { sum, count } numbers, got ${JSON.stringify(e)}`);
        t.add(name, e.sum, e.count);
      }
      return t;
    }
    if (typeof saved.lossSum === 'number') t.add('loss', saved.lossSum, saved.seen);
    const correct = saved.correct ?? 0;
    if ('accuracy' in history || correct > 0) t.add('accuracy', correct, saved.seen);
    return t;
  }
}
