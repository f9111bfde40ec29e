/**
 * `randomUniform_f32(out, n, k0, k1, start, end)`: elements [start, end) of Philox4x32-10 uniforms,
 * matching src/backend/reference/kernels/random.ts bit for bit. Element i is word i & 3 of the block
 * for counter (i >> 2, 0, 0, 0) under key (k0, k1) (n < 2³¹, so the counter's second word is 0), its
 * top 24 bits times 2⁻²⁴. A part may start or end inside a block; each element depends only on its index.
 */

const M0: u64 = 0xd2511f53;
const M1: u64 = 0xcd9e8d57;
const W0: u32 = 0x9e3779b9;
const W1: u32 = 0xbb67ae85;
const UNIT: f32 = 5.9604644775390625e-8; // 2⁻²⁴

export function randomUniform_f32(out: usize, n: i32, k0: u32, k1: u32, start: i32, end: i32): void {
  let i = start < 0 ? 0 : start;
  const stop = end > n ? n : end;
  while (i < stop) {
    let c0 = <u32>(i >>> 2);
    let c1: u32 = 0;
    let c2: u32 = 0;
    let c3: u32 = 0;
    let a = k0;
    let b = k1;
    for (let r = 0; r < 10; r++) {
      const p0 = M0 * <u64>c0;
      const p1 = M1 * <u64>c2;
      c0 = <u32>(p1 >> 32) ^ c1 ^ a;
      c1 = <u32>p1;
      c2 = <u32>(p0 >> 32) ^ c3 ^ b;
      c3 = <u32>p0;
      a += W0;
      b += W1;
    }
    const base = <usize>(i & ~3) << 2;
    const last = stop - (i & ~3);
    const lane = i & 3;
    if (lane <= 0 && last > 0) store<f32>(out + base, <f32>(c0 >>> 8) * UNIT);
    if (lane <= 1 && last > 1) store<f32>(out + base + 4, <f32>(c1 >>> 8) * UNIT);
    if (lane <= 2 && last > 2) store<f32>(out + base + 8, <f32>(c2 >>> 8) * UNIT);
    if (lane <= 3 && last > 3) store<f32>(out + base + 12, <f32>(c3 >>> 8) * UNIT);
    i = (i & ~3) + 4;
  }
}
