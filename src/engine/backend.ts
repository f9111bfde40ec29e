import type { DType, TypedArray } from './dtype.js';
import type { Shape } from './shape.js';
import type { Primitive, PrimitiveAttrs } from './primitives.js';

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

export interface Backend {
  readonly name: string;
  /** Takes ownership of `data` (the caller must not modify it afterwards). */
  fromArray(data: TypedArray, dtype: DType): DataHandle;
  /** The elements, row-major, as a typed array the caller must treat as read-only. */
  read(handle: DataHandle, dtype: DType): TypedArray;
  /** Runs one primitive. Throws `MissingKernelError` if this backend has no kernel for it. */
  run<P extends Primitive>(prim: P, inputs: readonly KernelArg[], attrs: PrimitiveAttrs[P], out: OutSpec): DataHandle;
  /**
   * Optional: frees a handle's memory at once. The library calls it only for handles it has proven
   * unreachable by user code (the temporaries of `backward()`); backends whose memory the garbage
   * collector manages (the reference backend) leave it out.
   */
  release?(handle: DataHandle): void;
}

export class MissingKernelError extends Error {
  constructor(prim: Primitive, backend: string) {
    super(`Kernel '${prim}' is not registered for backend '${backend}'`);
    this.name = 'MissingKernelError';
  }
}
