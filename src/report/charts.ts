/**
 * The report's charts as vega-lite specs (rendered by viz/chart.ts; the data is inline in each spec).
 */
import type { TopLevelSpec } from 'vega-lite';

/** Per-epoch metrics as `striate train` records them (index i = epoch i + 1). */
export interface EpochHistory {
  loss: readonly number[];
  accuracy: readonly number[];
  val_loss: readonly number[];
  val_accuracy: readonly number[];
}

const FONT = 'DejaVu Sans, Verdana, sans-serif';
const CONFIG = { font: FONT, view: { stroke: null }, background: 'white' } as const;

interface CurvePoint {
  epoch: number;
  split: 'training' | 'validation';
  value: number;
}

function points(train: readonly number[], validation: readonly number[]): CurvePoint[] {
  const out: CurvePoint[] = [];
  train.forEach((value, i) => Number.isFinite(value) && out.push({ epoch: i + 1, split: 'training', value }));
  validation.forEach((value, i) => Number.isFinite(value) && out.push({ epoch: i + 1, split: 'validation', value }));
  return out;
}

/** Loss and accuracy per epoch, training vs validation, side by side (lines with points, so one epoch shows). */
export function curvesSpec(history: EpochHistory): TopLevelSpec {
  const panel = (title: string, values: CurvePoint[], percent: boolean) => ({
    title,
    width: 300,
    height: 220,
    data: { values },
    mark: { type: 'line' as const, point: { size: 60 }, strokeWidth: 2 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative' as const, title: 'epoch', axis: { tickMinStep: 1, format: 'd' }, scale: { zero: false, nice: false } },
      y: { field: 'value', type: 'quantitative' as const, title, axis: percent ? { format: '.0%' } : {}, scale: { zero: percent } },
      color: { field: 'split', type: 'nominal' as const, title: null, scale: { domain: ['training', 'validation'], range: ['#1f77b4', '#ff7f0e'] } },
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: CONFIG,
    hconcat: [panel('loss', points(history.loss, history.val_loss), false), panel('accuracy', points(history.accuracy, history.val_accuracy), true)],
  };
}

/** counts[t][p] as a heat map with the count in each cell; rows = true class, columns = predicted class. */
export function confusionSpec(counts: readonly (readonly number[])[], classes: readonly string[]): TopLevelSpec {
  const values: { truth: string; predicted: string; count: number; share: number }[] = [];
  counts.forEach((row, t) => {
    const total = row.reduce((s, v) => s + v, 0);
    row.forEach((count, p) => values.push({ truth: classes[t] ?? String(t), predicted: classes[p] ?? String(p), count, share: total ? count / total : 0 }));
  });
  const order = classes.slice(0, counts.length);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: CONFIG,
    title: 'confusion matrix (test set; each row: one true class)',
    width: 36 * order.length,
    height: 36 * order.length,
    data: { values },
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort: order, title: 'predicted class', axis: { labelAngle: -40 } },
      y: { field: 'truth', type: 'nominal', sort: order, title: 'true class' },
    },
    layer: [
      { mark: { type: 'rect' }, encoding: { color: { field: 'share', type: 'quantitative', title: 'share of row', scale: { domain: [0, 1], range: ['#ffffff', '#08519c'], interpolate: 'rgb' } } } },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: 'datum.share > 0.5', value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}
