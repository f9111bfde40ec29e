import type { Tensor } from './tensor.js';
import { formatShape, sizeOf } from '../engine/shape.js';

/** Above this many elements a tensor prints abbreviated (first and last 3 per axis), like PyTorch. */
const SUMMARY_THRESHOLD = 1000;
const EDGE = 3;

/**
 * Prints a tensor as an aligned matrix: every number formatted the same way and right-aligned to the
 * widest, rows on their own lines, like the lecture's "images are just numbers" slide.
 */
export function formatTensor(t: Tensor): string {
  const data = t.dataView();
  const shape = t.shape;
  const abbreviated = sizeOf(shape) > SUMMARY_THRESHOLD;
  const isInt = t.dtype !== 'float32' && t.dtype !== 'float64';
  let allInts = true;
  let maxAbs = 0;
  for (const v of data) {
    if (Number.isFinite(v) && !Number.isInteger(v)) allInts = false;
    if (Number.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const useExp = !isInt && !allInts && (maxAbs >= 1e8 || (maxAbs > 0 && maxAbs < 1e-4));
  const fmt = (v: number): string => {
    if (t.dtype === 'bool') return v ? 'true' : 'false';
    if (isInt) return String(v);
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    if (useExp) return v.toExponential(4);
    if (allInts) return `${v}.`;
    return v.toFixed(4);
  };
  // Per axis: its stride and the indices printed (-1 marks the '...' of an abbreviated axis).
  const axes = shape.map((n, i) => ({
    stride: sizeOf(shape.slice(i + 1)),
    picks: !abbreviated || n <= 2 * EDGE ? Array.from({ length: n }, (_, k) => k) : [0, 1, 2, -1, n - 3, n - 2, n - 1],
  }));
  const valueAt = (offset: number): number => {
    const v = data[offset];
    if (v === undefined) throw new Error(`formatTensor: offset ${offset} is outside the ${data.length} elements of ${formatShape(shape)}`);
    return v;
  };
  // First pass: width of every printed number. Past the last axis (axes[axis] undefined) is one element.
  let width = 1;
  const visit = (axis: number, offset: number): void => {
    const ax = axes[axis];
    if (ax === undefined) {
      width = Math.max(width, fmt(valueAt(offset)).length);
      return;
    }
    for (const i of ax.picks) if (i >= 0) visit(axis + 1, offset + i * ax.stride);
  };
  visit(0, 0);
  const render = (axis: number, offset: number, indent: string): string => {
    const ax = axes[axis];
    if (ax === undefined) return fmt(valueAt(offset)).padStart(width);
    const parts: string[] = [];
    for (const i of ax.picks) {
      if (i < 0) parts.push(axis === shape.length - 1 ? '...'.padStart(width) : '...');
      else parts.push(render(axis + 1, offset + i * ax.stride, indent + ' '));
    }
    if (axis === shape.length - 1) return `[${parts.join(', ')}]`;
    const sep = ',' + '\n'.repeat(shape.length - axis - 1) + indent + ' ';
    return `[${parts.join(sep)}]`;
  };
  const prefix = 'tensor(';
  const body = shape.length === 0 ? fmt(valueAt(0)) : render(0, 0, ' '.repeat(prefix.length));
  const extras: string[] = [];
  if (t.dtype !== 'float32') extras.push(`dtype=${t.dtype}`);
  if (abbreviated || shape.length > 2) extras.push(`shape=${formatShape(shape)}`);
  if (t.requiresGrad) extras.push(t.gradFn ? `gradFn=${t.gradFn.op}` : 'requiresGrad=true');
  return `${prefix}${body}${extras.length ? ', ' + extras.join(', ') : ''})`;
}
