import type { Shape } from '../../../engine/shape.js';

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
