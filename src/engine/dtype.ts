/**
 * Element types. float32 is the working type of every network; int32 holds labels and indices;
 * uint8 holds raw image pixels; bool is the result of comparisons (stored as 0/1 bytes).
 */
export type DType = 'float32' | 'int32' | 'uint8' | 'bool';

export type TypedArray = Float32Array | Int32Array | Uint8Array;

export function allocArray(dtype: DType, length: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'uint8':
    case 'bool':
      return new Uint8Array(length);
  }
}

export function arrayMatchesDType(data: TypedArray, dtype: DType): boolean {
  switch (dtype) {
    case 'float32':
      return data instanceof Float32Array;
    case 'int32':
      return data instanceof Int32Array;
    case 'uint8':
    case 'bool':
      return data instanceof Uint8Array;
  }
}

export function dtypeOfArray(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  return 'uint8';
}

export function isFloat(dtype: DType): boolean {
  return dtype === 'float32';
}

/** Result type of a binary arithmetic op, as PyTorch promotes (bool < uint8 < int32 < float32). */
export function promoteTypes(a: DType, b: DType): DType {
  const rank: Record<DType, number> = { bool: 0, uint8: 1, int32: 2, float32: 3 };
  return rank[a] >= rank[b] ? a : b;
}

/** Converts a JS number to what storing it in `dtype` gives. */
export function castScalar(v: number, dtype: DType): number {
  switch (dtype) {
    case 'float32':
      return Math.fround(v);
    case 'int32':
      return Math.trunc(v) | 0;
    case 'uint8':
      return Math.trunc(v) & 255;
    case 'bool':
      return v !== 0 ? 1 : 0;
  }
}
