/**
 * The wasm backend's kernel signature and table type. A kernel (`kernels/<family>.ts`, named as its
 * primitive) gets the primitive's inputs as the typed tuple of its spec (`InputsOf`, e.g. `[x, w, b?]`
 * for conv2d), unwraps each with `kernels/lib/inputs.ts`, allocates the output with `ctx.output(out)`,
 * calls the export(s) `<primitive>_<storage>` and returns the output handle. Zero-element outputs still
 * get a (16-byte) handle; kernels may skip the export call then.
 *
 * A data-dependent primitive's kernel (`WasmDataKernel`) has no output spec: it runs the export that
 * counts the output, allocates exactly that with `ctx.output`, fills it and returns it with its shape.
 */
import type { KernelArg, OutSpec } from '../../engine/backend.js';
import type { DataDependentPrimitive, InputsOf, PrimitiveAttrs, ShapedPrimitive } from '../../engine/primitives.js';
import type { WasmContext } from './context.js';
import type { WasmHandle } from './handle.js';

export type WasmKernel<P extends ShapedPrimitive> = (ctx: WasmContext, inputs: InputsOf<P, KernelArg>, attrs: PrimitiveAttrs[P], out: OutSpec) => WasmHandle;

/** Exhaustive: a primitive without a wasm kernel is a compile error. */
export type WasmKernelTable = { readonly [P in ShapedPrimitive]: WasmKernel<P> };

export type WasmDataKernel<P extends DataDependentPrimitive> = (ctx: WasmContext, inputs: InputsOf<P, KernelArg>, attrs: PrimitiveAttrs[P]) => {
  readonly handle: WasmHandle;
  readonly shape: readonly number[];
};

/** Exhaustive too: a data-dependent primitive without a wasm kernel is a compile error. */
export type WasmDataKernelTable = { readonly [P in DataDependentPrimitive]: WasmDataKernel<P> };
