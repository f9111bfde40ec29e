/**
 * The reference backend's handle (a plain typed array, freed by the garbage collector), the kernel
 * signature of its table, and how kernels unwrap their inputs.
 */
import type { FloatArray, FloatDType, TypedArray } from '../../engine/dtype.js';
import { isFloat } from '../../engine/dtype.js';
import type { DataHandle, KernelArg, OutSpec } from '../../engine/backend.js';
import type { DataDependentPrimitive, InputsOf, PrimitiveAttrs, ShapedPrimitive } from '../../engine/primitives.js';

export class ReferenceHandle implements DataHandle {
  readonly backendName = 'reference';
  constructor(readonly data: TypedArray) {}
}

/** A reference kernel: the primitive's inputs (typed by its spec), attributes and output spec → the output's elements. */
export type RefKernel<P extends ShapedPrimitive> = (inputs: InputsOf<P, KernelArg>, attrs: PrimitiveAttrs[P], out: OutSpec) => TypedArray;

/** A data-dependent primitive's reference kernel: inputs and attributes → the output's elements and the shape they give. */
export type RefDataKernel<P extends DataDependentPrimitive> = (inputs: InputsOf<P, KernelArg>, attrs: PrimitiveAttrs[P]) => {
  readonly data: TypedArray;
  readonly shape: readonly number[];
};

/** The elements behind an input. */
export function data(a: KernelArg): TypedArray {
  const h = a.handle;
  if (!(h instanceof ReferenceHandle)) throw new Error(`reference backend: got a tensor that lives on backend '${h.backendName}'`);
  return h.data;
}

/** The float32 elements behind an input (the optimiser kernels, which are float32 only). */
export function f32(a: KernelArg): Float32Array {
  const d = data(a);
  if (!(d instanceof Float32Array)) throw new Error(`reference backend: expected float32 data, got ${a.dtype}`);
  return d;
}

/** A fresh zeroed array of `like`'s element type (float32 or float64). */
export function allocLike(like: FloatArray, length: number): FloatArray {
  return like instanceof Float64Array ? new Float64Array(length) : new Float32Array(length);
}

/** The elements behind a floating-point input (float32 or float64). */
export function floats(a: KernelArg): FloatArray {
  const d = data(a);
  if (!(d instanceof Float32Array || d instanceof Float64Array)) throw new Error(`reference backend: expected float32 or float64 data, got ${a.dtype}`);
  return d;
}

/**
 * The one float dtype of a float kernel's inputs and output: float kernels compute in and return the
 * dtype they are given (float64 in, float64 out) and never mix float32 with float64 (ops cast first).
 */
export function floatDTypeOf(prim: string, out: OutSpec, inputs: readonly (KernelArg | undefined)[]): FloatDType {
  const dtype = out.dtype;
  if (!isFloat(dtype)) throw new Error(`reference backend: ${prim} computes float32 or float64, not ${dtype}`);
  for (const a of inputs)
    if (a !== undefined && a.dtype !== dtype) throw new Error(`reference backend: ${prim} expected ${dtype} inputs (as its output), got ${a.dtype}`);
  return dtype;
}

export function i32(a: KernelArg): Int32Array {
  const d = data(a);
  if (!(d instanceof Int32Array)) throw new Error(`reference backend: expected int32 indices, got ${a.dtype}`);
  return d;
}
