/**
 * Plain-text rendering of the case study: matrices as aligned columns (±1 as " 1"/"-1", feature maps
 * with 2 decimals, like the slide) and several titled matrices side by side.
 */
import type { Matrix } from './case-study.js';

/** Rows of `m`, each value right-aligned; `decimals` 0 prints ±1 images and filters as "-1"/" 1". */
export function matrixLines(m: Matrix, decimals: number): string[] {
  const cells = m.map((row) => row.map((v) => (Object.is(v, -0) ? 0 : v).toFixed(decimals)));
  const width = Math.max(...cells.flat().map((c) => c.length));
  return cells.map((row) => row.map((c) => c.padStart(width)).join(' '));
}

/** Titled blocks of lines placed side by side, `gap` spaces apart; shorter blocks are padded. */
export function sideBySide(blocks: readonly { title: string; lines: readonly string[] }[], gap = 4): string[] {
  const columns = blocks.map((b) => ({ cells: [b.title, ...b.lines], width: Math.max(b.title.length, ...b.lines.map((l) => l.length)) }));
  const height = Math.max(0, ...blocks.map((b) => b.lines.length));
  // Row 0 is the titles; a block shorter than the tallest is padded with blank cells.
  const row = (i: number): string => columns.map((col) => (col.cells[i] ?? '').padEnd(col.width)).join(' '.repeat(gap)).trimEnd();
  return Array.from({ length: height + 1 }, (_, i) => row(i));
}

/** "(2, 2) (3, 3)" or "none". */
export function formatCentres(centres: readonly (readonly [number, number])[]): string {
  return centres.length ? centres.map(([r, c]) => `(${r}, ${c})`).join(' ') : 'none';
}
