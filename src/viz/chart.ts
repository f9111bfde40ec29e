/**
 * Charts as pictures: a vega-lite spec rendered to an SVG string in Node by vega (renderer 'none': no
 * canvas, no DOM, no network; the data is inline in the spec), and to PNG by resvg (svg-png.ts).
 */
import { View, parse } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../io/atomic.js';
import { svgToPng } from './svg-png.js';

/** Compiles a vega-lite spec and renders it to a standalone SVG document string. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Renders `spec` at `zoom` times its size and writes it to `path` as a PNG (atomically). Text needs an
 * installed sans-serif font (DejaVu Sans, Liberation Sans, …); without one the labels are missing but
 * the picture is still drawn.
 */
export async function saveChartPng(spec: TopLevelSpec, path: string, zoom = 1): Promise<void> {
  await writeFileAtomic(path, svgToPng(await renderSvg(spec), zoom));
}
