import type { DType } from '../../../engine/dtype.js';

/** Kernel-name suffix of a dtype's storage: f32, i32, or u8 (uint8 and bool). */
export type StorageSuffix = 'f32' | 'i32' | 'u8';

export function storageSuffix(dtype: DType): StorageSuffix {
  return dtype === 'float32' ? 'f32' : dtype === 'int32' ? 'i32' : 'u8';
}

/** Kernel-name suffix for data movement by element width: 32 (float32/int32) or 8 (uint8/bool). */
export function widthSuffix(dtype: DType): '32' | '8' {
  return dtype === 'float32' || dtype === 'int32' ? '32' : '8';
}

/** Throws the wasm backend's error for a dtype a primitive does not take. */
export function unsupported(prim: string, dtypes: string): never {
  throw new Error(`wasm backend: '${prim}' has no kernel for ${dtypes} inputs`);
}
