/**
 * Reference kernel of `randomUniform`: Philox4x32-10 (constants and the counter layout in
 * `engine/random-math.ts`) evaluated with 32-bit integer arithmetic, the definition every backend's
 * kernel reproduces bit for bit. Each element depends on the seed and its index alone.
 */
import { PHILOX_M0, PHILOX_M1, PHILOX_ROUNDS, PHILOX_W0, PHILOX_W1, philoxKey } from '../../../engine/random-math.js';
import { sizeOf } from '../../../engine/shape.js';
import type { RefKernel } from '../handle.js';

/** The high 32 bits of the 64-bit product of two uint32 (16-bit limbs, so every partial sum is exact). */
function mulHi(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const lh = al * bh;
  const hl = ah * bl;
  const cross = ((al * bl) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + (cross >>> 16)) >>> 0;
}

/** Philox4x32-10 of counter (c0, c1, c2, c3) under key (k0, k1), written into `out[0..3]` as uint32. */
export function philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array): void {
  for (let r = 0; r < PHILOX_ROUNDS; r++) {
    const hi0 = mulHi(PHILOX_M0, c0);
    const lo0 = Math.imul(PHILOX_M0, c0) >>> 0;
    const hi1 = mulHi(PHILOX_M1, c2);
    const lo1 = Math.imul(PHILOX_M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + PHILOX_W0) >>> 0;
    k1 = (k1 + PHILOX_W1) >>> 0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/** 2⁻²⁴: the spacing of the float32 values the top 24 bits of a word give in [0, 1). */
const UNIT = 2 ** -24;

export const randomUniform: RefKernel<'randomUniform'> = (_inputs, attrs, out) => {
  const n = sizeOf(out.shape);
  const [k0, k1] = philoxKey(attrs.seed);
  const y = new Float32Array(n);
  const block = new Uint32Array(4);
  for (let base = 0; base < n; base += 4) {
    const b = base / 4;
    philox4x32(b >>> 0, Math.floor(b / 2 ** 32) >>> 0, 0, 0, k0, k1, block);
    const lanes = Math.min(4, n - base);
    for (let j = 0; j < lanes; j++) y[base + j] = (block[j]! >>> 8) * UNIT;
  }
  return y;
};
