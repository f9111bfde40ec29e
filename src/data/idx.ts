/**
 * The IDX file format (LeCun's MNIST format): a 4-byte magic `00 00 <type> <ndim>`, `ndim` big-endian
 * uint32 dimensions, then the elements row-major and big-endian. Files may be gzip-compressed (detected
 * by the `1f 8b` signature, whatever the file name says).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';
export type IdxArray = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** A decoded IDX file: `data` holds `shape`'s elements row-major, in native byte order. */
export interface IdxData {
  readonly dtype: IdxDType;
  readonly shape: readonly number[];
  readonly data: IdxArray;
}

interface TypeInfo {
  readonly code: number;
  readonly dtype: IdxDType;
  readonly bytes: number;
}

const TYPE_OF: Readonly<Record<IdxDType, TypeInfo>> = {
  uint8: { code: 0x08, dtype: 'uint8', bytes: 1 },
  int8: { code: 0x09, dtype: 'int8', bytes: 1 },
  int16: { code: 0x0b, dtype: 'int16', bytes: 2 },
  int32: { code: 0x0c, dtype: 'int32', bytes: 4 },
  float32: { code: 0x0d, dtype: 'float32', bytes: 4 },
  float64: { code: 0x0e, dtype: 'float64', bytes: 8 },
};
const TYPES: readonly TypeInfo[] = Object.values(TYPE_OF);

/** True when `bytes` starts with the gzip signature `1f 8b`. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Gunzips `bytes` if they are gzip data; `name` (usually the file path) appears in errors. */
export function maybeGunzip(bytes: Uint8Array, name: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`${name}: corrupt gzip data (${why})`, { cause: err });
  }
}

/**
 * Decodes IDX bytes (raw or gzip). `name` identifies the source in error messages: bad magic, unknown
 * element type, truncated header or data (with expected and actual byte counts), trailing bytes.
 */
export function decodeIdx(input: Uint8Array, name = '<buffer>'): IdxData {
  const bytes = maybeGunzip(input, name);
  if (bytes.length < 4) throw new Error(`${name}: truncated IDX header: expected at least 4 bytes, got ${bytes.length}`);
  if (bytes[0] !== 0 || bytes[1] !== 0)
    throw new Error(`${name}: bad IDX magic ${hex(bytes.subarray(0, 4))} (expected 00 00 <type> <ndim>)`);
  const info = TYPES.find((t) => t.code === bytes[2]);
  if (!info) throw new Error(`${name}: bad IDX magic ${hex(bytes.subarray(0, 4))}: unknown element type 0x${hex(bytes.subarray(2, 3))}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ndim = view.getUint8(3);
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes)
    throw new Error(`${name}: truncated IDX header: expected ${headerBytes} bytes for ${ndim} dimensions, got ${bytes.length}`);
  const shape: number[] = [];
  for (let i = 0; i < ndim; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * info.bytes;
  if (bytes.length < expected)
    throw new Error(
      `${name}: truncated IDX data: expected ${expected} bytes for ${info.dtype} [${shape.join(', ')}], got ${bytes.length}`,
    );
  if (bytes.length > expected)
    throw new Error(`${name}: IDX file has ${bytes.length - expected} unexpected trailing bytes (expected ${expected} bytes in all)`);
  return { dtype: info.dtype, shape, data: readElements(view, headerBytes, count, info.dtype) };
}

/** Reads and decodes an IDX file (raw or gzip) synchronously. Errors name `path`. */
export function readIdx(path: string): IdxData {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`${path}: cannot read IDX file (${why})`, { cause: err });
  }
  return decodeIdx(bytes, path);
}

/** Encodes `data` with `shape` as IDX bytes; the element type follows the array type. Gzipped if `gzip`. */
export function encodeIdx(
  data: IdxArray,
  shape: readonly number[],
  opts: { gzip?: boolean; level?: number } = {},
): Uint8Array {
  const info = typeOfArray(data);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`encodeIdx: ${data.length} elements do not fill shape [${shape.join(', ')}]`);
  if (shape.length > 255) throw new Error(`encodeIdx: at most 255 dimensions, got ${shape.length}`);
  const headerBytes = 4 + 4 * shape.length;
  const out = new Uint8Array(headerBytes + count * info.bytes);
  const view = new DataView(out.buffer);
  out[2] = info.code;
  out[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  writeElements(view, headerBytes, data, info.dtype);
  return opts.gzip ? gzipSync(out, { level: opts.level ?? 9 }) : out;
}

/** Writes `data` as an IDX file at `path`, gzipped when `path` ends in `.gz` (or `opts.gzip`). */
export function writeIdx(path: string, data: IdxArray, shape: readonly number[], opts: { gzip?: boolean } = {}): void {
  writeFileSync(path, encodeIdx(data, shape, { gzip: opts.gzip ?? path.endsWith('.gz') }));
}

function typeOfArray(data: IdxArray): TypeInfo {
  const dtype: IdxDType =
    data instanceof Uint8Array
      ? 'uint8'
      : data instanceof Int8Array
        ? 'int8'
        : data instanceof Int16Array
          ? 'int16'
          : data instanceof Int32Array
            ? 'int32'
            : data instanceof Float32Array
              ? 'float32'
              : 'float64';
  return TYPE_OF[dtype];
}

function readElements(view: DataView, offset: number, n: number, dtype: IdxDType): IdxArray {
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + n));
    case 'int8':
      return new Int8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + n));
    case 'int16': {
      const a = new Int16Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getInt16(offset + 2 * i, false);
      return a;
    }
    case 'int32': {
      const a = new Int32Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getInt32(offset + 4 * i, false);
      return a;
    }
    case 'float32': {
      const a = new Float32Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getFloat32(offset + 4 * i, false);
      return a;
    }
    case 'float64': {
      const a = new Float64Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getFloat64(offset + 8 * i, false);
      return a;
    }
  }
}

function writeElements(view: DataView, offset: number, data: IdxArray, dtype: IdxDType): void {
  const n = data.length;
  switch (dtype) {
    case 'uint8':
      new Uint8Array(view.buffer, view.byteOffset + offset, n).set(data);
      return;
    case 'int8':
      new Int8Array(view.buffer, view.byteOffset + offset, n).set(data);
      return;
    case 'int16':
      data.forEach((v: number, i: number) => view.setInt16(offset + 2 * i, v, false));
      return;
    case 'int32':
      data.forEach((v: number, i: number) => view.setInt32(offset + 4 * i, v, false));
      return;
    case 'float32':
      data.forEach((v: number, i: number) => view.setFloat32(offset + 4 * i, v, false));
      return;
    case 'float64':
      data.forEach((v: number, i: number) => view.setFloat64(offset + 8 * i, v, false));
      return;
  }
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
