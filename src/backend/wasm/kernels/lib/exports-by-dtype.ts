/**
 * The type-checked choice of an export for (primitive, dtype): each family writes a table
 * `{ [primitive]: { [dtype]: '<primitive>_<storage>' } }` typed `ExportsByDType<Prims, Signature>`, so
 * every name must be an export of `WasmExports` named after that primitive, with that signature; a
 * dtype missing from the table is the primitive's `MissingKernelError`.
 */
import type { DType } from '../../../../engine/dtype.js';
import type { Primitive } from '../../../../engine/primitives.js';
import type { ExportName, WasmExports } from '../../exports.js';
import { noKernel } from './inputs.js';

type Storage = 'f32' | 'i32' | 'u8';
/** Storage suffixes of export names: element type, element width, or cast's `<from>_<to>`. */
export type Suffix = Storage | '32' | '8' | `${Storage}_${Storage | 'bool'}`;

/** The exports `<P>_<suffix>` whose signature is exactly `F`. */
export type ExportOf<P extends string, F> = {
  [K in ExportName]: K extends `${P}_${Suffix}` ? ([WasmExports[K]] extends [F] ? ([F] extends [WasmExports[K]] ? K : never) : never) : never;
}[ExportName];

/** Per primitive of `Ps`, its export for each dtype it has a kernel for. */
export type ExportsByDType<Ps extends Primitive, F> = { readonly [P in Ps]: { readonly [D in DType]?: ExportOf<P, F> } };

/** The export of `prim` for `dtype`, or its MissingKernelError. */
export function exportFor<Ps extends Primitive, F>(table: ExportsByDType<Ps, F>, prim: Ps, dtype: DType): ExportOf<Ps, F> {
  const name = table[prim][dtype];
  if (name === undefined) throw noKernel(prim, dtype);
  return name;
}
