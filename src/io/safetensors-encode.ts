/**
 * Serialises named tensors to the safetensors format: an 8-byte little-endian header length, a
 * JSON header padded with spaces to a multiple of 8 bytes, then every tensor's little-endian
 * bytes back to back in header order.
 */
import { HOST_IS_LITTLE_ENDIAN, swapBytesInPlace } from './endian.js';
import { SafetensorsError } from './safetensors-error.js';
import { DTYPE_BYTES, elementCount, isSafetensorsDType, type NamedArray } from './safetensors-dtypes.js';

const SOURCE = 'encodeSafetensors';
const METADATA_KEY = '__metadata__';

/**
 * Encodes `tensors` (and optional string `metadata`) as a safetensors file.
 *
 * Tensors are laid out widest dtype first (8-byte, then 4-byte, then 1-byte), keeping insertion
 * order within a width, so every tensor starts at an offset aligned to its element size and
 * readers can map it without copying. The header lists tensors in that same order.
 *
 * @throws SafetensorsError when a tensor's data does not match its dtype or shape.
 */
export function encodeSafetensors(tensors: Record<string, NamedArray>, metadata?: Record<string, string>): Uint8Array {
  const entriesByName = orderForLayout(tensors);
  const payloads = entriesByName.map(([name, t]) => tensorBytes(name, t));

  const entries: string[] = [];
  if (metadata !== undefined) entries.push(`${JSON.stringify(METADATA_KEY)}:${JSON.stringify(checkMetadata(metadata))}`);
  let offset = 0;
  entriesByName.forEach(([name, t], i) => {
    const end = offset + (payloads[i]?.length ?? 0);
    const info = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, end] };
    entries.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
    offset = end;
  });
  const header = padHeader(new TextEncoder().encode(`{${entries.join(',')}}`));

  const out = new Uint8Array(8 + header.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  let cursor = 8 + header.length;
  for (const p of payloads) {
    out.set(p, cursor);
    cursor += p.length;
  }
  return out;
}

/** The tensors by name, widest element type first, insertion order otherwise. */
function orderForLayout(tensors: Record<string, NamedArray>): [string, NamedArray][] {
  const entries = Object.entries(tensors);
  for (const [name] of entries) {
    if (name === METADATA_KEY) throw new SafetensorsError(SOURCE, `"${METADATA_KEY}" is reserved and cannot name a tensor`);
    if (name.length === 0) throw new SafetensorsError(SOURCE, 'tensor names must not be empty');
  }
  const width = ([name, t]: [string, NamedArray]): number => {
    if (!isSafetensorsDType(t.dtype)) throw new SafetensorsError(SOURCE, `tensor "${name}": unknown dtype ${String(t.dtype)}`);
    return DTYPE_BYTES[t.dtype];
  };
  return entries.map((entry, index) => ({ entry, index, w: width(entry) }))
    .sort((a, b) => b.w - a.w || a.index - b.index)
    .map((e) => e.entry);
}

/** Pads the header with spaces so the data section starts at a multiple of 8 bytes. */
function padHeader(json: Uint8Array): Uint8Array {
  const padded = new Uint8Array(Math.ceil(json.length / 8) * 8).fill(0x20);
  padded.set(json);
  return padded;
}

/** Checks that every metadata value is a string, returning the metadata unchanged. */
function checkMetadata(metadata: Record<string, string>): Record<string, string> {
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') throw new SafetensorsError(SOURCE, `metadata "${k}" must be a string, got ${typeof v}`);
  }
  return metadata;
}

/** The little-endian bytes of one tensor, after checking its data against dtype and shape. */
function tensorBytes(name: string, t: NamedArray): Uint8Array {
  const fail = (detail: string): never => {
    throw new SafetensorsError(SOURCE, `tensor "${name}": ${detail}`);
  };
  if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    fail(`shape must be an array of non-negative integers, got ${JSON.stringify(t.shape)}`);
  }
  const n = elementCount(t.shape);
  if (t.data.length !== n) fail(`shape [${t.shape.join(', ')}] needs ${n} elements but data has ${t.data.length}`);

  const data = t.data;
  let typed: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;
  switch (t.dtype) {
    case 'F32':
      typed = data instanceof Float32Array ? data : fail(`F32 needs a Float32Array, got ${data.constructor.name}`);
      break;
    case 'F64':
      typed = data instanceof Float64Array ? data
        : data instanceof Float32Array ? Float64Array.from(data)
        : fail(`F64 needs a Float64Array or Float32Array, got ${data.constructor.name}`);
      break;
    case 'I32':
      typed = data instanceof Int32Array ? data : fail(`I32 needs an Int32Array, got ${data.constructor.name}`);
      break;
    case 'I64':
      typed = data instanceof BigInt64Array ? data
        : data instanceof Int32Array ? BigInt64Array.from(data, (v) => BigInt(v))
        : fail(`I64 needs a BigInt64Array or Int32Array, got ${data.constructor.name}`);
      break;
    case 'U8':
      typed = data instanceof Uint8Array ? data : fail(`U8 needs a Uint8Array, got ${data.constructor.name}`);
      break;
    case 'BOOL':
      typed = data instanceof Uint8Array ? data.map((v) => (v !== 0 ? 1 : 0))
        : fail(`BOOL needs a Uint8Array, got ${data.constructor.name}`);
      break;
    default:
      return fail(`unknown dtype ${String(t.dtype)}`);
  }
  const bytes = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
  if (HOST_IS_LITTLE_ENDIAN || DTYPE_BYTES[t.dtype] === 1) return bytes;
  const swapped = bytes.slice();
  swapBytesInPlace(swapped, DTYPE_BYTES[t.dtype]);
  return swapped;
}
