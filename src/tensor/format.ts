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
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
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
  const strides = shape.map((_, i) => sizeOf(shape.slice(i + 1)));
  const indices = (axis: number): number[] => {
    const n = shape[axis]!;
    if (!abbreviated || n <= 2 * EDGE) return Array.from({ length: n }, (_, i) => i);
    return [0, 1, 2, -1, n - 3, n - 2, n - 1];
  };
  // First pass: width of every printed number.
  let width = 1;
  const visit = (axis: number, offset: number): void => {
    if (axis === shape.length) {
      width = Math.max(width, fmt(data[offset]!).length);
      return;
    }
    for (const i of indices(axis)) if (i >= 0) visit(axis + 1, offset + i * strides[axis]!);
  };
  visit(0, 0);
  const render = (axis: number, offset: number, indent: string): string => {
    if (axis === shape.length) return fmt(data[offset]!).padStart(width);
    const parts: string[] = [];
    for (const i of indices(axis)) {
      if (i < 0) parts.push(axis === shape.length - 1 ? '...'.padStart(width) : '...');
      else parts.push(render(axis + 1, offset + i * strides[axis]!, indent + ' '));
    }
    if (axis === shape.length - 1) return `[${parts.join(', ')}]`;
    const sep = ',' + '\n'.repeat(shape.length - axis - 1) + indent + ' ';
    return `[${parts.join(sep)}]`;
  };
  const prefix = 'tensor(';
  const body = shape.length === 0 ? fmt(data[0]!) : render(0, 0, ' '.repeat(prefix.length));
  const extras: string[] = [];
  if (t.dtype !== 'float32') extras.push(`dtype=${t.dtype}`);
  if (abbreviated || shape.length > 2) extras.push(`shape=${formatShape(shape)}`);
  if (t.requiresGrad) extras.push(t.gradFn ? `gradFn=${t.gradFn.op}` : 'requiresGrad=true');
  return `${prefix}${body}${extras.length ? ', ' + extras.join(', ') : ''})`;
}
