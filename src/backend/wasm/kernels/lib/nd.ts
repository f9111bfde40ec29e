/**
 * N-d loop descriptors for the general kernels (elementwise, reduce, movement, indexing): the JS side
 * collapses a loop over shapes and strides, then writes the i32 words that assembly/lib/nd.ts reads.
 */
import type { Shape } from '../../../../engine/shape.js';

/** A loop over `shape` in which operand j advances by `strides[j][d]` elements along axis d. */
export interface NdLoop {
  readonly shape: number[];
  readonly strides: number[][];
}

/**
 * Simplifies a loop without changing the elements it visits or their order: size-1 axes are dropped
 * and adjacent axes merge when, for every operand, the outer stride equals inner stride × inner size.
 * The result has rank ≥ 1 (a 0-d loop becomes [1] with zero strides). Used by every general kernel so
 * that, e.g., a bias add [N, C, H, W] + [1, C, 1, 1] runs as [N, C, H·W] rows with a splatted operand.
 */
export function collapse(shape: Shape, strides: readonly (readonly number[])[]): NdLoop {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    if (n === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, j) => s[d]! * n === outStrides[j]![last]!)) {
      // Previous (outer) axis merges into this one: visiting order is unchanged.
      outShape[last] = outShape[last]! * n;
      strides.forEach((s, j) => (outStrides[j]![last] = s[d]!));
      continue;
    }
    outShape.push(n);
    strides.forEach((s, j) => outStrides[j]!.push(s[d]!));
  }
  if (outShape.length === 0) return { shape: [1], strides: strides.map(() => [0]) };
  return { shape: outShape, strides: outStrides };
}

/**
 * The i32 words of an n-d loop descriptor (see assembly/lib/nd.ts): rank, shape, per operand its row
 * stride (last word) and the carry steps (how far its row start moves when the odometer increments
 * axis d and resets the axes after it), then zeroed counters.
 */
export function descriptor(loop: NdLoop): number[] {
  const { shape } = loop;
  const r = shape.length;
  const words = [r, ...shape];
  for (const s of loop.strides) {
    const steps = new Array<number>(r);
    steps[r - 1] = s[r - 1]!;
    let rewind = 0; // Σ_{e=d+1}^{r-2} s[e]·(shape[e]−1)
    for (let d = r - 2; d >= 0; d--) {
      steps[d] = s[d]! - rewind;
      rewind += s[d]! * (shape[d]! - 1);
    }
    words.push(...steps);
  }
  for (let d = 0; d < r; d++) words.push(0);
  return words;
}
