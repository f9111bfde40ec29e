/**
 * Running a conformance case on the current backend: its inputs as tensors (float inputs in the run's
 * float dtype), the primitive through `dispatch` (so dtype rules, backend declarations and the tape are
 * the library's own), and the results read back. Also: which backend configurations skip a primitive
 * (only those that declare it in `unsupported`), and switching backends for a computation.
 */
import type { DType, FloatDType, TypedArray } from '../../src/engine/dtype.js';
import { allocArray, allocFloat } from '../../src/engine/dtype.js';
import type { Backend } from '../../src/engine/backend.js';
import type { DataDependentPrimitive, InputsOf, Primitive, ShapedPrimitive } from '../../src/engine/primitives.js';
import { inputsOf } from '../../src/engine/primitives.js';
import { dispatch, dispatchDataDependent } from '../../src/tensor/dispatch.js';
import { noGrad } from '../../src/tensor/autograd/node.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { fromTypedArray } from '../../src/tensor/tensor.js';
import { selectBackend } from '../helpers/backends.js';
import type { CaseInput, PrimitiveCase } from './case.js';
import { attrsOf, rngFor } from './case.js';

/** A result read back from a backend. */
export interface Output {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly data: TypedArray;
}

export function outputOf(t: Tensor): Output {
  return { shape: [...t.shape], dtype: t.dtype, data: t.dataSync() };
}

/** The skip message when `backend` declares `prim` unsupported, else null: the only reason a configuration skips a primitive. */
export function skipReason(backend: Backend, prim: Primitive): string | null {
  const why = backend.unsupported[prim];
  return why === undefined ? null : `backend '${backend.name}' declares ${prim} unsupported: ${why}`;
}

/** Runs `fn` with `backend` current, then puts the previous current backend back. */
export function withBackend<T>(backend: Backend, fn: () => T): T {
  const restore = selectBackend(backend);
  try {
    return fn();
  } finally {
    restore();
  }
}

export function dtypeOf(input: CaseInput, float: FloatDType): DType {
  return input.dtype === 'float' ? float : input.dtype;
}

/** The case input as a tensor on the current backend; `data` replaces its elements (finite differences). */
export function tensorOf(input: CaseInput, float: FloatDType, data: Float64Array = input.data): Tensor {
  const dtype = dtypeOf(input, float);
  const arr = allocArray(dtype, data.length);
  arr.set(data);
  return fromTypedArray(arr, input.shape, dtype);
}

/** The case's inputs as a plain list (an absent optional input left out). */
export function caseInputs<P extends Primitive>(c: PrimitiveCase<P>): CaseInput[] {
  const list: readonly (CaseInput | undefined)[] = c.inputs;
  return list.filter((i) => i !== undefined);
}

/** Positions of the float inputs: the ones gradients are taken with respect to. */
export function floatInputs<P extends Primitive>(c: PrimitiveCase<P>): number[] {
  return caseInputs(c).flatMap((input, i) => (input.dtype === 'float' ? [i] : []));
}

/** Runs the case's primitive on `tensors` (its inputs in order) through dispatch. */
export function runPrimitive<P extends ShapedPrimitive>(prim: P, c: PrimitiveCase<P>, float: FloatDType, tensors: readonly Tensor[]): Tensor {
  const inputs: InputsOf<P, Tensor> = inputsOf(prim, tensors);
  return dispatch(prim, inputs, attrsOf(c, float), c.out);
}

/** Runs the case's data-dependent primitive through dispatchDataDependent (the kernel reports the shape; `c.out` is what it should be). */
export function runDataPrimitive<P extends DataDependentPrimitive>(prim: P, c: PrimitiveCase<P>, float: FloatDType, tensors: readonly Tensor[]): Tensor {
  const inputs: InputsOf<P, Tensor> = inputsOf(prim, tensors);
  return dispatchDataDependent(prim, inputs, attrsOf(c, float));
}

/** The forward result on the current backend (nothing recorded). */
export function forward<P extends ShapedPrimitive>(prim: P, c: PrimitiveCase<P>, float: FloatDType): Output {
  return noGrad(() => outputOf(runPrimitive(prim, c, float, caseInputs(c).map((i) => tensorOf(i, float)))));
}

/** The forward result of a data-dependent primitive's case on the current backend. */
export function forwardData<P extends DataDependentPrimitive>(prim: P, c: PrimitiveCase<P>, float: FloatDType): Output {
  return noGrad(() => outputOf(runDataPrimitive(prim, c, float, caseInputs(c).map((i) => tensorOf(i, float)))));
}

/**
 * The upstream gradient r of a case's output (so gradients are of L = Σ out·r): seeded by the case name,
 * values in [0.5, 1.5) (bounded away from 0, so no element of the output is left out of L).
 */
export function upstreamOf<P extends Primitive>(c: PrimitiveCase<P>, size: number): Float64Array {
  const rng = rngFor(`upstream ${c.name}`);
  return Float64Array.from({ length: size }, () => Math.fround(0.5 + rng()));
}

/** What backward gives for a case on the current backend: the output and one gradient per float input. */
export interface GradientResult {
  readonly out: Output;
  readonly recorded: boolean;
  /** dL/d input for each float input, in input order (zeros where the rule gives none). */
  readonly grads: Output[];
}

/** Records the primitive on the tape with every float input requiring grad, and runs backward with r. */
export function gradients<P extends ShapedPrimitive>(prim: P, c: PrimitiveCase<P>, float: FloatDType): GradientResult {
  const inputs = caseInputs(c).map((i) => tensorOf(i, float));
  const leaves = floatInputs(c).map((i) => inputs[i]!.requiresGrad_());
  const y = runPrimitive(prim, c, float, inputs);
  const recorded = y.requiresGrad && y.gradFn?.op === prim;
  if (recorded) {
    const r = allocFloat(float, y.size);
    r.set(upstreamOf(c, y.size));
    y.backward(fromTypedArray(r, y.shape, float));
  }
  const grads = leaves.map((t) => (t.grad ? outputOf(t.grad) : { shape: [...t.shape], dtype: t.dtype, data: allocFloat(float, t.size) }));
  return { out: outputOf(y), recorded, grads };
}
