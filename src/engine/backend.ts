import type { DType, TypedArray } from './dtype.js';
import type { Shape } from './shape.js';
import type { DataDependentPrimitive, InputsOf, Primitive, PrimitiveAttrs, ShapedPrimitive } from './primitives.js';

/**
 * An opaque handle to a tensor's elements, owned by the backend that made it. The reference backend's
 * handle wraps a typed array (the garbage collector frees it); a backend with its own heap (wasm) frees
 * memory when the handle is collected, so users never dispose anything.
 */
export interface DataHandle {
  readonly backendName: string;
}

/** A kernel's view of one input. */
export interface KernelArg {
  readonly handle: DataHandle;
  readonly shape: Shape;
  readonly dtype: DType;
}

/** What the op has already decided about the output. */
export interface OutSpec {
  readonly shape: Shape;
  readonly dtype: DType;
}

/** A data-dependent primitive's result: its elements and the shape the values gave. */
export interface DataDependentResult {
  readonly handle: DataHandle;
  readonly shape: Shape;
}

/**
 * What every backend implements. Inputs arrive as typed tuples shaped by the primitive's spec
 * (`PRIMITIVE_SPECS`), with the output's shape and dtype already decided (for shape-determined
 * primitives). A backend says what it cannot do in `unsupported` and `dtypes`; dispatch throws
 * `MissingKernelError` for those before calling it, and a backend never falls back silently.
 */
export interface Backend {
  readonly name: string;
  /** The dtypes this backend stores; an op on any other dtype is a `MissingKernelError`. */
  readonly dtypes: readonly DType[];
  /** Primitives this backend has no kernel for, each with the reason (read by dispatch and the conformance suite). */
  readonly unsupported: Partial<Record<Primitive, string>>;
  /** Takes ownership of `data` (the caller must not modify it afterwards). */
  fromArray(data: TypedArray, dtype: DType): DataHandle;
  /**
   * The elements, row-major, as a typed array the caller must treat as read-only. Synchronous: CPU
   * backends answer at once; a device backend would stall here, so training reads only when it logs.
   */
  read(handle: DataHandle, dtype: DType): TypedArray;
  /** The same as `read`, without blocking the caller (a device backend waits for its queue here). */
  readAsync(handle: DataHandle, dtype: DType): Promise<TypedArray>;
  /** Runs one shape-determined primitive into a new handle of `out`'s shape and dtype. */
  run<P extends ShapedPrimitive>(prim: P, inputs: InputsOf<P, KernelArg>, attrs: PrimitiveAttrs[P], out: OutSpec): DataHandle;
  /**
   * Runs one data-dependent primitive (`output: 'data'` in its spec): the kernel reads the values,
   * allocates exactly the output and returns it with its shape; `dtype` is the output's (from the
   * spec's rule). A backend that computes asynchronously must wait for its queue here, as in `read`:
   * each call is a synchronisation point.
   */
  runDataDependent<P extends DataDependentPrimitive>(prim: P, inputs: InputsOf<P, KernelArg>, attrs: PrimitiveAttrs[P], dtype: DType): DataDependentResult;
  /**
   * Optional: frees a handle's memory at once. The library calls it only for handles it has proven
   * unreachable by user code (the temporaries of `backward()`); backends whose memory the garbage
   * collector manages (the reference backend) leave it out.
   */
  release?(handle: DataHandle): void;
}

/** A primitive (or a dtype of it) that the backend in use has no kernel for. */
export class MissingKernelError extends Error {
  constructor(readonly primitive: Primitive, readonly backend: string, readonly reason: string) {
    super(`Kernel '${primitive}' is not available on backend '${backend}': ${reason}`);
    this.name = 'MissingKernelError';
  }
}
