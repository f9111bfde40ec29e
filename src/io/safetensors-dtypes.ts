/**
 * The element types Striate reads and writes in safetensors files, their byte widths and the
 * typed arrays that hold them in memory.
 */

/** A safetensors dtype tag supported by Striate. */
export type SafetensorsDType = 'F32' | 'I32' | 'U8' | 'BOOL' | 'I64' | 'F64';

/** Typed arrays that may back a {@link NamedArray}. */
export type NamedArrayData = Float32Array | Int32Array | Uint8Array | Float64Array | BigInt64Array;

/**
 * One tensor as stored in a safetensors file: its dtype tag, its shape (`[]` for a scalar) and its
 * elements in row-major order.
 *
 * In-memory representation per dtype (what the decoder returns, and what the encoder expects):
 * - `F32`  → `Float32Array`
 * - `F64`  → `Float64Array` (the encoder also accepts a `Float32Array` and widens it)
 * - `I32`  → `Int32Array`
 * - `I64`  → `BigInt64Array`, lossless (the encoder also accepts an `Int32Array` and widens it;
 *            use {@link int64ToInt32} to narrow with an overflow check)
 * - `U8`   → `Uint8Array`
 * - `BOOL` → `Uint8Array` holding 0/1 (any nonzero byte is read and written as 1)
 */
export interface NamedArray {
  dtype: SafetensorsDType;
  shape: number[];
  data: NamedArrayData;
}

/** Byte width of one element of each dtype. */
export const DTYPE_BYTES: Readonly<Record<SafetensorsDType, number>> = {
  F64: 8,
  I64: 8,
  F32: 4,
  I32: 4,
  U8: 1,
  BOOL: 1,
};

/** True when `tag` names a dtype this module supports. */
export function isSafetensorsDType(tag: string): tag is SafetensorsDType {
  return Object.prototype.hasOwnProperty.call(DTYPE_BYTES, tag);
}

/** Number of elements of a tensor with this shape (1 for a scalar, 0 when any dimension is 0). */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Narrows int64 values to an `Int32Array`, throwing a `RangeError` naming `what` on the first
 * value outside the int32 range.
 */
export function int64ToInt32(data: BigInt64Array, what = 'tensor'): Int32Array {
  const out = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i] ?? 0n;
    if (v < -2147483648n || v > 2147483647n) {
      throw new RangeError(`${what}: int64 value ${v} at index ${i} does not fit in int32`);
    }
    out[i] = Number(v);
  }
  return out;
}
