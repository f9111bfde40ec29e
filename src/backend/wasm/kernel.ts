import type { DType } from '../../engine/dtype.js';
import type { Shape } from '../../engine/shape.js';
import type { OutSpec } from '../../engine/backend.js';
import type { PrimitiveAttrs, ShapedPrimitive } from '../../engine/primitives.js';
import type { WasmContext } from './context.js';
import type { WasmHandle } from './handle.js';

/** One input of a wasm kernel: its handle (`ptr` = byte offset of element 0, row-major), shape and dtype. */
export interface WasmArg {
  readonly handle: WasmHandle;
  readonly ptr: number;
  readonly shape: Shape;
  readonly dtype: DType;
}

/**
 * A JS kernel wrapper: reads its inputs' pointers, allocates the output with `ctx.output(out)`, calls
 * the wasm export(s) and returns the output handle. Zero-element outputs still get a (16-byte) handle.
 */
export type WasmKernel<P extends ShapedPrimitive> = (ctx: WasmContext, inputs: readonly WasmArg[], attrs: PrimitiveAttrs[P], out: OutSpec) => WasmHandle;

/** Exhaustive: a primitive without a wasm kernel is a compile error. */
export type WasmKernelTable = { [P in ShapedPrimitive]: WasmKernel<P> };
