/**
 * The case-study figure (`xo-features.png`): a 4 × 3 grid. Top row: an explanation, the clean X and the
 * deformed X (9×9, ±1). Then one row per filter: the 3×3 filter, its 7×7 feature map on the clean X and
 * on the deformed X, each cell printed with its value (2 decimals) and perfect matches (1.00) outlined.
 * Colours: one diverging scale for everything, −1 blue, 0 white, +1 red.
 */
import type { TopLevelSpec } from 'vega-lite';
import { featureMapAt, isPerfectMatch, type Matrix, type XoFilter } from './case-study.js';
import { FIGURE_FONT } from './figure-style.js';

type ConcatSpec = Extract<TopLevelSpec, { concat: unknown }>;
/** One panel of a concatenated Vega-Lite figure. */
export type Panel = ConcatSpec['concat'][number];
type LayerPanel = Extract<Panel, { layer: unknown }>['layer'][number];

interface Cell {
  row: number;
  col: number;
  value: number;
  label: string;
  match: boolean;
}

function cells(m: Matrix, decimals: number): Cell[] {
  return m.flatMap((r, row) => r.map((value, col) => ({
    row, col, value,
    label: decimals === 0 ? (value > 0 ? '+1' : '−1') : value.toFixed(decimals).replace('-', '−'),
    match: isPerfectMatch(value),
  })));
}

/** A heat-map panel of `m` with `step`-pixel cells; optionally each cell's value and an outline on 1.00. */
function heatmap(title: string, m: Matrix, step: number, opts: { decimals?: number; showValues: boolean; outlineMatches: boolean }): Panel {
  const axis = { field: 'col', type: 'ordinal', axis: null } as const;
  const yAxis = { field: 'row', type: 'ordinal', axis: null } as const;
  const color = {
    field: 'value', type: 'quantitative',
    scale: { domain: [-1, 1], scheme: 'redblue', reverse: true },
    legend: { title: 'value', orient: 'right', gradientLength: 160 },
  } as const;
  const layers: LayerPanel[] = [{ mark: { type: 'rect', stroke: '#ddd', strokeWidth: 0.5 }, encoding: { x: axis, y: yAxis, color } }];
  if (opts.outlineMatches)
    layers.push({
      transform: [{ filter: 'datum.match' }],
      mark: { type: 'rect', fill: null, stroke: 'black', strokeWidth: 3 },
      encoding: { x: axis, y: yAxis },
    });
  if (opts.showValues)
    for (const bold of [false, true])
      layers.push({
        transform: [{ filter: bold ? 'datum.match' : '!datum.match' }],
        mark: { type: 'text', fontSize: Math.round(step / 3.2), font: FIGURE_FONT, fontWeight: bold ? 'bold' : 'normal' },
        encoding: {
          x: axis, y: yAxis, text: { field: 'label', type: 'nominal' },
          color: { condition: { test: 'abs(datum.value) > 0.6', value: 'white' }, value: 'black' },
        },
      });
  return {
    title: { text: title, fontSize: 13, font: FIGURE_FONT },
    data: { values: cells(m, opts.decimals ?? 2) },
    width: { step }, height: { step },
    layer: layers,
  };
}

/** The explanation panel in the top-left corner. */
function legendText(lines: readonly string[]): Panel {
  return {
    data: { values: lines.map((text, i) => ({ i, text })) },
    width: 250, height: 230,
    mark: { type: 'text', align: 'left', baseline: 'top', fontSize: 12, font: FIGURE_FONT, x: 0 },
    encoding: { y: { field: 'i', type: 'ordinal', axis: null }, text: { field: 'text', type: 'nominal' } },
  };
}

export interface FeatureFigureInput {
  readonly images: readonly { readonly name: string; readonly pixels: Matrix }[];
  readonly filters: readonly XoFilter[];
  /** maps[image][filter], each [7, 7]. */
  readonly maps: readonly (readonly Matrix[])[];
  readonly agreement: { readonly same: number; readonly total: number };
}

/** The Vega-Lite spec of the case-study figure (see the file comment for the layout). */
export function featureFigureSpec(input: FeatureFigureInput): TopLevelSpec {
  const { images, filters, maps, agreement } = input;
  const panels: Panel[] = [
    legendText([
      'Columns: the two images.',
      'Rows: the three 3×3 filters.',
      'Feature map = Σ(filter ⊙ window) / 9',
      'over every 3×3 window (valid, 7×7).',
      'Outlined, bold: 1.00 = perfect match.',
      '',
      `Pixel by pixel the images agree on`,
      `only ${agreement.same} of ${agreement.total} pixels, yet every`,
      'feature matches somewhere in both.',
    ]),
    ...images.map((im) => heatmap(`${im.name} (9×9, ±1)`, im.pixels, 31, { decimals: 0, showValues: false, outlineMatches: false })),
  ];
  filters.forEach((f, k) => {
    panels.push(heatmap(`filter: ${f.name}`, f.weights, 40, { decimals: 0, showValues: true, outlineMatches: false }));
    images.forEach((im, i) => panels.push(heatmap(`${f.name} on ${im.name} (7×7)`, featureMapAt(maps, i, k), 40, { showValues: true, outlineMatches: true })));
  });
  return {
    title: {
      text: 'X or X: three 3×3 features find pieces of both X’s',
      subtitle: 'feature maps computed with conv2d (valid) ÷ 9; −1 blue, +1 red',
      fontSize: 16, font: FIGURE_FONT, subtitleFont: FIGURE_FONT, anchor: 'start',
    },
    columns: images.length + 1,
    bounds: 'flush',
    spacing: 44,
    config: { view: { stroke: null }, font: FIGURE_FONT, concat: { spacing: 44 } },
    resolve: { scale: { color: 'shared' } },
    concat: panels,
  };
}
