/** Reference kernel of matmul: batched, with transpose flags, over the blocked gemm in lib/gemm.ts. */
import { sizeOf } from '../../../engine/shape.js';
import type { RefKernel } from '../handle.js';
import { f32 } from '../handle.js';
import { gemm } from '../lib/gemm.js';

/** a [..., M, K] (or [..., K, M] if transA), b [..., K, N] (or [..., N, K] if transB) → [..., M, N]; batch axes already equal. */
export const matmul: RefKernel<'matmul'> = ([a, b], attrs, out) => {
  const ad = f32(a);
  const bd = f32(b);
  const r = out.shape.length;
  const M = out.shape[r - 2] ?? 1;
  const N = out.shape[r - 1] ?? 1;
  const K = (attrs.transA ? a.shape[a.shape.length - 2] : a.shape[a.shape.length - 1]) ?? 1;
  const batch = sizeOf(out.shape.slice(0, -2));
  const c = new Float32Array(batch * M * N);
  for (let i = 0; i < batch; i++) gemm(attrs.transA, attrs.transB, M, N, K, ad, i * M * K, bd, i * K * N, c, i * M * N, 0);
  return c;
};
