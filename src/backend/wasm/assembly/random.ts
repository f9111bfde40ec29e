/**
 * `randomUniform_f32(out, n, k0, k1, start, end)`: elements [start, end) of Philox4x32-10 uniforms,
 * matching src/backend/reference/kernels/random.ts bit for bit. Element i is word i & 3 of the block
 * for counter (i >> 2, 0, 0, 0) under key (k0, k1) (n < 2³¹, so the counter's second word is 0), its
 * top 24 bits times 2⁻²⁴. Four blocks (16 elements) run at once in SIMD, one block per lane (the
 * 32×32→64-bit products by i64x2.extmul, then a 4×4 transpose into element order); a part that starts
 * or ends inside such a group runs the scalar block. Each element depends only on its index.
 */

const M0: u32 = 0xd2511f53;
const M1: u32 = 0xcd9e8d57;
const W0: u32 = 0x9e3779b9;
const W1: u32 = 0xbb67ae85;
const UNIT: f32 = 5.9604644775390625e-8; // 2⁻²⁴

/** f32x4 of (w >> 8) · 2⁻²⁴ per lane. */
// @ts-ignore: decorator
@inline function toUnit(w: v128): v128 {
  return f32x4.mul(f32x4.convert_i32x4_u(i32x4.shr_u(w, 8)), f32x4.splat(UNIT));
}

/** Blocks b .. b + 3 into out[4b .. 4b + 16). */
// @ts-ignore: decorator
@inline function fourBlocks(out: usize, b: u32, k0: u32, k1: u32): void {
  const vM0 = i32x4.splat(M0);
  const vM1 = i32x4.splat(M1);
  let c0 = i32x4.add(i32x4.splat(b), i32x4(0, 1, 2, 3));
  let c1 = i32x4.splat(0);
  let c2 = i32x4.splat(0);
  let c3 = i32x4.splat(0);
  let ka = i32x4.splat(k0);
  let kb = i32x4.splat(k1);
  const w0 = i32x4.splat(W0);
  const w1 = i32x4.splat(W1);
  for (let r = 0; r < 10; r++) {
    const p0l = i64x2.extmul_low_i32x4_u(vM0, c0);
    const p0h = i64x2.extmul_high_i32x4_u(vM0, c0);
    const p1l = i64x2.extmul_low_i32x4_u(vM1, c2);
    const p1h = i64x2.extmul_high_i32x4_u(vM1, c2);
    const lo0 = v128.shuffle<i32>(p0l, p0h, 0, 2, 4, 6);
    const hi0 = v128.shuffle<i32>(p0l, p0h, 1, 3, 5, 7);
    const lo1 = v128.shuffle<i32>(p1l, p1h, 0, 2, 4, 6);
    const hi1 = v128.shuffle<i32>(p1l, p1h, 1, 3, 5, 7);
    c0 = v128.xor(v128.xor(hi1, c1), ka);
    c1 = lo1;
    c2 = v128.xor(v128.xor(hi0, c3), kb);
    c3 = lo0;
    ka = i32x4.add(ka, w0);
    kb = i32x4.add(kb, w1);
  }
  // Lane j of c_w is word w of block b + j: transpose so that each store is one block's 4 words.
  const u0 = toUnit(c0);
  const u1 = toUnit(c1);
  const u2 = toUnit(c2);
  const u3 = toUnit(c3);
  const t0 = v128.shuffle<f32>(u0, u1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(u2, u3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(u0, u1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(u2, u3, 2, 6, 3, 7);
  const base = out + (<usize>b << 4);
  v128.store(base, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(base + 16, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(base + 32, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(base + 48, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

/** The block holding element i, stored for the elements of [i, stop) in it. */
// @ts-ignore: decorator
@inline function oneBlock(out: usize, i: i32, stop: i32, k0: u32, k1: u32): void {
  let c0 = <u32>(i >>> 2);
  let c1: u32 = 0;
  let c2: u32 = 0;
  let c3: u32 = 0;
  let a = k0;
  let b = k1;
  for (let r = 0; r < 10; r++) {
    const p0 = <u64>M0 * <u64>c0;
    const p1 = <u64>M1 * <u64>c2;
    c0 = <u32>(p1 >> 32) ^ c1 ^ a;
    c1 = <u32>p1;
    c2 = <u32>(p0 >> 32) ^ c3 ^ b;
    c3 = <u32>p0;
    a += W0;
    b += W1;
  }
  const first = i & ~3;
  const base = out + (<usize>first << 2);
  const last = stop - first;
  const lane = i & 3;
  if (lane <= 0 && last > 0) store<f32>(base, <f32>(c0 >>> 8) * UNIT);
  if (lane <= 1 && last > 1) store<f32>(base + 4, <f32>(c1 >>> 8) * UNIT);
  if (lane <= 2 && last > 2) store<f32>(base + 8, <f32>(c2 >>> 8) * UNIT);
  if (last > 3) store<f32>(base + 12, <f32>(c3 >>> 8) * UNIT);
}

export function randomUniform_f32(out: usize, n: i32, k0: u32, k1: u32, start: i32, end: i32): void {
  let i = start < 0 ? 0 : start;
  const stop = end > n ? n : end;
  while (i < stop) {
    if ((i & 3) == 0 && i + 16 <= stop) {
      fourBlocks(out, <u32>(i >>> 2), k0, k1);
      i += 16;
    } else {
      oneBlock(out, i, stop, k0, k1);
      i = (i & ~3) + 4;
    }
  }
}
