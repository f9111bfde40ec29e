/**
 * zlib/DEFLATE decompression (RFC 1950/1951) in plain TypeScript, synchronous, for PNG decoding where neither
 * Node's zlib nor a synchronous platform inflater exists (browsers). Canonical Huffman decoding one bit at a
 * time (after Mark Adler's `puff`): small and exact rather than fast (about 10–20 ms per megapixel).
 * Errors are plain messages; callers add the file name.
 */

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** Order in which code-length code lengths are stored in a dynamic block header. */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const MAX_BITS = 15;

/** A canonical Huffman code: how many codes of each length, and the symbols ordered by code. */
interface Huffman {
  count: Int16Array;
  symbol: Int16Array;
}

function buildHuffman(lengths: ArrayLike<number>, what: string): Huffman {
  const count = new Int16Array(MAX_BITS + 1);
  for (let i = 0; i < lengths.length; i++) count[lengths[i]!]!++;
  let left = 1;
  for (let len = 1; len <= MAX_BITS; len++) {
    left = 2 * left - count[len]!;
    if (left < 0) throw new Error(`invalid deflate data: over-subscribed ${what} code`);
  }
  const offsets = new Int16Array(MAX_BITS + 2);
  for (let len = 1; len <= MAX_BITS; len++) offsets[len + 1] = offsets[len]! + count[len]!;
  const symbol = new Int16Array(lengths.length);
  for (let s = 0; s < lengths.length; s++) if (lengths[s]) symbol[offsets[lengths[s]!]!++] = s;
  return { count, symbol };
}

const FIXED_LITERALS = buildHuffman(Array.from({ length: 288 }, (_, s) => (s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8)), 'fixed literal');
const FIXED_DISTANCES = buildHuffman(new Array<number>(30).fill(5), 'fixed distance');

class Inflater {
  private pos = 0;
  private bitBuf = 0;
  private bitCount = 0;
  private out: Uint8Array;
  private outLen = 0;

  constructor(private readonly src: Uint8Array, expectedSize: number) {
    this.out = new Uint8Array(Math.max(expectedSize, 1024));
  }

  private bits(n: number): number {
    let v = this.bitBuf;
    while (this.bitCount < n) {
      if (this.pos >= this.src.length) throw new Error('deflate data ends early (truncated)');
      v |= this.src[this.pos++]! << this.bitCount;
      this.bitCount += 8;
    }
    this.bitBuf = v >>> n;
    this.bitCount -= n;
    return v & ((1 << n) - 1);
  }

  private decode(h: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= MAX_BITS; len++) {
      code |= this.bits(1);
      const count = h.count[len]!;
      if (code - count < first) return h.symbol[index + (code - first)]!;
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new Error('invalid deflate data: no Huffman code matches');
  }

  private ensure(extra: number): void {
    if (this.outLen + extra <= this.out.length) return;
    const grown = new Uint8Array(Math.max(this.out.length * 2, this.outLen + extra));
    grown.set(this.out.subarray(0, this.outLen));
    this.out = grown;
  }

  private stored(): void {
    this.bitBuf = 0;
    this.bitCount = 0;
    if (this.pos + 4 > this.src.length) throw new Error('deflate data ends early (truncated)');
    const len = this.src[this.pos]! | (this.src[this.pos + 1]! << 8);
    const nlen = this.src[this.pos + 2]! | (this.src[this.pos + 3]! << 8);
    if (len !== (~nlen & 0xffff)) throw new Error('invalid deflate data: stored block length check failed');
    this.pos += 4;
    if (this.pos + len > this.src.length) throw new Error('deflate data ends early (truncated)');
    this.ensure(len);
    this.out.set(this.src.subarray(this.pos, this.pos + len), this.outLen);
    this.outLen += len;
    this.pos += len;
  }

  private codes(lit: Huffman, dist: Huffman): void {
    for (;;) {
      const sym = this.decode(lit);
      if (sym < 256) {
        this.ensure(1);
        this.out[this.outLen++] = sym;
      } else if (sym === 256) {
        return;
      } else {
        const li = sym - 257;
        if (li >= 29) throw new Error(`invalid deflate data: length symbol ${sym}`);
        const length = LENGTH_BASE[li]! + this.bits(LENGTH_EXTRA[li]!);
        const di = this.decode(dist);
        if (di >= 30) throw new Error(`invalid deflate data: distance symbol ${di}`);
        const distance = DIST_BASE[di]! + this.bits(DIST_EXTRA[di]!);
        if (distance > this.outLen) throw new Error(`invalid deflate data: distance ${distance} reaches before the start`);
        this.ensure(length);
        for (let i = 0; i < length; i++, this.outLen++) this.out[this.outLen] = this.out[this.outLen - distance]!;
      }
    }
  }

  private dynamic(): void {
    const nlen = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const ncode = this.bits(4) + 4;
    if (nlen > 286 || ndist > 30) throw new Error('invalid deflate data: too many length or distance codes');
    const codeLengths = new Uint8Array(19);
    for (let i = 0; i < ncode; i++) codeLengths[CODE_LENGTH_ORDER[i]!] = this.bits(3);
    const lencode = buildHuffman(codeLengths, 'code length');
    const lengths = new Uint8Array(nlen + ndist);
    for (let i = 0; i < nlen + ndist; ) {
      const sym = this.decode(lencode);
      if (sym < 16) {
        lengths[i++] = sym;
        continue;
      }
      let value = 0;
      let repeat: number;
      if (sym === 16) {
        if (i === 0) throw new Error('invalid deflate data: repeat with no previous length');
        value = lengths[i - 1]!;
        repeat = 3 + this.bits(2);
      } else repeat = sym === 17 ? 3 + this.bits(3) : 11 + this.bits(7);
      if (i + repeat > nlen + ndist) throw new Error('invalid deflate data: code lengths overflow');
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    if (lengths[256] === 0) throw new Error('invalid deflate data: no end-of-block code');
    this.codes(buildHuffman(lengths.subarray(0, nlen), 'literal/length'), buildHuffman(lengths.subarray(nlen), 'distance'));
  }

  /** Inflates the zlib stream: 2-byte header, deflate blocks, Adler-32 of the output (checked). */
  run(): Uint8Array {
    if (this.src.length < 6) throw new Error(`zlib stream of ${this.src.length} bytes is too short`);
    const cmf = this.src[0]!;
    const flg = this.src[1]!;
    if ((cmf & 15) !== 8 || ((cmf << 8) | flg) % 31 !== 0) throw new Error('not a zlib stream (bad header)');
    if (flg & 32) throw new Error('zlib preset dictionaries are not supported');
    this.pos = 2;
    let last = 0;
    while (!last) {
      last = this.bits(1);
      const type = this.bits(2);
      if (type === 0) this.stored();
      else if (type === 1) this.codes(FIXED_LITERALS, FIXED_DISTANCES);
      else if (type === 2) this.dynamic();
      else throw new Error('invalid deflate data: block type 3');
    }
    const out = this.out.subarray(0, this.outLen);
    // Fewer than 8 bits are left over, the rest of the byte at pos − 1: the Adler-32 starts at pos.
    if (this.pos + 4 > this.src.length) throw new Error('zlib stream ends before its Adler-32 checksum (truncated)');
    const stored = ((this.src[this.pos]! << 24) | (this.src[this.pos + 1]! << 16) | (this.src[this.pos + 2]! << 8) | this.src[this.pos + 3]!) >>> 0;
    if (stored !== adler32(out)) throw new Error('zlib Adler-32 checksum mismatch (corrupt data)');
    return out;
  }
}

export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    const end = Math.min(data.length, i + 5552);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Decompresses a zlib stream; `expectedSize` (optional) sizes the output buffer up front. */
export function inflateZlibSync(data: Uint8Array, expectedSize = 0): Uint8Array {
  return new Inflater(data, expectedSize).run();
}
