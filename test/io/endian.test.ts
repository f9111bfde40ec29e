import { test } from 'node:test';
import assert from 'node:assert/strict';
import { swapBytesInPlace } from '../../src/io/endian.js';

test('swapBytesInPlace reverses each element\'s bytes and leaves a trailing partial element alone', () => {
  const bytes = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  swapBytesInPlace(bytes, 4);
  assert.deepEqual([...bytes], [4, 3, 2, 1, 8, 7, 6, 5, 9, 10]);
  const pairs = Uint8Array.from([1, 2, 3, 4]);
  swapBytesInPlace(pairs, 2);
  assert.deepEqual([...pairs], [2, 1, 4, 3]);
  const same = Uint8Array.from([1, 2, 3]);
  swapBytesInPlace(same, 1);
  assert.deepEqual([...same], [1, 2, 3]);
});
