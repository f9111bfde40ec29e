/** Reference kernel of matmul: batched, with transpose flags, over the blocked gemm in lib/gemm.ts. */
import { allocFloat } from '../../../engine/dtype.js';
import { sizeOf } from '../../../engine/shape.js';
import type { RefKernel } from '../handle.js';
import { floatDTypeOf, floats } from '../handle.js';
import { gemm } from '../lib/gemm.js';

/**
 * a [..., M, K] (or [..., K, M] if transA), b [..., K, N] (or [..., N, K] if transB) → [..., M, N]; batch
 * axes already equal. float32 or float64, one dtype for both operands and the result.
 */
export const matmul: RefKernel<'matmul'> = ([a, b], attrs, out) => {
  const dtype = floatDTypeOf('matmul', out, [a, b]);
  const ad = floats(a);
  const bd = floats(b);
  const r = out.shape.length;
  const M = out.shape[r - 2] ?? 1;
  const N = out.shape[r - 1] ?? 1;
  const K = (attrs.transA ? a.shape[a.shape.length - 2] : a.shape[a.shape.length - 1]) ?? 1;
  const batch = sizeOf(out.shape.slice(0, -2));
  const c = allocFloat(dtype, batch * M * N);
  for (let i = 0; i < batch; i++) gemm(attrs.transA, attrs.transB, M, N, K, ad, i * M * K, bd, i * K * N, c, i * M * N, 0);
  return c;
};
