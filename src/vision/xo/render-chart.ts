/**
 * Vega-Lite figure → RGBA pixels → PNG file. Vega lays the chart out as SVG (headless, no canvas),
 * resvg rasterises it with the system fonts, and the pixels are written with `encodePng` +
 * `writeFileAtomic`. Text needs an installed sans-serif font (DejaVu Sans, Liberation Sans, …);
 * without one the labels are missing but the picture is still drawn.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import { fromTypedArray, type Tensor } from '../../core/tensor.js';
import { encodePng } from '../../io/png.js';
import { writeFileAtomic } from '../../io/atomic.js';

/** The font the figures ask for first; resvg falls back to any installed sans-serif font. */
export const FIGURE_FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

/** Lays out a Vega-Lite spec and returns it as SVG text. */
export async function chartToSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises a Vega-Lite spec: uint8 [H, W, 4] RGBA on a white background, `zoom` times the chart's size. */
export async function renderChart(spec: TopLevelSpec, zoom = 1): Promise<Tensor> {
  const svg = await chartToSvg(spec);
  const rendered = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: zoom },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  }).render();
  const pixels = new Uint8Array(rendered.pixels.buffer, rendered.pixels.byteOffset, rendered.pixels.byteLength);
  return fromTypedArray(pixels.slice(), [rendered.height, rendered.width, 4], 'uint8');
}

/** Renders `spec` and writes it to `path` as a PNG (atomically). Returns the image size. */
export async function saveChartPng(spec: TopLevelSpec, path: string, zoom = 1): Promise<{ width: number; height: number }> {
  const image = await renderChart(spec, zoom);
  await writeFileAtomic(path, encodePng(image));
  return { width: image.shape[1]!, height: image.shape[0]! };
}
