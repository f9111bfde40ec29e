/**
 * The safetensors checkpoint format: encode and decode named tensors with string metadata.
 * See `safetensors-encode.ts` and `safetensors-decode.ts` for the layout and validation rules.
 */
export { encodeSafetensors } from './safetensors-encode.js';
export { decodeSafetensors } from './safetensors-decode.js';
export { SafetensorsError } from './safetensors-error.js';
export { int64ToInt32, isSafetensorsDType, DTYPE_BYTES } from './safetensors-dtypes.js';
export type { NamedArray, NamedArrayData, SafetensorsDType } from './safetensors-dtypes.js';
