/** IDX codec: round trips of every element type, gzip detection, and errors that name the file. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { decodeIdx, encodeIdx, readIdx, writeIdx, type IdxArray } from '../../src/data/idx.js';
import { tempDir } from './helpers.js';

const samples: { name: string; data: IdxArray; shape: number[] }[] = [
  { name: 'uint8', data: Uint8Array.from([0, 1, 127, 128, 255, 9]), shape: [2, 3] },
  { name: 'int8', data: Int8Array.from([-128, -1, 0, 1, 127, 5]), shape: [3, 2] },
  { name: 'int16', data: Int16Array.from([-32768, -2, 0, 300, 32767]), shape: [5] },
  { name: 'int32', data: Int32Array.from([-2147483648, -1, 0, 65536, 2147483647, 7, 8, 9]), shape: [2, 2, 2] },
  { name: 'float32', data: Float32Array.from([1.5, -2.25, 0, Math.fround(Math.PI)]), shape: [4, 1] },
  { name: 'float64', data: Float64Array.from([1 / 3, -1e300, 5e-324]), shape: [3] },
  { name: 'empty', data: new Uint8Array(0), shape: [0, 28, 28] },
];

for (const s of samples) {
  test(`IDX round trip: ${s.name}, raw and gzip`, () => {
    for (const gzip of [false, true]) {
      const bytes = encodeIdx(s.data, s.shape, { gzip });
      assert.equal(bytes[0] === 0x1f && bytes[1] === 0x8b, gzip);
      const back = decodeIdx(bytes, 'mem');
      assert.deepEqual(back.shape, s.shape);
      assert.equal(back.data.constructor, s.data.constructor);
      assert.deepEqual(Array.from(back.data), Array.from(s.data));
    }
  });
}

test('IDX header is big-endian with the documented magic', () => {
  const bytes = encodeIdx(Int32Array.from([1, 258]), [2]);
  assert.deepEqual(Array.from(bytes), [0, 0, 0x0c, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 1, 2]);
});

test('readIdx detects gzip by content, not by file name', () => {
  const { dir, cleanup } = tempDir();
  try {
    const p = join(dir, 'plain-name-idx1-ubyte');
    writeFileSync(p, encodeIdx(Uint8Array.from([3, 1, 4]), [3], { gzip: true }));
    assert.deepEqual(Array.from(readIdx(p).data), [3, 1, 4]);
    const q = join(dir, 'raw.gz');
    writeIdx(q, Uint8Array.from([2, 7]), [2], { gzip: false });
    assert.deepEqual(Array.from(readIdx(q).data), [2, 7]);
  } finally {
    cleanup();
  }
});

test('truncated IDX data: error names the file and gives expected and actual byte counts', () => {
  const { dir, cleanup } = tempDir();
  try {
    const full = encodeIdx(new Uint8Array(2 * 28 * 28), [2, 28, 28]);
    const p = join(dir, 'cut-images-idx3-ubyte');
    writeFileSync(p, full.subarray(0, full.length - 100));
    assert.throws(() => readIdx(p), (e: Error) => {
      assert.match(e.message, /truncated/);
      assert.ok(e.message.includes(p), e.message);
      assert.ok(e.message.includes(`expected ${full.length} bytes`), e.message);
      assert.ok(e.message.includes(`got ${full.length - 100}`), e.message);
      return true;
    });
    // Also inside gzip, and when the header itself is cut.
    const gz = join(dir, 'cut.gz');
    writeFileSync(gz, gzipSync(full.subarray(0, 20)));
    assert.throws(() => readIdx(gz), (e: Error) => e.message.includes(gz) && /truncated/.test(e.message));
    const hdr = join(dir, 'hdr');
    writeFileSync(hdr, full.subarray(0, 9));
    assert.throws(() => readIdx(hdr), (e: Error) => e.message.includes(hdr) && /truncated IDX header: expected 16 bytes/.test(e.message));
  } finally {
    cleanup();
  }
});

test('trailing bytes are rejected', () => {
  const bytes = encodeIdx(Uint8Array.from([1, 2]), [2]);
  const padded = new Uint8Array(bytes.length + 3);
  padded.set(bytes);
  assert.throws(() => decodeIdx(padded, 'padded.idx'), /padded\.idx: IDX file has 3 unexpected trailing bytes/);
});

test('bad magic: error names the file and shows the bytes', () => {
  const { dir, cleanup } = tempDir();
  try {
    const p = join(dir, 'not-idx.bin');
    writeFileSync(p, Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));
    assert.throws(() => readIdx(p), (e: Error) => e.message.includes(p) && e.message.includes('bad IDX magic 50 4b 03 04'));
    const q = join(dir, 'bad-type.idx');
    writeFileSync(q, Uint8Array.from([0, 0, 0x07, 1, 0, 0, 0, 0]));
    assert.throws(() => readIdx(q), (e: Error) => e.message.includes(q) && /unknown element type 0x07/.test(e.message));
  } finally {
    cleanup();
  }
});

test('corrupt gzip: zlib errors are rethrown naming the file', () => {
  const { dir, cleanup } = tempDir();
  try {
    const good = encodeIdx(Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) % 251), [5000], { gzip: true });
    const flipped = Uint8Array.from(good);
    for (let i = 20; i < 40; i++) flipped[i] = flipped[i]! ^ 0x5a;
    const p = join(dir, 'flipped-labels-idx1-ubyte.gz');
    writeFileSync(p, flipped);
    assert.throws(() => readIdx(p), (e: Error) => e.message.includes(p) && /corrupt gzip/.test(e.message));
    const q = join(dir, 'short.gz');
    writeFileSync(q, good.subarray(0, good.length >> 1));
    assert.throws(() => readIdx(q), (e: Error) => e.message.includes(q) && /corrupt gzip/.test(e.message));
  } finally {
    cleanup();
  }
});

test('missing file: error names it', () => {
  assert.throws(() => readIdx('/nonexistent/dir/file-idx1-ubyte'), /\/nonexistent\/dir\/file-idx1-ubyte: cannot read IDX file/);
});
