/**
 * How the split kernels divide their work over `ctx.threads` (see README.md, "Threads").
 *
 * Determinism: a range is split with `splitRange(total, parts)` where `parts` depends only on the work
 * and the thread count, every output element is written by exactly one part with the arithmetic of the
 * unsplit call, and reductions across parts (the conv weight gradient) are summed on the calling thread
 * in part order. Each part gets its own scratch.
 */
import type { WasmContext } from '../../context.js';
import type { ExportName, WasmExports } from '../../exports.js';
import { kernelCall } from '../../exports.js';

/** Parts for `work` units over ctx.threads, each part with at least `ctx.minWorkPerPart` of it. */
export function partsFor(ctx: WasmContext, work: number): number {
  const min = Math.max(1, ctx.minWorkPerPart);
  return Math.max(1, Math.min(ctx.threads, Math.floor(work / min)));
}

/** Deterministic split of [0, total) into at most `parts` contiguous non-empty ranges (sizes differ by <= 1). */
export function splitRange(total: number, parts: number): [number, number][] {
  const p = Math.max(1, Math.min(Math.floor(parts), total));
  const out: [number, number][] = [];
  if (total <= 0) return out;
  const base = Math.floor(total / p);
  const extra = total % p;
  let s = 0;
  for (let i = 0; i < p; i++) {
    const e = s + base + (i < extra ? 1 : 0);
    out.push([s, e]);
    s = e;
  }
  return out;
}

/**
 * A streaming elementwise element (load, a few flops, store; memory-bound) costs about as much as 6
 * multiply-adds of the packed gemm on this machine, so elementwise work is counted as 6 per element
 * against the context's threshold (in multiply-adds): 1.4 M elements (the lecture CNN's first ReLU at
 * batch 64) split over two threads, a [64, 1024] activation does not.
 */
export const ELEMENT_COST_IN_MULTIPLY_ADDS = 6;

/**
 * Runs export `fn` over elements [0, n) in contiguous parts (one per thread when each gets enough
 * work); `argsFor` gives a part's arguments. Each element is computed by exactly one part with the
 * same arithmetic, so the result does not depend on the split.
 */
export function runElementwise<K extends ExportName>(ctx: WasmContext, fn: K, n: number,
  argsFor: (start: number, end: number) => Parameters<WasmExports[K]>): void {
  if (n <= 0) return;
  const parts = partsFor(ctx, n * ELEMENT_COST_IN_MULTIPLY_ADDS);
  ctx.runCalls(splitRange(n, parts).map(([s, e]) => kernelCall(fn, ...argsFor(s, e))));
}
