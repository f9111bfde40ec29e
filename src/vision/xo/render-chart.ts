/**
 * Vega-Lite figure → PNG file, through the report's chart pipeline (src/report: vega lays the chart out
 * as SVG headlessly, resvg rasterises it with the system fonts), written atomically. Text needs an
 * installed sans-serif font (DejaVu Sans, Liberation Sans, …); without one the labels are missing but
 * the picture is still drawn.
 */
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../../io/atomic.js';
import { renderSvg } from '../../report/charts.js';
import { svgToPng } from '../../report/svg-png.js';

/** The font the figures ask for first; resvg falls back to any installed sans-serif font. */
export const FIGURE_FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

/** Renders `spec` at `zoom` times its size and writes it to `path` as a PNG (atomically). */
export async function saveChartPng(spec: TopLevelSpec, path: string, zoom = 1): Promise<void> {
  await writeFileAtomic(path, svgToPng(await renderSvg(spec), zoom));
}
