/**
 * The held-out figure (`xo-heldout.png`): a grid of generated test letters, each titled with its true
 * class, the prediction and the prediction's probability; wrong predictions are titled in red.
 * Pixels are drawn as grey cells (black background, white ink), 4 screen pixels per image pixel.
 */
import type { TopLevelSpec } from 'vega-lite';
import { XO_CLASSES } from './letters.js';
import type { XoLetters } from './dataset.js';
import type { XoPrediction } from './train.js';
import type { Panel } from './figure-features.js';
import { FIGURE_FONT } from './figure-style.js';

/** Up to `count` examples to show: the first held-out images, with up to a quarter of the grid given to mistakes. */
export function pickExamples(predictions: readonly XoPrediction[], count = 24): XoPrediction[] {
  const wrong = predictions.filter((p) => p.predicted !== p.label).slice(0, Math.floor(count / 4));
  const right = predictions.filter((p) => p.predicted === p.label).slice(0, count - wrong.length);
  return [...right, ...wrong].sort((a, b) => a.index - b.index);
}

function letterPanel(data: XoLetters, p: XoPrediction, step: number): Panel {
  const s = data.size;
  const base = p.index * s * s;
  const values = Array.from(data.images.subarray(base, base + s * s), (v, k) => ({ row: Math.floor(k / s), col: k % s, v }));
  const ok = p.predicted === p.label;
  return {
    title: {
      text: `#${p.index}: ${XO_CLASSES[p.label]} → ${XO_CLASSES[p.predicted]} ${p.confidence.toFixed(2)}${ok ? '' : ' ✗'}`,
      color: ok ? 'black' : '#c00000', fontSize: 11, font: FIGURE_FONT,
    },
    data: { values },
    width: { step }, height: { step },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'col', type: 'ordinal', axis: null },
      y: { field: 'row', type: 'ordinal', axis: null },
      color: { field: 'v', type: 'quantitative', scale: { domain: [0, 255], range: ['black', 'white'] }, legend: null },
    },
  };
}

/** The Vega-Lite spec of the held-out figure for `examples` (indices into `data`). */
export function predictionFigureSpec(data: XoLetters, examples: readonly XoPrediction[], accuracy: number, columns = 8): TopLevelSpec {
  return {
    title: {
      text: `Held-out, more strongly deformed letters: ${(accuracy * 100).toFixed(1)}% correct`,
      subtitle: examples.some((p) => p.predicted !== p.label)
        ? 'title: true class → predicted class, probability; red ✗ = wrong (mistakes are over-represented here)'
        : 'title: true class → predicted class, probability',
      fontSize: 15, font: FIGURE_FONT, subtitleFont: FIGURE_FONT, anchor: 'start',
    },
    columns,
    spacing: 14,
    config: { view: { stroke: '#888' }, font: FIGURE_FONT },
    concat: examples.map((p) => letterPanel(data, p, 4)),
  };
}
