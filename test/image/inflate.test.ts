import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { constants, deflateSync } from 'node:zlib';
import { adler32, inflateZlibSync } from '../../src/io/image/inflate.js';
import { makeRng } from '../helpers/rng.js';

/** Test inputs: random bytes (stored/literal-heavy), repetitive text (long matches), and a mix. */
function inputs(): [string, Uint8Array][] {
  const rand = makeRng(7);
  const random = Uint8Array.from({ length: 70_000 }, () => Math.floor(rand() * 256));
  const text = new TextEncoder().encode('images are numbers; '.repeat(5000));
  const mixed = Uint8Array.from({ length: 100_000 }, (_, i) => (i % 1000 < 500 ? i % 7 : Math.floor(rand() * 16)));
  return [['empty', new Uint8Array(0)], ['one byte', new Uint8Array([42])], ['random', random], ['text', text], ['mixed', mixed]];
}

describe('inflateZlibSync equals zlib', () => {
  for (const [name, data] of inputs()) {
    for (const [label, opts] of [
      ['level 0 (stored blocks)', { level: 0 }],
      ['level 1', { level: 1 }],
      ['level 9', { level: 9 }],
      ['fixed Huffman codes', { level: 6, strategy: constants.Z_FIXED }],
      ['Huffman only', { level: 6, strategy: constants.Z_HUFFMAN_ONLY }],
      ['run-length', { level: 6, strategy: constants.Z_RLE }],
    ] as const) {
      test(`${name}, ${label}`, () => {
        const out = inflateZlibSync(deflateSync(data, opts), data.length);
        assert.equal(out.length, data.length);
        assert.ok(Buffer.from(out).equals(Buffer.from(data)));
      });
    }
  }
  test('adler32 of "Wikipedia" is 0x11E60398', () => assert.equal(adler32(new TextEncoder().encode('Wikipedia')), 0x11e60398));
});

describe('inflateZlibSync rejects bad streams', () => {
  const good = deflateSync(new TextEncoder().encode('images are numbers; '.repeat(100)));
  test('truncated', () => assert.throws(() => inflateZlibSync(good.subarray(0, good.length - 8)), /truncated/));
  test('bad header', () => assert.throws(() => inflateZlibSync(Uint8Array.from([1, 2, 3, 4, 5, 6, 7])), /not a zlib stream/));
  test('checksum mismatch', () => {
    const bad = Buffer.from(good);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 1;
    assert.throws(() => inflateZlibSync(bad), /Adler-32 checksum mismatch/);
  });
});
