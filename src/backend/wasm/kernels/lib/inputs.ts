/**
 * How kernels unwrap their inputs (`KernelArg` → pointer into wasm memory) and the error for a dtype
 * a kernel lacks: `MissingKernelError(prim, 'wasm', 'no <dtype> kernel')`.
 */
import type { DType } from '../../../../engine/dtype.js';
import type { KernelArg } from '../../../../engine/backend.js';
import { MissingKernelError } from '../../../../engine/backend.js';
import type { Primitive } from '../../../../engine/primitives.js';
import { wasmHandle } from '../../handle.js';

/** Byte offset of an input's element 0 (its handle must be a live `WasmHandle`). */
export function ptr(a: KernelArg): number {
  return wasmHandle(a.handle).ptr;
}

/** `ptr(a)` of a float32 input of a float32-only kernel (conv, pool, matmul, reluGrad, Adam). */
export function f32Ptr(prim: Primitive, a: KernelArg): number {
  if (a.dtype !== 'float32') throw noKernel(prim, a.dtype);
  return ptr(a);
}

/** The error for a dtype (or a combination, e.g. 'int32/float32') that `prim` has no wasm kernel for. */
export function noKernel(prim: Primitive, dtype: DType | string): MissingKernelError {
  return new MissingKernelError(prim, 'wasm', `no ${dtype} kernel`);
}
