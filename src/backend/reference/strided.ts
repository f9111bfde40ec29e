import type { Shape } from '../../core/shape.js';
import { stridesOf } from '../../core/shape.js';

/**
 * Strides (in elements) of a row-major tensor of shape `inShape` when read at the positions of the
 * broadcast output shape `outShape`: axes that are broadcast (size 1 or missing) get stride 0.
 */
export function broadcastStrides(inShape: Shape, outShape: Shape): number[] {
  const rank = outShape.length;
  const inStrides = stridesOf(inShape);
  const out = new Array<number>(rank).fill(0);
  for (let i = 0; i < rank; i++) {
    const j = inShape.length - rank + i;
    if (j >= 0 && inShape[j] !== 1) out[i] = inStrides[j]!;
  }
  return out;
}

/**
 * Visits every position of `shape` in row-major order, calling `visit(outIndex, offsets)` once per
 * innermost row with the starting offset into each strided operand. `rowLength` elements follow, each
 * operand advancing by its innermost stride.
 */
export function forEachRow(
  shape: Shape,
  strides: readonly (readonly number[])[],
  visit: (outStart: number, offsets: readonly number[]) => void,
): void {
  const rank = shape.length;
  const nOps = strides.length;
  const offsets = new Array<number>(nOps).fill(0);
  if (rank === 0) {
    visit(0, offsets);
    return;
  }
  const inner = shape[rank - 1]!;
  let total = 1;
  for (const d of shape) total *= d;
  if (total === 0) return;
  const rows = total / inner;
  const counter = new Array<number>(rank - 1).fill(0);
  for (let r = 0; r < rows; r++) {
    visit(r * inner, offsets);
    for (let ax = rank - 2; ax >= 0; ax--) {
      counter[ax]!++;
      for (let k = 0; k < nOps; k++) offsets[k]! += strides[k]![ax]!;
      if (counter[ax]! < shape[ax]!) break;
      for (let k = 0; k < nOps; k++) offsets[k]! -= strides[k]![ax]! * shape[ax]!;
      counter[ax] = 0;
    }
  }
}
