/**
 * Every export of the kernel module (dist/wasm/striate-*.wasm, built from assembly/*.ts), with its
 * signature: the one place the JS side learns what the module offers. Wrappers call exports through
 * `WasmExports` (so a misspelt name or a wrong argument count is a compile error), `EXPORT_ARITY`
 * lists the same names at run time, and test/wasm/exports.test.ts checks both against each compiled
 * module, in both directions.
 *
 * Names: an export that computes a primitive is `<primitive>_<storage>` with the primitive's exact
 * name from src/engine/primitives.ts and a storage suffix: `f32`/`i32`/`u8` for the element type
 * (uint8 and bool are both `u8`), `32`/`8` where only the element width matters, `<from>_<to>` for
 * cast. Everything else (gemm entry points, scratch sizes, fills, `heap_base`) has a descriptive name.
 *
 * Arguments are i32 pointers (byte offsets into the one memory, 16-byte aligned unless said
 * otherwise), i32 sizes and flags, or f32 scalars; all are JS numbers here. `desc` is an n-d loop
 * descriptor (kernels/lib/nd.ts), `geom` a geometry block (kernels/conv.ts, kernels/pool.ts).
 */

/** A byte offset into the module's memory (i32). */
export type Ptr = number;

/** `y[i] = op(x[i])` for i in [0, n) (unary math, cast). */
export type UnaryExport = (x: Ptr, y: Ptr, n: number) => void;
/** `out = op(a, b)` over a two-operand broadcast descriptor; `out` contiguous (arithmetic, comparisons). */
export type BinaryExport = (a: Ptr, b: Ptr, out: Ptr, desc: Ptr) => void;
/** `out = cond ? a : b` over a three-operand broadcast descriptor. */
export type WhereExport = (cond: Ptr, a: Ptr, b: Ptr, out: Ptr, desc: Ptr) => void;
/** Sum into `outSize` outputs over a one-operand descriptor (output steps); `acc` is outSize·8 bytes of scratch. */
export type SumExport = (x: Ptr, out: Ptr, acc: Ptr, outSize: number, desc: Ptr) => void;
/** max/min into `outSize` outputs over a one-operand descriptor (output steps). */
export type ExtremeExport = (x: Ptr, out: Ptr, outSize: number, desc: Ptr) => void;
/** Index of the first extreme along n of x viewed as [outer, n, inner] → int32 [outer, inner]. */
export type ArgExtremeExport = (x: Ptr, out: Ptr, outer: number, n: number, inner: number) => void;
/** Strided copy over a two-operand descriptor (src, dst); both pointers include their start offsets. */
export type CopyExport = (src: Ptr, dst: Ptr, desc: Ptr) => void;
/** y[0, n) = value (bit pattern or byte), then x copied to `interior` over a two-operand descriptor. */
export type PadExport = (x: Ptr, y: Ptr, n: number, value: number, interior: Ptr, desc: Ptr) => void;
/** gather / scatterAdd along one axis; returns −1, or the flat position of the first index out of range. */
export type IndexExport = (src: Ptr, index: Ptr, out: Ptr, axisStride: number, axisLen: number, desc: Ptr) => number;
/** topk over the lines [start, end) of x viewed as [outer, n, inner] → int32 [outer, k, inner]; flags 0/1; `heap` k·8 bytes. */
export type TopkExport = (x: Ptr, out: Ptr, n: number, inner: number, k: number, largest: number, sorted: number,
  start: number, end: number, heap: Ptr) => void;
/** int32 out[m]: the insertion point of each of values[m] in sorted[n] (after equal entries when right = 1). */
export type SearchSortedExport = (sorted: Ptr, n: number, values: Ptr, out: Ptr, m: number, right: number) => void;
/** The number K of non-zero entries of x[n]; with out ≠ 0 also their coordinates [K, rank] (desc: [rank, shape, counters]). */
export type NonzeroExport = (x: Ptr, n: number, out: Ptr, desc: Ptr) => number;
/** The number U of distinct values of x[n], written ascending to scratch[0, U) (scratch: n·8 + 1024 bytes, u8: 512). */
export type UniqueExport = (x: Ptr, n: number, scratch: Ptr) => number;
/** Pooling forward/backward over the planes [p0, p1) of a 14-word geometry block. */
export type MaxPoolExport = (geom: Ptr, x: Ptr, y: Ptr, p0: number, p1: number) => void;

export interface WasmExports {
  // Module layout and raw memory (assembly/heap.ts, assembly/movement.ts); not primitives.
  heap_base: () => Ptr;
  fill_32: (dst: Ptr, n: number, bits: number) => void;
  fill_8: (dst: Ptr, n: number, value: number) => void;
  copy_bytes: (src: Ptr, dst: Ptr, bytes: number) => void;

  // elementwise (assembly/elementwise.ts)
  neg_f32: UnaryExport; exp_f32: UnaryExport; log_f32: UnaryExport; sqrt_f32: UnaryExport; abs_f32: UnaryExport;
  sign_f32: UnaryExport; tanh_f32: UnaryExport; sigmoid_f32: UnaryExport; relu_f32: UnaryExport; erf_f32: UnaryExport;
  neg_i32: UnaryExport; abs_i32: UnaryExport; sign_i32: UnaryExport; relu_i32: UnaryExport;
  /** out[i] = x[i] > 0 ? g[i] : 0 for i in [0, n). */
  reluGrad_f32: (x: Ptr, g: Ptr, out: Ptr, n: number) => void;
  cast_f32_i32: UnaryExport; cast_f32_u8: UnaryExport; cast_f32_bool: UnaryExport;
  cast_i32_f32: UnaryExport; cast_i32_u8: UnaryExport; cast_i32_bool: UnaryExport;
  cast_u8_f32: UnaryExport; cast_u8_i32: UnaryExport; cast_u8_bool: UnaryExport;
  add_f32: BinaryExport; sub_f32: BinaryExport; mul_f32: BinaryExport; div_f32: BinaryExport; pow_f32: BinaryExport;
  maximum_f32: BinaryExport; minimum_f32: BinaryExport;
  add_i32: BinaryExport; sub_i32: BinaryExport; mul_i32: BinaryExport; div_i32: BinaryExport; pow_i32: BinaryExport;
  maximum_i32: BinaryExport; minimum_i32: BinaryExport;
  add_u8: BinaryExport; sub_u8: BinaryExport; mul_u8: BinaryExport; maximum_u8: BinaryExport; minimum_u8: BinaryExport;
  eq_f32: BinaryExport; ne_f32: BinaryExport; lt_f32: BinaryExport; le_f32: BinaryExport; gt_f32: BinaryExport; ge_f32: BinaryExport;
  eq_i32: BinaryExport; ne_i32: BinaryExport; lt_i32: BinaryExport; le_i32: BinaryExport; gt_i32: BinaryExport; ge_i32: BinaryExport;
  eq_u8: BinaryExport; ne_u8: BinaryExport; lt_u8: BinaryExport; le_u8: BinaryExport; gt_u8: BinaryExport; ge_u8: BinaryExport;
  where_32: WhereExport; where_8: WhereExport;

  // reduce (assembly/reduce.ts)
  sum_f32: SumExport; sum_i32: SumExport;
  max_f32: ExtremeExport; max_i32: ExtremeExport; max_u8: ExtremeExport;
  min_f32: ExtremeExport; min_i32: ExtremeExport; min_u8: ExtremeExport;
  argmax_f32: ArgExtremeExport; argmax_i32: ArgExtremeExport; argmax_u8: ArgExtremeExport;
  argmin_f32: ArgExtremeExport; argmin_i32: ArgExtremeExport; argmin_u8: ArgExtremeExport;

  // linalg (assembly/linalg.ts); transA/transB are 0/1, ranges are over rows of C
  /** Bytes of per-thread scratch for gemm_f32, gemm_strided_f32 and matmul_f32 of an M x N x K product. */
  gemm_f32_scratch_bytes: (M: number, N: number, K: number) => number;
  /** C[M,N] = beta·C + op(A) @ op(B), dense operands, rows [rowStart, rowEnd). */
  gemm_f32: (transA: number, transB: number, M: number, N: number, K: number, a: Ptr, b: Ptr, c: Ptr, beta: number,
    rowStart: number, rowEnd: number, scratch: Ptr) => void;
  /** gemm_f32 with leading dimensions in elements (sub-matrices). */
  gemm_strided_f32: (transA: number, transB: number, M: number, N: number, K: number, a: Ptr, lda: number, b: Ptr, ldb: number,
    c: Ptr, ldc: number, beta: number, rowStart: number, rowEnd: number, scratch: Ptr) => void;
  /** C_i = op(A_i) @ op(B_i) for the batch, rows [start, end) of the stacked [batch·M, N] output. */
  matmul_f32: (transA: number, transB: number, batch: number, M: number, N: number, K: number, a: Ptr, b: Ptr, c: Ptr,
    start: number, end: number, scratch: Ptr) => void;

  // movement (assembly/movement.ts)
  permute_32: CopyExport; permute_8: CopyExport; slice_32: CopyExport; slice_8: CopyExport;
  broadcastTo_32: CopyExport; broadcastTo_8: CopyExport; concat_32: CopyExport; concat_8: CopyExport;
  pad_32: PadExport; pad_8: PadExport;

  // indexing (assembly/indexing.ts)
  gather_32: IndexExport; gather_8: IndexExport;
  scatterAdd_f32: IndexExport; scatterAdd_i32: IndexExport; scatterAdd_u8: IndexExport;
  topk_f32: TopkExport; topk_i32: TopkExport; topk_u8: TopkExport;
  searchSorted_f32: SearchSortedExport; searchSorted_i32: SearchSortedExport; searchSorted_u8: SearchSortedExport;
  nonzero_f32: NonzeroExport; nonzero_i32: NonzeroExport; nonzero_u8: NonzeroExport;
  unique_f32: UniqueExport; unique_i32: UniqueExport; unique_u8: UniqueExport;

  // conv (assembly/conv.ts): images [n0, n1) of a 16-word geometry block
  /** Bytes of per-thread scratch for the three conv kernels of this geometry. */
  conv2d_f32_scratch_bytes: (geom: Ptr) => number;
  /** y = conv2d(x, w) + bias (bias 0 = none). */
  conv2d_f32: (geom: Ptr, x: Ptr, w: Ptr, bias: Ptr, y: Ptr, n0: number, n1: number, scratch: Ptr) => void;
  conv2dInputGrad_f32: (geom: Ptr, dy: Ptr, w: Ptr, dx: Ptr, n0: number, n1: number, scratch: Ptr) => void;
  /** Overwrites dw with the sum over its images (a split caller sums per-part partials). */
  conv2dWeightGrad_f32: (geom: Ptr, x: Ptr, dy: Ptr, dw: Ptr, n0: number, n1: number, scratch: Ptr) => void;

  // pool (assembly/pool.ts): planes [p0, p1) of a 14-word geometry block; divisor 0 = none
  maxPool2d_f32: MaxPoolExport;
  maxPool2dGrad_f32: (geom: Ptr, x: Ptr, dy: Ptr, dx: Ptr, p0: number, p1: number) => void;
  avgPool2d_f32: (geom: Ptr, x: Ptr, y: Ptr, countIncludePad: number, divisor: number, p0: number, p1: number) => void;
  avgPool2dGrad_f32: (geom: Ptr, dy: Ptr, dx: Ptr, countIncludePad: number, divisor: number, p0: number, p1: number) => void;

  // optim (assembly/optim.ts): elements [start, end) of each of the k rows of n
  adamMoments_f32: (g: Ptr, p: Ptr, s: Ptr, out: Ptr, n: number, k: number, sign: number, b1: number, b2: number,
    oneMinusB1: number, oneMinusB2: number, l2: number, start: number, end: number) => void;
  adamStep_f32: (p: Ptr, s: Ptr, out: Ptr, n: number, k: number, negStep: number, bc2Sqrt: number, eps: number,
    decay: number, decoupled: number, start: number, end: number) => void;
  /** b = 0 with hasBuf 0: SGD's first update (the new buffer is d). */
  sgdMomentum_f32: (g: Ptr, p: Ptr, b: Ptr, out: Ptr, n: number, hasBuf: number, sign: number, wd: number, mom: number,
    keep: number, start: number, end: number) => void;
  sgdStep_f32: (p: Ptr, g: Ptr, b: Ptr, out: Ptr, n: number, hasBuf: number, nesterov: number, sign: number, wd: number,
    mom: number, negLr: number, start: number, end: number) => void;
  /** s and out [k, n]: rows squareAvg, gradAvg (centered = 1), momentumBuffer (hasMom = 1, the last row). */
  rmspropMoments_f32: (g: Ptr, p: Ptr, s: Ptr, out: Ptr, n: number, k: number, centered: number, hasMom: number, sign: number,
    wd: number, alpha: number, oneMinusAlpha: number, eps: number, mom: number, start: number, end: number) => void;
  rmspropStep_f32: (p: Ptr, g: Ptr, s: Ptr, out: Ptr, n: number, k: number, centered: number, hasMom: number, sign: number,
    wd: number, eps: number, negLr: number, start: number, end: number) => void;

  // random (assembly/random.ts): elements [start, end) of Philox4x32-10 uniforms under the key (k0, k1)
  randomUniform_f32: (out: Ptr, n: number, k0: number, k1: number, start: number, end: number) => void;
}

export type ExportName = keyof WasmExports;

/** Every export's parameter count, at run time; the mapped type makes it list exactly `WasmExports`' names. */
export const EXPORT_ARITY: { readonly [K in ExportName]: Parameters<WasmExports[K]>['length'] } = {
  heap_base: 0, fill_32: 3, fill_8: 3, copy_bytes: 3,
  neg_f32: 3, exp_f32: 3, log_f32: 3, sqrt_f32: 3, abs_f32: 3, sign_f32: 3, tanh_f32: 3, sigmoid_f32: 3, relu_f32: 3, erf_f32: 3,
  neg_i32: 3, abs_i32: 3, sign_i32: 3, relu_i32: 3,
  reluGrad_f32: 4,
  cast_f32_i32: 3, cast_f32_u8: 3, cast_f32_bool: 3, cast_i32_f32: 3, cast_i32_u8: 3, cast_i32_bool: 3,
  cast_u8_f32: 3, cast_u8_i32: 3, cast_u8_bool: 3,
  add_f32: 4, sub_f32: 4, mul_f32: 4, div_f32: 4, pow_f32: 4, maximum_f32: 4, minimum_f32: 4,
  add_i32: 4, sub_i32: 4, mul_i32: 4, div_i32: 4, pow_i32: 4, maximum_i32: 4, minimum_i32: 4,
  add_u8: 4, sub_u8: 4, mul_u8: 4, maximum_u8: 4, minimum_u8: 4,
  eq_f32: 4, ne_f32: 4, lt_f32: 4, le_f32: 4, gt_f32: 4, ge_f32: 4,
  eq_i32: 4, ne_i32: 4, lt_i32: 4, le_i32: 4, gt_i32: 4, ge_i32: 4,
  eq_u8: 4, ne_u8: 4, lt_u8: 4, le_u8: 4, gt_u8: 4, ge_u8: 4,
  where_32: 5, where_8: 5,
  sum_f32: 5, sum_i32: 5, max_f32: 4, max_i32: 4, max_u8: 4, min_f32: 4, min_i32: 4, min_u8: 4,
  argmax_f32: 5, argmax_i32: 5, argmax_u8: 5, argmin_f32: 5, argmin_i32: 5, argmin_u8: 5,
  gemm_f32_scratch_bytes: 3, gemm_f32: 12, gemm_strided_f32: 15, matmul_f32: 12,
  permute_32: 3, permute_8: 3, slice_32: 3, slice_8: 3, broadcastTo_32: 3, broadcastTo_8: 3, concat_32: 3, concat_8: 3,
  pad_32: 6, pad_8: 6,
  gather_32: 6, gather_8: 6, scatterAdd_f32: 6, scatterAdd_i32: 6, scatterAdd_u8: 6,
  topk_f32: 10, topk_i32: 10, topk_u8: 10, searchSorted_f32: 6, searchSorted_i32: 6, searchSorted_u8: 6,
  nonzero_f32: 4, nonzero_i32: 4, nonzero_u8: 4, unique_f32: 3, unique_i32: 3, unique_u8: 3,
  conv2d_f32_scratch_bytes: 1, conv2d_f32: 8, conv2dInputGrad_f32: 7, conv2dWeightGrad_f32: 7,
  maxPool2d_f32: 5, maxPool2dGrad_f32: 6, avgPool2d_f32: 7, avgPool2dGrad_f32: 7,
  adamMoments_f32: 14, adamStep_f32: 12,
  sgdMomentum_f32: 12, sgdStep_f32: 13, rmspropMoments_f32: 16, rmspropStep_f32: 14,
  randomUniform_f32: 6,
};

/** The names of `EXPORT_ARITY`, in its order (the worker pool numbers kernels by this order). */
export const EXPORT_NAMES: readonly ExportName[] = exportNames();

function exportNames(): ExportName[] {
  const names: ExportName[] = [];
  for (const name of Object.keys(EXPORT_ARITY)) if (isExportName(name)) names.push(name);
  return names;
}

export function isExportName(name: string): name is ExportName {
  return Object.hasOwn(EXPORT_ARITY, name);
}

/** What is wrong with `exports` as `WasmExports`: missing names, non-functions, wrong parameter counts. */
export function exportMismatches(exports: WebAssembly.Exports): string[] {
  const problems: string[] = [];
  for (const name of EXPORT_NAMES) {
    const v = exports[name];
    if (typeof v !== 'function') problems.push(v === undefined ? `${name} is missing` : `${name} is not a function`);
    // A wasm exported function's `length` is its parameter count.
    else if (v.length !== EXPORT_ARITY[name]) problems.push(`${name} takes ${v.length} arguments, expected ${EXPORT_ARITY[name]}`);
  }
  return problems;
}

function isWasmExports(exports: WebAssembly.Exports): exports is WebAssembly.Exports & WasmExports {
  return exportMismatches(exports).length === 0;
}

/** An instance's exports as `WasmExports`, or an error listing every mismatch (a stale or foreign module). */
export function wasmExports(exports: WebAssembly.Exports): WasmExports {
  if (isWasmExports(exports)) return exports;
  throw new Error(`wasm backend: the module's exports do not match WasmExports (rebuild with \`npm run build\`?): ${exportMismatches(exports).join('; ')}`);
}

/**
 * One export call, `exports[fn](...args)`: serializable, so the worker pool can run it on a worker's
 * own instance of the module. Make it with `kernelCall`, which checks the arguments against the export.
 */
export interface KernelCall {
  readonly fn: ExportName;
  readonly args: readonly number[];
}

export function kernelCall<K extends ExportName>(fn: K, ...args: Parameters<WasmExports[K]>): KernelCall {
  return { fn, args };
}

/** Runs `call` on `exports` (this thread's instance). */
export function runCall(exports: WasmExports, call: KernelCall): void {
  Reflect.apply(exports[call.fn], undefined, call.args);
}
