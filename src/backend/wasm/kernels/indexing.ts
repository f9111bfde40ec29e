/**
 * The indexing family's kernels (assembly/indexing.ts): torch.gather / torch.scatter_add along one
 * axis, topk (split over lines across threads) and searchSorted, and the data-dependent nonzero and
 * unique, which count their output in wasm, allocate exactly that and report the shape.
 */
import { axisLength, sizeOf, stridesOf } from '../../../engine/shape.js';
import type { KernelArg } from '../../../engine/backend.js';
import type { WasmContext } from '../context.js';
import { bytesPerElement } from '../context.js';
import type { IndexExport, NonzeroExport, SearchSortedExport, TopkExport, UniqueExport } from '../exports.js';
import { kernelCall } from '../exports.js';
import type { WasmDataKernel, WasmKernel } from '../kernel.js';
import type { ExportsByDType } from './lib/exports-by-dtype.js';
import { exportFor } from './lib/exports-by-dtype.js';
import { noKernel, ptr } from './lib/inputs.js';
import { collapse, descriptor } from './lib/nd.js';
import { partsFor, splitRange } from './lib/split.js';

/** gather by the element width, scatterAdd by the storage (it adds), both of the output's dtype. */
const INDEXING: ExportsByDType<'gather' | 'scatterAdd', IndexExport> = {
  gather: { float32: 'gather_32', int32: 'gather_32', uint8: 'gather_8', bool: 'gather_8' },
  scatterAdd: { float32: 'scatterAdd_f32', int32: 'scatterAdd_i32', uint8: 'scatterAdd_u8', bool: 'scatterAdd_u8' },
};

/**
 * Descriptor of the loop over `walkShape` (walked contiguously, like the index) giving the other
 * tensor's steps with `axis` zeroed; the index supplies that coordinate.
 */
function axisLoop(ctx: WasmContext, walkShape: readonly number[], otherStrides: readonly number[], axis: number): number {
  const walk = otherStrides.map((s, d) => (d === axis ? 0 : s));
  const loop = collapse(walkShape, [walk, stridesOf(walkShape)]);
  const [otherSteps] = loop.strides;
  if (otherSteps === undefined) throw new Error(`indexing loop: expected 2 stride lists from collapse, got ${loop.strides.length}`);
  return ctx.args(descriptor({ shape: loop.shape, strides: [otherSteps] }));
}

/** Indices are int32 (the op casts them). */
function indexPtr(prim: 'gather' | 'scatterAdd', index: KernelArg): number {
  if (index.dtype !== 'int32') throw noKernel(prim, `${index.dtype} index`);
  return ptr(index);
}

function badIndex(ctx: WasmContext, prim: string, indexPtr: number, pos: number, axis: number, axisLen: number): never {
  const [k] = ctx.i32(indexPtr + pos * 4, 1); // the one index the export reported
  throw new Error(`${prim}: index ${k} is out of range for axis ${axis} of size ${axisLen}`);
}

/** out[p] = x[p with p[axis] replaced by index[p]]; index (int32) has the output's shape. */
export const gather: WasmKernel<'gather'> = (ctx, [x, index], attrs, out) => {
  const fn = exportFor(INDEXING, 'gather', out.dtype);
  const xp = ptr(x);
  const ip = indexPtr('gather', index);
  const y = ctx.output(out);
  if (sizeOf(out.shape) === 0) return y;
  const xs = stridesOf(x.shape);
  const axisLen = axisLength(x.shape, attrs.axis, 'gather');
  const axisStride = sizeOf(x.shape.slice(attrs.axis + 1));
  const desc = axisLoop(ctx, out.shape, xs, attrs.axis);
  const pos = ctx.exports[fn](xp, ip, y.ptr, axisStride, axisLen, desc);
  if (pos >= 0) badIndex(ctx, 'gather', ip, pos, attrs.axis, axisLen);
  return y;
};

/** zeros(out.shape) with src scatter-added at index along `axis` (index has src's shape). */
export const scatterAdd: WasmKernel<'scatterAdd'> = (ctx, [src, index], attrs, out) => {
  const fn = exportFor(INDEXING, 'scatterAdd', out.dtype);
  const sp = ptr(src);
  const ip = indexPtr('scatterAdd', index);
  const y = ctx.output(out);
  const total = sizeOf(out.shape);
  if (total === 0) return y;
  if (fn === 'scatterAdd_f32' || fn === 'scatterAdd_i32') ctx.exports.fill_32(y.ptr, total, 0);
  else ctx.exports.fill_8(y.ptr, total, 0);
  if (sizeOf(src.shape) === 0) return y;
  const os = stridesOf(out.shape);
  const axisLen = axisLength(out.shape, attrs.axis, 'scatterAdd');
  const axisStride = sizeOf(out.shape.slice(attrs.axis + 1));
  const desc = axisLoop(ctx, src.shape, os, attrs.axis);
  const pos = ctx.exports[fn](sp, ip, y.ptr, axisStride, axisLen, desc);
  if (pos >= 0) badIndex(ctx, 'scatterAdd', ip, pos, attrs.axis, axisLen);
  return y;
};

const TOPK: ExportsByDType<'topk', TopkExport> = { topk: { float32: 'topk_f32', int32: 'topk_i32', uint8: 'topk_u8', bool: 'topk_u8' } };
const SEARCH_SORTED: ExportsByDType<'searchSorted', SearchSortedExport> = {
  searchSorted: { float32: 'searchSorted_f32', int32: 'searchSorted_i32', uint8: 'searchSorted_u8', bool: 'searchSorted_u8' },
};
const NONZERO: ExportsByDType<'nonzero', NonzeroExport> = { nonzero: { float32: 'nonzero_f32', int32: 'nonzero_i32', uint8: 'nonzero_u8', bool: 'nonzero_u8' } };
const UNIQUE: ExportsByDType<'unique', UniqueExport> = { unique: { float32: 'unique_f32', int32: 'unique_i32', uint8: 'unique_u8', bool: 'unique_u8' } };

/**
 * One entry of a topk line (a key, a compare with the heap's root, rarely a sift) costs about as much as
 * 40 multiply-adds of the packed gemm, the unit of `ctx.minWorkPerPart`: ~2.4 ns per entry for k = 5
 * (bench/topk.ts: [500, 1000] in 1.2 ms on one thread) against ~0.06 ns per multiply-add (2^21 in
 * ~125 µs). So a topk splits from ~50 k entries per thread up.
 */
const TOPK_ENTRY_COST = 40;

/** Per line along `axis`, the int32 indices of its k first entries in the value order (see PrimitiveAttrs.topk). */
export const topk: WasmKernel<'topk'> = (ctx, [x], { axis, k, largest, sorted }, out) => {
  const fn = exportFor(TOPK, 'topk', x.dtype);
  const xp = ptr(x);
  const y = ctx.output(out);
  if (sizeOf(out.shape) === 0) return y;
  const n = axisLength(x.shape, axis, 'topk');
  const inner = sizeOf(x.shape.slice(axis + 1));
  const lines = sizeOf(x.shape.slice(0, axis)) * inner;
  // Each part's line range with its own heap scratch (k entries of 8 bytes).
  const parts = splitRange(lines, partsFor(ctx, lines * n * TOPK_ENTRY_COST)).map(([s, e]) => ({ s, e, heap: ctx.alloc(k * 8) }));
  try {
    ctx.runCalls(parts.map(({ s, e, heap }) => kernelCall(fn, xp, y.ptr, n, inner, k, largest ? 1 : 0, sorted ? 1 : 0, s, e, heap)));
  } finally {
    for (const { heap } of parts) ctx.free(heap);
  }
  return y;
};

/** Per value, its insertion point in the ascending 1-D `sorted` (after equal entries when `right`). */
export const searchSorted: WasmKernel<'searchSorted'> = (ctx, [sorted, values], { right }, out) => {
  const fn = exportFor(SEARCH_SORTED, 'searchSorted', sorted.dtype);
  if (values.dtype !== sorted.dtype) throw noKernel('searchSorted', `${sorted.dtype}/${values.dtype}`);
  const sp = ptr(sorted);
  const vp = ptr(values);
  const y = ctx.output(out);
  const m = sizeOf(values.shape);
  if (m > 0) ctx.exports[fn](sp, sizeOf(sorted.shape), vp, y.ptr, m, right ? 1 : 0);
  return y;
};

/** int32 [K, rank]: the coordinates of x's non-zero entries, row-major order (a counting pass, then the writing pass). */
export const nonzero: WasmDataKernel<'nonzero'> = (ctx, [x]) => {
  const fn = exportFor(NONZERO, 'nonzero', x.dtype);
  const xp = ptr(x);
  const n = sizeOf(x.shape);
  const rank = x.shape.length;
  const count = n === 0 ? 0 : ctx.exports[fn](xp, n, 0, 0);
  const shape = [count, rank];
  const y = ctx.output({ shape, dtype: 'int32' });
  if (count > 0 && rank > 0) ctx.exports[fn](xp, n, y.ptr, ctx.args([rank, ...x.shape, ...x.shape.map(() => 0)]));
  return { handle: y, shape };
};

/** [U]: x's distinct values ascending, sorted into scratch by the export and copied into an output of exactly U. */
export const unique: WasmDataKernel<'unique'> = (ctx, [x]) => {
  const fn = exportFor(UNIQUE, 'unique', x.dtype);
  const xp = ptr(x);
  const n = sizeOf(x.shape);
  if (n === 0) return { handle: ctx.output({ shape: [0], dtype: x.dtype }), shape: [0] };
  const width = bytesPerElement(x.dtype);
  const scratch = ctx.alloc(width === 4 ? n * 8 + 1024 : 512);
  try {
    const count = ctx.exports[fn](xp, n, scratch);
    const y = ctx.output({ shape: [count], dtype: x.dtype });
    ctx.exports.copy_bytes(scratch, y.ptr, count * width);
    return { handle: y, shape: [count] };
  } finally {
    ctx.free(scratch);
  }
};
