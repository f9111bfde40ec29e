/**
 * Element types. float32 is the working type of every network; float64 is for checking (gradients by
 * finite differences, as PyTorch's gradcheck uses double) and exists on the reference backend only;
 * int32 holds labels and indices; uint8 holds raw image pixels; bool is the result of comparisons
 * (stored as 0/1 bytes).
 */
export type DType = 'float32' | 'float64' | 'int32' | 'uint8' | 'bool';

/** The floating-point dtypes: the ones autograd records and `requiresGrad` accepts. */
export type FloatDType = 'float32' | 'float64';

/** Every dtype, in promotion order (bool < uint8 < int32 < float32 < float64). */
export const DTYPES: readonly DType[] = ['bool', 'uint8', 'int32', 'float32', 'float64'];

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** The storage of a floating-point tensor. */
export type FloatArray = Float32Array | Float64Array;

export function allocArray(dtype: DType, length: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(length);
    case 'float64':
      return new Float64Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'uint8':
    case 'bool':
      return new Uint8Array(length);
  }
}

/** A fresh zeroed float array of `dtype`. */
export function allocFloat(dtype: FloatDType, length: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

export function arrayMatchesDType(data: TypedArray, dtype: DType): boolean {
  switch (dtype) {
    case 'float32':
      return data instanceof Float32Array;
    case 'float64':
      return data instanceof Float64Array;
    case 'int32':
      return data instanceof Int32Array;
    case 'uint8':
    case 'bool':
      return data instanceof Uint8Array;
  }
}

export function dtypeOfArray(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  return 'uint8';
}

export function isDType(v: unknown): v is DType {
  return v === 'float32' || v === 'float64' || v === 'int32' || v === 'uint8' || v === 'bool';
}

export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype === 'float32' || dtype === 'float64';
}

/**
 * Result type of a binary arithmetic op, as PyTorch promotes (bool < uint8 < int32 < float32 < float64):
 * float32 with float64 gives float64.
 */
export function promoteTypes(a: DType, b: DType): DType {
  const rank: Record<DType, number> = { bool: 0, uint8: 1, int32: 2, float32: 3, float64: 4 };
  return rank[a] >= rank[b] ? a : b;
}

/** Converts a JS number to what storing it in `dtype` gives. */
export function castScalar(v: number, dtype: DType): number {
  switch (dtype) {
    case 'float32':
      return Math.fround(v);
    case 'float64':
      return v;
    case 'int32':
      return Math.trunc(v) | 0;
    case 'uint8':
      return Math.trunc(v) & 255;
    case 'bool':
      return v !== 0 ? 1 : 0;
  }
}
