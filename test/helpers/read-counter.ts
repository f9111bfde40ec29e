/**
 * Counts host reads: replaces the current backend by a proxy of the same name that delegates every
 * call to it and counts `read` and `readAsync` (what `item()`, `dataView()`, `dataSync()`, `data()` … end in).
 */
import type { Backend, DataDependentResult, DataHandle, KernelArg, OutSpec } from '../../src/engine/backend.js';
import type { DType, TypedArray } from '../../src/engine/dtype.js';
import type { DataDependentPrimitive, InputsOf, PrimitiveAttrs, ShapedPrimitive } from '../../src/engine/primitives.js';
import { getBackend, registerBackend } from '../../src/engine/registry.js';

export interface ReadCounter {
  /** Reads since the counter was installed (or last reset). */
  reads: number;
  /** Primitive runs since then (to show the proxy is in the path). */
  runs: number;
  reset(): void;
  /** Puts the real backend back. */
  restore(): void;
}

/** Installs the counting proxy over the current backend; call `restore()` when done. */
export function countReads(): ReadCounter {
  const real = getBackend();
  const counter: ReadCounter = {
    reads: 0,
    runs: 0,
    reset() {
      counter.reads = 0;
      counter.runs = 0;
    },
    restore() {
      registerBackend(real);
    },
  };
  const proxy: Backend = {
    name: real.name,
    dtypes: real.dtypes,
    unsupported: real.unsupported,
    fromArray: (data: TypedArray, dtype: DType): DataHandle => real.fromArray(data, dtype),
    read(handle: DataHandle, dtype: DType): TypedArray {
      counter.reads++;
      return real.read(handle, dtype);
    },
    readAsync(handle: DataHandle, dtype: DType): Promise<TypedArray> {
      counter.reads++;
      return real.readAsync(handle, dtype);
    },
    run<P extends ShapedPrimitive>(prim: P, inputs: InputsOf<P, KernelArg>, attrs: PrimitiveAttrs[P], out: OutSpec): DataHandle {
      counter.runs++;
      return real.run(prim, inputs, attrs, out);
    },
    runDataDependent<P extends DataDependentPrimitive>(prim: P, inputs: InputsOf<P, KernelArg>, attrs: PrimitiveAttrs[P], dtype: DType): DataDependentResult {
      counter.runs++;
      return real.runDataDependent(prim, inputs, attrs, dtype);
    },
    ...(real.release ? { release: (handle: DataHandle): void => real.release?.(handle) } : {}),
  };
  registerBackend(proxy); // same name: it becomes the current backend and the owner of that backend's handles
  return counter;
}

/** Runs `fn` with reads counted; returns its result and the count. */
export function withReadCount<T>(fn: () => T): { result: T; reads: number } {
  const c = countReads();
  try {
    const result = fn();
    return { result, reads: c.reads };
  } finally {
    c.restore();
  }
}
