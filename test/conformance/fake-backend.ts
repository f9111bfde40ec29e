/**
 * A tiny fake backend for testing the suite's own rules: it wraps the reference backend under another
 * name (its handles are its own), may declare primitives unsupported, and may lack kernels without
 * declaring them (it then throws when such a primitive reaches it, as a backend with a missing kernel would).
 */
import type { DType, TypedArray } from '../../src/engine/dtype.js';
import type { Backend, DataDependentResult, DataHandle, KernelArg, OutSpec } from '../../src/engine/backend.js';
import type { DataDependentPrimitive, InputsOf, Primitive, PrimitiveAttrs, ShapedPrimitive } from '../../src/engine/primitives.js';
import { inputsOf } from '../../src/engine/primitives.js';
import { ReferenceBackend } from '../../src/backend/reference/index.js';

class FakeHandle implements DataHandle {
  constructor(readonly backendName: string, readonly inner: DataHandle) {}
}

export class FakeBackend implements Backend {
  private readonly inner = new ReferenceBackend();
  readonly dtypes: readonly DType[] = ['float32', 'int32', 'uint8', 'bool'];

  constructor(
    readonly name: string,
    readonly unsupported: Partial<Record<Primitive, string>>,
    /** Primitives it has no kernel for, without declaring them. */
    private readonly lacking: readonly Primitive[] = [],
  ) {}

  private unwrap(h: DataHandle): DataHandle {
    if (!(h instanceof FakeHandle) || h.backendName !== this.name) throw new Error(`${this.name}: got a tensor of backend '${h.backendName}'`);
    return h.inner;
  }

  fromArray(data: TypedArray, dtype: DType): DataHandle {
    return new FakeHandle(this.name, this.inner.fromArray(data, dtype));
  }

  read(handle: DataHandle, dtype: DType): TypedArray {
    return this.inner.read(this.unwrap(handle), dtype);
  }

  readAsync(handle: DataHandle, dtype: DType): Promise<TypedArray> {
    return Promise.resolve(this.read(handle, dtype));
  }

  run<P extends ShapedPrimitive>(prim: P, inputs: InputsOf<P, KernelArg>, attrs: PrimitiveAttrs[P], out: OutSpec): DataHandle {
    if (this.lacking.includes(prim)) throw new Error(`${this.name}: no kernel for '${prim}'`);
    const given: readonly (KernelArg | undefined)[] = inputs;
    const args = given.map((a) => (a === undefined ? undefined : { ...a, handle: this.unwrap(a.handle) }));
    return new FakeHandle(this.name, this.inner.run(prim, inputsOf(prim, args), attrs, out));
  }

  runDataDependent<P extends DataDependentPrimitive>(prim: P, _inputs: InputsOf<P, KernelArg>, _attrs: PrimitiveAttrs[P], _dtype: DType): DataDependentResult {
    throw new Error(`${this.name}: no data-dependent primitive '${prim}'`);
  }
}
