/** Round trips and decode-time validation of the safetensors codec. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeSafetensors, encodeSafetensors, int64ToInt32, SafetensorsError, type NamedArray,
} from '../../src/io/index.js';
import { toList } from './helpers.js';

/** One tensor of every dtype, plus a scalar and empty tensors. */
function sampleTensors(): Record<string, NamedArray> {
  return {
    u8: { dtype: 'U8', shape: [5], data: new Uint8Array([0, 1, 127, 128, 255]) },
    w: { dtype: 'F32', shape: [2, 3], data: new Float32Array([1.5, -2, 0, Math.PI, -0, 1e-30]) },
    f64: { dtype: 'F64', shape: [3], data: new Float64Array([1 / 3, -1e300, 5e-324]) },
    i32: { dtype: 'I32', shape: [2, 2], data: new Int32Array([0, -1, 2147483647, -2147483648]) },
    i64: { dtype: 'I64', shape: [3], data: new BigInt64Array([2n ** 40n, -(2n ** 63n), 2n ** 63n - 1n]) },
    mask: { dtype: 'BOOL', shape: [1, 3], data: new Uint8Array([1, 0, 1]) },
    scalar: { dtype: 'F32', shape: [], data: new Float32Array([2.5]) },
    emptyF32: { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
    emptyI64: { dtype: 'I64', shape: [0], data: new BigInt64Array(0) },
    emptyBool: { dtype: 'BOOL', shape: [3, 0], data: new Uint8Array(0) },
  };
}

/** Builds a file by hand: header text, data bytes, optionally a wrong header length. */
function rawFile(header: string | object, data: Uint8Array = new Uint8Array(0), headerLength?: bigint): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, headerLength ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** Asserts that decoding throws a SafetensorsError naming the source and matching `pattern`. */
function assertDecodeError(bytes: Uint8Array, pattern: RegExp): void {
  assert.throws(
    () => decodeSafetensors(bytes, 'ckpt/model.safetensors'),
    (err: unknown) => {
      assert.ok(err instanceof SafetensorsError, `expected SafetensorsError, got ${String(err)}`);
      assert.equal(err.source, 'ckpt/model.safetensors');
      assert.match(err.message, /^ckpt\/model\.safetensors: /);
      assert.match(err.message, pattern);
      return true;
    },
  );
}

test('round-trips every dtype, scalars, empty tensors and metadata', () => {
  const tensors = sampleTensors();
  const metadata = { format: 'pt', epoch: '3', note: 'ünïcode ✓' };
  const bytes = encodeSafetensors(tensors, metadata);
  const decoded = decodeSafetensors(bytes, 'mem');
  assert.deepEqual(decoded.metadata, metadata);
  assert.deepEqual(Object.keys(decoded.tensors).sort(), Object.keys(tensors).sort());
  for (const [name, t] of Object.entries(tensors)) {
    const d = decoded.tensors[name];
    assert.equal(d!.dtype, t.dtype, name);
    assert.deepEqual(d!.shape, t.shape, name);
    assert.equal(d!.data.constructor, t.data.constructor, name);
    assert.deepEqual(toList(d!.data), toList(t.data), name);
  }
  assert.ok(Object.is(decoded.tensors.w!.data[4]!, -0), 'negative zero survives');
});

test('file layout: 8-aligned header padded with spaces, widest dtypes first, no gaps', () => {
  const bytes = encodeSafetensors(sampleTensors());
  const headerLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal(headerLen % 8, 0);
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + headerLen));
  assert.match(text, /^\{.*\} *$/);
  const header = JSON.parse(text) as Record<string, { dtype: string; data_offsets: [number, number] }>;
  let cursor = 0;
  for (const e of Object.values(header)) {
    assert.equal(e.data_offsets[0], cursor, 'header order is data order');
    const width = { F64: 8, I64: 8, F32: 4, I32: 4, U8: 1, BOOL: 1 }[e.dtype] ?? 0;
    assert.equal(e.data_offsets[0] % width, 0, `${e.dtype} tensor is aligned`);
    cursor = e.data_offsets[1];
  }
  assert.equal(8 + headerLen + cursor, bytes.length);
  assert.ok(!('__metadata__' in header), 'no metadata entry when none given');
});

test('decodes from an unaligned view into fresh, independent arrays', () => {
  const bytes = encodeSafetensors({ x: { dtype: 'F64', shape: [2], data: new Float64Array([1.25, -7]) } });
  const shifted = new Uint8Array(bytes.length + 3);
  shifted.set(bytes, 3);
  const view = shifted.subarray(3);
  const { tensors } = decodeSafetensors(Buffer.from(view.buffer, view.byteOffset, view.length));
  assert.deepEqual(toList(tensors.x!.data), [1.25, -7]);
  assert.equal(tensors.x!.data.byteOffset, 0);
  shifted.fill(0);
  assert.deepEqual(toList(tensors.x!.data), [1.25, -7], 'decoded data does not alias the input');
});

test('encoder widens Float32→F64 and Int32→I64, normalises BOOL, rejects mismatches', () => {
  const { tensors } = decodeSafetensors(encodeSafetensors({
    a: { dtype: 'F64', shape: [1], data: new Float32Array([0.1]) },
    b: { dtype: 'I64', shape: [2], data: new Int32Array([-5, 7]) },
    c: { dtype: 'BOOL', shape: [3], data: new Uint8Array([0, 2, 255]) },
  }));
  assert.deepEqual(toList(tensors.a!.data), [Math.fround(0.1)]);
  assert.deepEqual(toList(tensors.b!.data), [-5n, 7n]);
  assert.deepEqual(toList(tensors.c!.data), [0, 1, 1]);
  assert.throws(() => encodeSafetensors({ x: { dtype: 'F32', shape: [3], data: new Float32Array(2) } }), /needs 3 elements/);
  assert.throws(() => encodeSafetensors({ x: { dtype: 'I32', shape: [2], data: new Float32Array(2) } }), /I32 needs an Int32Array/);
  assert.throws(() => encodeSafetensors({ x: { dtype: 'F32', shape: [-1], data: new Float32Array(0) } }), /non-negative integers/);
  assert.throws(() => encodeSafetensors({ __metadata__: { dtype: 'U8', shape: [0], data: new Uint8Array(0) } }), /reserved/);
});

test('int64ToInt32 narrows exactly and reports overflow', () => {
  assert.deepEqual(Array.from(int64ToInt32(new BigInt64Array([-3n, 2147483647n]))), [-3, 2147483647]);
  assert.throws(() => int64ToInt32(new BigInt64Array([1n, 2147483648n]), 'labels'), /labels: int64 value 2147483648 at index 1/);
});

test('decode errors name the source: truncated file and header length past the end', () => {
  assertDecodeError(new Uint8Array(5), /too short/);
  assertDecodeError(rawFile({}, new Uint8Array(0), 1000n), /header length 1000 runs past the end/);
  assertDecodeError(rawFile({}, new Uint8Array(0), 2n ** 64n - 1n), /header length 18446744073709551615 runs past the end/);
});

test('decode errors name the source: invalid JSON and malformed header', () => {
  assertDecodeError(rawFile('{"a": {'), /not valid JSON/);
  assertDecodeError(rawFile('{"a": 1} trailing'), /not valid JSON/);
  const badUtf8 = rawFile('{}');
  badUtf8[9] = 0xff;
  assertDecodeError(badUtf8, /not valid UTF-8/);
  assertDecodeError(rawFile('[1, 2]'), /must be an object/);
  assertDecodeError(rawFile({ __metadata__: { a: 1 } }), /"__metadata__" value for "a" must be a string/);
  assertDecodeError(rawFile({ x: { dtype: 'F32', shape: [1] } }, new Uint8Array(4)), /tensor "x": data_offsets must be/);
  assertDecodeError(rawFile({ x: { dtype: 'F32', shape: [1.5], data_offsets: [0, 4] } }, new Uint8Array(4)), /tensor "x": shape must be/);
});

test('decode errors name the source: unknown dtype', () => {
  assertDecodeError(rawFile({ x: { dtype: 'BF16', shape: [2], data_offsets: [0, 4] } }, new Uint8Array(4)), /tensor "x": unknown dtype "BF16"/);
});

test('decode errors name the source: offsets out of range, overlapping, gaps, trailing bytes', () => {
  const f = (begin: number, end: number, shape = [1]): object => ({ dtype: 'F32', shape, data_offsets: [begin, end] });
  assertDecodeError(rawFile({ x: f(4, 8) }, new Uint8Array(6)), /tensor "x": data_offsets \[4, 8\] out of range: data section is 6 bytes/);
  assertDecodeError(rawFile({ x: f(8, 4) }, new Uint8Array(8)), /end before they begin/);
  assertDecodeError(rawFile({ a: f(0, 8, [2]), b: f(4, 8) }, new Uint8Array(8)), /tensor "b" bytes \[4, 8\] overlap tensor "a"/);
  assertDecodeError(rawFile({ a: f(0, 4), b: f(0, 4) }, new Uint8Array(4)), /overlap/);
  assertDecodeError(rawFile({ a: f(0, 4), b: f(8, 12) }, new Uint8Array(12)), /gap of 4 unused bytes before tensor "b"/);
  assertDecodeError(rawFile({ a: f(4, 8) }, new Uint8Array(8)), /gap of 4 unused bytes before tensor "a"/);
  assertDecodeError(rawFile({ a: f(0, 4) }, new Uint8Array(6)), /2 trailing bytes after the last tensor/);
});

test('decode errors name the source: byte length not matching dtype × shape', () => {
  assertDecodeError(
    rawFile({ x: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] } }, new Uint8Array(12)),
    /tensor "x": byte length 12 does not match F32 × shape \[2, 2\] = 16 bytes/,
  );
  assertDecodeError(rawFile({ x: { dtype: 'I64', shape: [], data_offsets: [0, 4] } }, new Uint8Array(4)), /= 8 bytes/);
});

test('decoder accepts tensors stored out of header order and zero-length tensors anywhere', () => {
  const data = new Uint8Array(8);
  new DataView(data.buffer).setInt32(0, -9, true);
  new DataView(data.buffer).setFloat32(4, 0.5, true);
  const { tensors, metadata } = decodeSafetensors(rawFile({
    b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
    e: { dtype: 'U8', shape: [0], data_offsets: [8, 8] },
    a: { dtype: 'I32', shape: [], data_offsets: [0, 4] },
    z: { dtype: 'F64', shape: [0, 2], data_offsets: [0, 0] },
  }, data));
  assert.deepEqual(metadata, {});
  assert.deepEqual(toList(tensors.a!.data), [-9]);
  assert.deepEqual(tensors.a!.shape, []);
  assert.deepEqual(toList(tensors.b!.data), [0.5]);
  assert.equal(tensors.e!.data.length, 0);
  assert.deepEqual(tensors.z!.shape, [0, 2]);
});
