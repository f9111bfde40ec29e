/**
 * Parses and validates safetensors bytes, copying every tensor into a fresh, aligned typed array.
 */
import { HOST_IS_LITTLE_ENDIAN, swapBytesInPlace } from './endian.js';
import { SafetensorsError } from './safetensors-error.js';
import {
  DTYPE_BYTES, elementCount, isSafetensorsDType,
  type NamedArray, type NamedArrayData, type SafetensorsDType,
} from './safetensors-dtypes.js';

const METADATA_KEY = '__metadata__';

/** One validated header entry. */
interface Entry {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  begin: number;
  end: number;
}

/**
 * Decodes a safetensors file.
 *
 * The data of each tensor is copied out of `bytes` (the input may be unaligned or later reused).
 * `F64` decodes to `Float64Array`, `I64` to `BigInt64Array`, `BOOL` to a 0/1 `Uint8Array`.
 *
 * @param source names the input (usually a file path) in error messages.
 * @throws SafetensorsError naming `source` when the header length points past the end of the
 *   input, the header is not valid UTF-8 JSON of the expected shape, a dtype is unknown, a byte
 *   range does not match dtype × shape, or the byte ranges overlap, leave gaps, or run past the end.
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  source = '<buffer>',
): { tensors: Record<string, NamedArray>; metadata: Record<string, string> } {
  const fail = (detail: string): never => {
    throw new SafetensorsError(source, detail);
  };
  if (bytes.length < 8) fail(`file is ${bytes.length} bytes, too short for the 8-byte header length`);
  const headerLen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
  if (headerLen > BigInt(bytes.length - 8)) {
    fail(`header length ${headerLen} runs past the end of the file (${bytes.length} bytes, header must fit in ${bytes.length - 8})`);
  }
  const dataStart = 8 + Number(headerLen);
  const dataLength = bytes.length - dataStart;

  const header = parseHeader(bytes.subarray(8, dataStart), fail);
  const metadata = parseMetadata(header[METADATA_KEY], fail);
  const entries = Object.keys(header)
    .filter((name) => name !== METADATA_KEY)
    .map((name) => parseEntry(name, header[name], dataLength, fail));
  checkLayout(entries, dataLength, fail);

  const tensors: Record<string, NamedArray> = {};
  for (const e of entries) {
    // new Uint8Array(view) copies into a fresh, zero-offset buffer (Buffer#slice would not copy).
    const raw = new Uint8Array(bytes.subarray(dataStart + e.begin, dataStart + e.end));
    tensors[e.name] = { dtype: e.dtype, shape: e.shape, data: toTypedArray(e.dtype, raw) };
  }
  return { tensors, metadata };
}

/** Decodes the header bytes as strict UTF-8 JSON that must be an object. */
function parseHeader(raw: Uint8Array, fail: (d: string) => never): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return fail('header is not valid UTF-8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return fail(`header is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isRecord(parsed)) return fail('header JSON must be an object');
  return parsed;
}

/** Validates the optional `__metadata__` entry: a flat string → string map. */
function parseMetadata(value: unknown, fail: (d: string) => never): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value)) return fail(`"${METADATA_KEY}" must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') return fail(`"${METADATA_KEY}" value for "${k}" must be a string, got ${JSON.stringify(v)}`);
    out[k] = v;
  }
  return out;
}

/** Validates one tensor's header entry against the size of the data section. */
function parseEntry(name: string, value: unknown, dataLength: number, fail: (d: string) => never): Entry {
  const bad = (detail: string): never => fail(`tensor "${name}": ${detail}`);
  if (!isRecord(value)) return bad('header entry must be an object');
  const { dtype, shape, data_offsets: offsets } = value;
  if (typeof dtype !== 'string') return bad(`dtype must be a string, got ${JSON.stringify(dtype)}`);
  if (!isSafetensorsDType(dtype)) return bad(`unknown dtype ${JSON.stringify(dtype)} (supported: ${Object.keys(DTYPE_BYTES).join(', ')})`);
  if (!Array.isArray(shape) || !shape.every(isNonNegativeInt)) {
    return bad(`shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  const [begin, end] = Array.isArray(offsets) && offsets.length === 2 ? offsets : [];
  if (!isNonNegativeInt(begin) || !isNonNegativeInt(end)) {
    return bad(`data_offsets must be [begin, end] non-negative integers, got ${JSON.stringify(offsets)}`);
  }
  if (begin > end) return bad(`data_offsets [${begin}, ${end}] end before they begin`);
  if (end > dataLength) return bad(`data_offsets [${begin}, ${end}] out of range: data section is ${dataLength} bytes`);
  const expected = elementCount(shape) * DTYPE_BYTES[dtype];
  if (end - begin !== expected) {
    return bad(`byte length ${end - begin} does not match ${dtype} × shape [${shape.join(', ')}] = ${expected} bytes`);
  }
  return { name, dtype, shape: [...shape], begin, end };
}

/** Requires the byte ranges, sorted by offset, to tile the data section exactly. */
function checkLayout(entries: Entry[], dataLength: number, fail: (d: string) => never): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous = '';
  for (const e of sorted) {
    if (e.begin < cursor) {
      fail(`tensor "${e.name}" bytes [${e.begin}, ${e.end}] overlap tensor "${previous}" (which ends at ${cursor})`);
    }
    if (e.begin > cursor) {
      fail(`gap of ${e.begin - cursor} unused bytes before tensor "${e.name}" (bytes [${cursor}, ${e.begin}] belong to no tensor)`);
    }
    cursor = e.end;
    previous = e.name;
  }
  if (cursor !== dataLength) {
    fail(`${dataLength - cursor} trailing bytes after the last tensor (data section is ${dataLength} bytes, tensors cover ${cursor})`);
  }
}

/** Views a freshly copied, zero-offset byte buffer as the typed array for `dtype`. */
function toTypedArray(dtype: SafetensorsDType, raw: Uint8Array): NamedArrayData {
  if (!HOST_IS_LITTLE_ENDIAN) swapBytesInPlace(raw, DTYPE_BYTES[dtype]);
  const width = DTYPE_BYTES[dtype];
  const n = raw.byteLength / width;
  switch (dtype) {
    case 'F32':
      return new Float32Array(raw.buffer, raw.byteOffset, n);
    case 'F64':
      return new Float64Array(raw.buffer, raw.byteOffset, n);
    case 'I32':
      return new Int32Array(raw.buffer, raw.byteOffset, n);
    case 'I64':
      return new BigInt64Array(raw.buffer, raw.byteOffset, n);
    case 'U8':
      return raw;
    case 'BOOL':
      return raw.map((v) => (v !== 0 ? 1 : 0));
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNonNegativeInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
