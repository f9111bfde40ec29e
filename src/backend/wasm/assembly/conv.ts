/**
 * 2-D convolution kernels for the wasm backend (NCHW, f32), PyTorch semantics: cross-correlation,
 * zero padding, stride, dilation, groups (see src/backend/reference/kernels/conv.ts).
 *
 *   x: [N, C, H, W]   w: [OC, C/groups, KH, KW]   b: [OC]   y: [N, OC, OH, OW]
 *
 * Geometry: every kernel takes `geom`, a pointer to 16 consecutive i32 values
 *   [n, c, h, w, oc, kh, kw, oh, ow, strideH, strideW, padH, padW, dilationH, dilationW, groups]
 * (OH/OW are computed by the caller).
 *
 * Algorithm, per image n and group g (Cg = C/groups, OCg = OC/groups, Kdim = Cg*KH*KW, P = OH*OW):
 *   forward:      y_n[g] [OCg, P]  = W_g [OCg, Kdim] @ cols_n [Kdim, P]         (+ bias, fused)
 *   input grad:   dcols [Kdim, P]  = W_g^T @ dy_n[g] [OCg, P],  dx_n[g] = col2im(dcols)
 *   weight grad:  dW_g [OCg, Kdim] += dy_n[g] [OCg, P] @ cols_n^T
 * where cols_n is the im2col patch matrix of image n, built in column chunks of at most `chunkP`
 * output positions so that the scratch stays bounded. A 1x1 / stride 1 / no padding convolution
 * skips im2col (x_n[g] is already [Cg, H*W]). The gemm is `gemmCore` (packed SIMD, lib/gemm.ts); its
 * output for a chunk is written straight into NCHW y (ldc = P), so no layout conversion is needed.
 * Depthwise-like forward convolutions (groups > 1, one input channel per group, small kernel) use a
 * direct SIMD loop instead (see directForward).
 *
 * Threading: the range [n0, n1) is over images of the batch.
 *   - conv2d_f32 / conv2dInputGrad_f32 write y[n] / dx[n] for n in [n0, n1) only (disjoint between
 *     ranges, bit-identical for any split).
 *   - conv2dWeightGrad_f32 OVERWRITES its `dw` argument with the sum over images [n0, n1) (images
 *     accumulated in increasing order). A multithreaded caller gives each range its own partial
 *     buffer and adds the partials in a fixed order.
 * Scratch: `scratch` points to conv2d_f32_scratch_bytes(geom) bytes private to the calling thread
 * (valid for all three kernels).
 */
import { gemmCore, gemmScratchBytes } from './lib/gemm';
import { madd } from './lib/madd';


// @ts-ignore: decorator
@inline function imin(a: i32, b: i32): i32 { return a < b ? a : b; }
// @ts-ignore: decorator
@inline function imax(a: i32, b: i32): i32 { return a > b ? a : b; }
// @ts-ignore: decorator
@inline function umax(a: usize, b: usize): usize { return a > b ? a : b; }
// @ts-ignore: decorator
@inline function align16(bytes: usize): usize { return (bytes + 15) & ~(<usize>15); }
// @ts-ignore: decorator
@inline function g32(geom: usize, i: i32): i32 { return load<i32>(geom + (<usize>i << 2)); }

/** Floats of patch matrix per chunk (1 MiB): bounds the number of output positions per chunk. */
// @ts-ignore: decorator
@inline const COLS_BUDGET: i32 = 1 << 18;

/** Output positions per im2col chunk. */
function chunkP(kdim: i32, P: i32): i32 {
  let pc = COLS_BUDGET / imax(1, kdim);
  if (pc < 64) pc = 64;
  if (pc >= P) return P;
  return pc & ~7;
}

function isPointwise(geom: usize): bool {
  return g32(geom, 5) == 1 && g32(geom, 6) == 1 && g32(geom, 9) == 1 && g32(geom, 10) == 1 &&
    g32(geom, 11) == 0 && g32(geom, 12) == 0 && g32(geom, 7) == g32(geom, 2) && g32(geom, 8) == g32(geom, 3);
}

/**
 * Direct forward path: depthwise-like convolutions (groups > 1 with one input channel per group, at
 * most 7x7 taps), where the per-group gemm would have only OC/groups rows. (For a single group with
 * C == 1, e.g. conv1 on gray images, the gemm with K = KH*KW measured ~8x faster than this loop.)
 */
function useDirect(geom: usize): bool {
  const C = g32(geom, 1), G = g32(geom, 15);
  const KH = g32(geom, 5), KW = g32(geom, 6);
  return G > 1 && C == G && KH * KW <= 49 && !isPointwise(geom);
}

/** Bytes of per-thread scratch for conv2d_f32, conv2dInputGrad_f32 and conv2dWeightGrad_f32. */
export function conv2d_f32_scratch_bytes(geom: usize): usize {
  const C = g32(geom, 1), OC = g32(geom, 4), KH = g32(geom, 5), KW = g32(geom, 6);
  const OH = g32(geom, 7), OW = g32(geom, 8), G = g32(geom, 15);
  const H = g32(geom, 2), W = g32(geom, 3);
  const Cg = C / G, OCg = OC / G;
  const P = OH * OW;
  if (isPointwise(geom)) {
    const HW = H * W;
    return umax(umax(gemmScratchBytes(OCg, HW, Cg), gemmScratchBytes(Cg, HW, OCg)),
      gemmScratchBytes(OCg, Cg, HW)) + 16;
  }
  const kdim = Cg * KH * KW;
  const pc = chunkP(kdim, P);
  const cols = align16(<usize>kdim * <usize>pc * 4);
  const gs = umax(umax(gemmScratchBytes(OCg, pc, kdim), gemmScratchBytes(kdim, pc, OCg)),
    umax(gemmScratchBytes(OCg, kdim, pc), gemmScratchBytes(kdim, OCg, pc))) +
    align16(<usize>OC * <usize>kdim * 4); // + dW^T for the transposed weight-gradient orientation
  // the direct path needs a zero-padded plane + the KH*KW weights of one output channel
  const Hp = (OH - 1) * g32(geom, 9) + (KH - 1) * g32(geom, 13) + 1;
  const Wp = (OW - 1) * g32(geom, 10) + (KW - 1) * g32(geom, 14) + 1;
  const direct = align16(<usize>imax(Hp, H + g32(geom, 11)) * <usize>imax(Wp, W + g32(geom, 12)) * 4 + 64);
  return umax(cols + gs, direct) + 16;
}

/**
 * Valid output range along one axis for tap offset `off` (= k*dilation - pad): o is valid iff
 * 0 <= o*stride + off < size. Returns lo | (hi << 16)... as two globals-free values via out params
 * is clumsy in AS, so the callers use these two helpers.
 */
// @ts-ignore: decorator
@inline function validLo(off: i32, stride: i32, size: i32, outSize: i32): i32 {
  const hi = validHi(off, stride, size, outSize);
  const lo = off >= 0 ? 0 : (-off + stride - 1) / stride;
  return imin(lo, hi);
}
// @ts-ignore: decorator
@inline function validHi(off: i32, stride: i32, size: i32, outSize: i32): i32 {
  return size - 1 - off < 0 ? 0 : imin(outSize, (size - 1 - off) / stride + 1);
}

/** Zero floats [i0, i1) of row (short spans: an inline loop beats memory.fill's call overhead). */
// @ts-ignore: decorator
@inline function zero(row: usize, i0: i32, i1: i32): void {
  for (let i = i0; i < i1; i++) store<f32>(row + (<usize>i << 2), 0);
}

/**
 * im2col of output positions [p0, p0+pc) of one image for channels [c0, c0+cg):
 * cols[row*pc + (p - p0)], row = (ci*KH + ky)*KW + kx.
 */
function im2col(geom: usize, xImg: usize, c0: i32, cg: i32, p0: i32, pc: i32, cols: usize): void {
  const H = g32(geom, 2), W = g32(geom, 3), KH = g32(geom, 5), KW = g32(geom, 6);
  const OH = g32(geom, 7), OW = g32(geom, 8);
  const sH = g32(geom, 9), sW = g32(geom, 10), pH = g32(geom, 11), pW = g32(geom, 12);
  const dH = g32(geom, 13), dW = g32(geom, 14);
  const HW = H * W;
  const P = OH * OW;
  const p1 = p0 + pc;
  const oyA = p0 / OW, oyB = (p1 - 1) / OW; // output rows touched
  let d = cols;
  for (let ci = 0; ci < cg; ci++) {
    const plane = xImg + (<usize>((c0 + ci) * HW) << 2);
    for (let ky = 0; ky < KH; ky++) {
      const offY = ky * dH - pH;
      const oy0 = validLo(offY, sH, H, OH), oy1 = validHi(offY, sH, H, OH);
      for (let kx = 0; kx < KW; kx++) {
        const offX = kx * dW - pW;
        const ox0 = validLo(offX, sW, W, OW), ox1 = validHi(offX, sW, W, OW);
        if (pc == P) {
          // whole image (the common case): every output row is complete
          const rowBytes = <usize>OW << 2;
          let dRow = d;
          for (let oy = 0; oy < OH; oy++) {
            if (oy < oy0 || oy >= oy1 || ox0 >= ox1) {
              zero(dRow, 0, OW);
            } else {
              zero(dRow, 0, ox0);
              const src = plane + (<usize>((oy * sH + offY) * W + offX) << 2);
              if (sW == 1) {
                let ox = ox0;
                for (; ox + 4 <= ox1; ox += 4) {
                  v128.store(dRow + (<usize>ox << 2), v128.load(src + (<usize>ox << 2)));
                }
                for (; ox < ox1; ox++) store<f32>(dRow + (<usize>ox << 2), load<f32>(src + (<usize>ox << 2)));
              } else {
                for (let ox = ox0; ox < ox1; ox++) {
                  store<f32>(dRow + (<usize>ox << 2), load<f32>(src + (<usize>(ox * sW) << 2)));
                }
              }
              zero(dRow, ox1, OW);
            }
            dRow += rowBytes;
          }
          d += <usize>pc << 2;
          continue;
        }
        for (let oy = oyA; oy <= oyB; oy++) {
          const xa = oy == oyA ? p0 - oy * OW : 0;          // first ox of this row in the chunk
          const xb = oy == oyB ? p1 - oy * OW : OW;         // end ox
          const dRow = d + (<usize>(oy * OW + xa - p0) << 2) - (<usize>xa << 2); // index by ox
          if (oy < oy0 || oy >= oy1) {
            zero(dRow, xa, xb);
            continue;
          }
          const lo = imax(xa, ox0), hi = imin(xb, ox1);
          if (lo >= hi) {
            zero(dRow, xa, xb);
            continue;
          }
          if (lo > xa) zero(dRow, xa, lo);
          if (hi < xb) zero(dRow, hi, xb);
          const src = plane + (<usize>((oy * sH + offY) * W + offX) << 2);
          if (sW == 1) {
            // (an inline loop: memory.copy has a call overhead that dominates these short rows)
            let ox = lo;
            for (; ox + 4 <= hi; ox += 4) {
              v128.store(dRow + (<usize>ox << 2), v128.load(src + (<usize>ox << 2)));
            }
            for (; ox < hi; ox++) {
              store<f32>(dRow + (<usize>ox << 2), load<f32>(src + (<usize>ox << 2)));
            }
          } else {
            for (let ox = lo; ox < hi; ox++) {
              store<f32>(dRow + (<usize>ox << 2), load<f32>(src + (<usize>(ox * sW) << 2)));
            }
          }
        }
        d += <usize>pc << 2;
      }
    }
  }
}

/** col2im: the adjoint of im2col (same index map), scatter-adding cols into the image planes. */
function col2im(geom: usize, dxImg: usize, c0: i32, cg: i32, p0: i32, pc: i32, cols: usize): void {
  const H = g32(geom, 2), W = g32(geom, 3), KH = g32(geom, 5), KW = g32(geom, 6);
  const OH = g32(geom, 7), OW = g32(geom, 8);
  const sH = g32(geom, 9), sW = g32(geom, 10), pH = g32(geom, 11), pW = g32(geom, 12);
  const dH = g32(geom, 13), dW = g32(geom, 14);
  const HW = H * W;
  const p1 = p0 + pc;
  const oyA = p0 / OW, oyB = (p1 - 1) / OW;
  let s = cols;
  for (let ci = 0; ci < cg; ci++) {
    const plane = dxImg + (<usize>((c0 + ci) * HW) << 2);
    for (let ky = 0; ky < KH; ky++) {
      const offY = ky * dH - pH;
      const oy0 = validLo(offY, sH, H, OH), oy1 = validHi(offY, sH, H, OH);
      for (let kx = 0; kx < KW; kx++) {
        const offX = kx * dW - pW;
        const ox0 = validLo(offX, sW, W, OW), ox1 = validHi(offX, sW, W, OW);
        const ya = imax(oyA, oy0), yb = imin(oyB + 1, oy1);
        for (let oy = ya; oy < yb; oy++) {
          const xa = oy == oyA ? p0 - oy * OW : 0;
          const xb = oy == oyB ? p1 - oy * OW : OW;
          const lo = imax(xa, ox0), hi = imin(xb, ox1);
          if (lo >= hi) continue;
          const sRow = s + (<usize>(oy * OW - p0) << 2);
          const dst = plane + (<usize>((oy * sH + offY) * W + offX) << 2);
          if (sW == 1) {
            let ox = lo;
            for (; ox + 4 <= hi; ox += 4) {
              const dp = dst + (<usize>ox << 2);
              v128.store(dp, f32x4.add(v128.load(dp), v128.load(sRow + (<usize>ox << 2))));
            }
            for (; ox < hi; ox++) {
              const dp = dst + (<usize>ox << 2);
              store<f32>(dp, load<f32>(dp) + load<f32>(sRow + (<usize>ox << 2)));
            }
          } else {
            for (let ox = lo; ox < hi; ox++) {
              const dp = dst + (<usize>(ox * sW) << 2);
              store<f32>(dp, load<f32>(dp) + load<f32>(sRow + (<usize>ox << 2)));
            }
          }
        }
        s += <usize>pc << 2;
      }
    }
  }
}

/**
 * Direct forward for Cg == 1 (one input channel per group, e.g. conv1 on gray images or depthwise):
 * the input plane is copied once into a zero-padded buffer, then every output channel of the group is
 * computed as sum over taps of w[o, t] * shifted plane, 4 output columns at a time (SIMD, stride 1)
 * or scalar otherwise.
 */
function directForward(geom: usize, x: usize, w: usize, bias: usize, y: usize, n: i32, scratch: usize): void {
  const C = g32(geom, 1), H = g32(geom, 2), W = g32(geom, 3), OC = g32(geom, 4);
  const KH = g32(geom, 5), KW = g32(geom, 6), OH = g32(geom, 7), OW = g32(geom, 8);
  const sH = g32(geom, 9), sW = g32(geom, 10), pH = g32(geom, 11), pW = g32(geom, 12);
  const dH = g32(geom, 13), dW = g32(geom, 14), G = g32(geom, 15);
  const OCg = OC / G;
  const T = KH * KW;
  const P = OH * OW;
  // padded plane covering every tap: rows [-pH, Hp - pH), cols [-pW, Wp - pW)
  const Hp = imax((OH - 1) * sH + (KH - 1) * dH + 1, H + pH);
  const Wp = imax((OW - 1) * sW + (KW - 1) * dW + 1, W + pW);
  const pad = scratch;
  for (let c = 0; c < C; c++) {
    const src = x + (<usize>((n * C + c) * H * W) << 2);
    memory.fill(pad, 0, <usize>(Hp * Wp) << 2);
    for (let iy = 0; iy < H; iy++) {
      if (iy + pH >= Hp) break;
      const cnt = imin(W, Wp - pW);
      if (cnt > 0) memory.copy(pad + (<usize>((iy + pH) * Wp + pW) << 2), src + (<usize>(iy * W) << 2), <usize>cnt << 2);
    }
    for (let oo = 0; oo < OCg; oo++) {
      const o = c * OCg + oo;
      const wo = w + (<usize>(o * T) << 2);
      const b: f32 = bias != 0 ? load<f32>(bias + (<usize>o << 2)) : 0;
      const yo = y + (<usize>((n * OC + o) * P) << 2);
      for (let oy = 0; oy < OH; oy++) {
        const yRow = yo + (<usize>(oy * OW) << 2);
        const inRow = pad + (<usize>(oy * sH * Wp) << 2);
        let ox = 0;
        if (sW == 1) {
          const bv = f32x4.splat(b);
          for (; ox + 8 <= OW; ox += 8) {
            let acc0 = f32x4.splat(0), acc1 = f32x4.splat(0);
            for (let ky = 0; ky < KH; ky++) {
              const r = inRow + (<usize>((ky * dH) * Wp + ox) << 2);
              const wr = wo + (<usize>(ky * KW) << 2);
              for (let kx = 0; kx < KW; kx++) {
                const wv = v128.load32_splat(wr + (<usize>kx << 2));
                const rp = r + (<usize>(kx * dW) << 2);
                acc0 = madd(wv, v128.load(rp), acc0);
                acc1 = madd(wv, v128.load(rp, 16), acc1);
              }
            }
            v128.store(yRow + (<usize>ox << 2), f32x4.add(acc0, bv));
            v128.store(yRow + (<usize>ox << 2), f32x4.add(acc1, bv), 16);
          }
          for (; ox + 4 <= OW; ox += 4) {
            let acc = f32x4.splat(0);
            for (let ky = 0; ky < KH; ky++) {
              const r = inRow + (<usize>((ky * dH) * Wp + ox) << 2);
              const wr = wo + (<usize>(ky * KW) << 2);
              for (let kx = 0; kx < KW; kx++) {
                acc = madd(v128.load32_splat(wr + (<usize>kx << 2)), v128.load(r + (<usize>(kx * dW) << 2)), acc);
              }
            }
            v128.store(yRow + (<usize>ox << 2), f32x4.add(acc, bv));
          }
        }
        for (; ox < OW; ox++) {
          let acc: f32 = 0;
          for (let ky = 0; ky < KH; ky++) {
            const r = inRow + (<usize>((ky * dH) * Wp + ox * sW) << 2);
            const wr = wo + (<usize>(ky * KW) << 2);
            for (let kx = 0; kx < KW; kx++) {
              acc += load<f32>(wr + (<usize>kx << 2)) * load<f32>(r + (<usize>(kx * dW) << 2));
            }
          }
          store<f32>(yRow + (<usize>ox << 2), acc + b);
        }
      }
    }
  }
}

/** y[n] = conv2d(x, w)[n] + bias for images n in [n0, n1). `bias` = 0 for none. */
export function conv2d_f32(geom: usize, x: usize, w: usize, bias: usize, y: usize, n0: i32, n1: i32, scratch: usize): void {
  const C = g32(geom, 1), H = g32(geom, 2), W = g32(geom, 3), OC = g32(geom, 4);
  const KH = g32(geom, 5), KW = g32(geom, 6), OH = g32(geom, 7), OW = g32(geom, 8), G = g32(geom, 15);
  const Cg = C / G, OCg = OC / G;
  const P = OH * OW, HW = H * W;
  const kdim = Cg * KH * KW;
  if (n0 < 0) n0 = 0;
  if (n1 > g32(geom, 0)) n1 = g32(geom, 0);
  if (P <= 0 || OC <= 0) return;
  if (kdim > 0 && useDirect(geom)) {
    for (let n = n0; n < n1; n++) directForward(geom, x, w, bias, y, n, scratch);
    return;
  }
  const pointwise = isPointwise(geom);
  const pc = pointwise ? P : chunkP(kdim, P);
  const cols = scratch;
  const gs = pointwise ? scratch : scratch + align16(<usize>kdim * <usize>pc * 4);
  for (let n = n0; n < n1; n++) {
    const yImg = y + (<usize>(n * OC * P) << 2);
    const xImg = x + (<usize>(n * C * HW) << 2);
    // fused bias: the output starts as the bias, the gemm accumulates
    for (let o = 0; o < OC; o++) {
      const row = yImg + (<usize>(o * P) << 2);
      if (bias == 0) {
        memory.fill(row, 0, <usize>P << 2);
      } else {
        const bv = load<f32>(bias + (<usize>o << 2));
        const bs = f32x4.splat(bv);
        let p = 0;
        for (; p + 4 <= P; p += 4) v128.store(row + (<usize>p << 2), bs);
        for (; p < P; p++) store<f32>(row + (<usize>p << 2), bv);
      }
    }
    if (kdim == 0) continue;
    const beta: f32 = 1;
    for (let g = 0; g < G; g++) {
      const wg = w + (<usize>(g * OCg * kdim) << 2);
      const yg = yImg + (<usize>(g * OCg * P) << 2);
      if (pointwise) {
        gemmCore(false, false, OCg, P, Cg, wg, Cg, xImg + (<usize>(g * Cg * HW) << 2), HW, yg, P, beta, 0, OCg, gs);
        continue;
      }
      for (let p0 = 0; p0 < P; p0 += pc) {
        const cnt = imin(pc, P - p0);
        im2col(geom, xImg, g * Cg, Cg, p0, cnt, cols);
        gemmCore(false, false, OCg, cnt, kdim, wg, kdim, cols, cnt, yg + (<usize>p0 << 2), P, beta, 0, OCg, gs);
      }
    }
  }
}

/** dx[n] = dL/dx for images n in [n0, n1), given dy [N, OC, OH, OW] and w. */
export function conv2dInputGrad_f32(geom: usize, dy: usize, w: usize, dx: usize, n0: i32, n1: i32, scratch: usize): void {
  const C = g32(geom, 1), H = g32(geom, 2), W = g32(geom, 3), OC = g32(geom, 4);
  const KH = g32(geom, 5), KW = g32(geom, 6), OH = g32(geom, 7), OW = g32(geom, 8), G = g32(geom, 15);
  const Cg = C / G, OCg = OC / G;
  const P = OH * OW, HW = H * W;
  const kdim = Cg * KH * KW;
  if (n0 < 0) n0 = 0;
  if (n1 > g32(geom, 0)) n1 = g32(geom, 0);
  if (C <= 0 || HW <= 0) return;
  const pointwise = isPointwise(geom);
  const pc = pointwise ? P : chunkP(kdim, P);
  const cols = scratch;
  const gs = pointwise ? scratch : scratch + align16(<usize>kdim * <usize>pc * 4);
  for (let n = n0; n < n1; n++) {
    const dxImg = dx + (<usize>(n * C * HW) << 2);
    const dyImg = dy + (<usize>(n * OC * P) << 2);
    if (P <= 0 || OCg <= 0) {
      memory.fill(dxImg, 0, <usize>(C * HW) << 2);
      continue;
    }
    if (!pointwise) memory.fill(dxImg, 0, <usize>(C * HW) << 2);
    for (let g = 0; g < G; g++) {
      const wg = w + (<usize>(g * OCg * kdim) << 2);
      const dyg = dyImg + (<usize>(g * OCg * P) << 2);
      if (pointwise) {
        // dx_n[g] [Cg, P] = W_g^T [Cg, OCg] @ dy_n[g] [OCg, P]
        gemmCore(true, false, Cg, P, OCg, wg, Cg, dyg, P, dxImg + (<usize>(g * Cg * HW) << 2), HW, 0, 0, Cg, gs);
        continue;
      }
      for (let p0 = 0; p0 < P; p0 += pc) {
        const cnt = imin(pc, P - p0);
        gemmCore(true, false, kdim, cnt, OCg, wg, kdim, dyg + (<usize>p0 << 2), P, cols, cnt, 0, 0, kdim, gs);
        col2im(geom, dxImg, g * Cg, Cg, p0, cnt, cols);
      }
    }
  }
}

/** dw = sum over images n in [n0, n1) of dL/dw (overwrites dw [OC, C/groups, KH, KW]). */
export function conv2dWeightGrad_f32(geom: usize, x: usize, dy: usize, dw: usize, n0: i32, n1: i32, scratch: usize): void {
  const C = g32(geom, 1), H = g32(geom, 2), W = g32(geom, 3), OC = g32(geom, 4);
  const KH = g32(geom, 5), KW = g32(geom, 6), OH = g32(geom, 7), OW = g32(geom, 8), G = g32(geom, 15);
  const Cg = C / G, OCg = OC / G;
  const P = OH * OW, HW = H * W;
  const kdim = Cg * KH * KW;
  if (n0 < 0) n0 = 0;
  if (n1 > g32(geom, 0)) n1 = g32(geom, 0);
  memory.fill(dw, 0, <usize>(OC * kdim) << 2);
  if (P <= 0 || kdim <= 0) return;
  const pointwise = isPointwise(geom);
  const pc = pointwise ? P : chunkP(kdim, P);
  const cols = scratch;
  const gs = pointwise ? scratch : scratch + align16(<usize>kdim * <usize>pc * 4);
  // Few weights per output channel (e.g. conv1: kdim = 9): dW_g [OCg, 9] would run the micro-kernel
  // with 8 of 16 columns wasted, so accumulate dW_g^T [kdim, OCg] = cols @ dy_n[g]^T instead (in
  // scratch, after the gemm scratch) and transpose it into dw at the end.
  const transposed = !pointwise && kdim < 16 && OCg > kdim;
  if (transposed) {
    const dwT = gs + umax(gemmScratchBytes(kdim, OCg, pc), gemmScratchBytes(OCg, kdim, pc));
    memory.fill(dwT, 0, <usize>(OC * kdim) << 2);
    for (let n = n0; n < n1; n++) {
      const xImg = x + (<usize>(n * C * HW) << 2);
      const dyImg = dy + (<usize>(n * OC * P) << 2);
      for (let g = 0; g < G; g++) {
        const dyg = dyImg + (<usize>(g * OCg * P) << 2);
        const dwTg = dwT + (<usize>(g * OCg * kdim) << 2);
        for (let p0 = 0; p0 < P; p0 += pc) {
          const cnt = imin(pc, P - p0);
          im2col(geom, xImg, g * Cg, Cg, p0, cnt, cols);
          gemmCore(false, true, kdim, OCg, cnt, cols, cnt, dyg + (<usize>p0 << 2), P, dwTg, OCg, 1, 0, kdim, gs);
        }
      }
    }
    for (let g = 0; g < G; g++) {
      const base = <usize>(g * OCg * kdim) << 2;
      for (let o = 0; o < OCg; o++) {
        for (let k = 0; k < kdim; k++) {
          store<f32>(dw + base + (<usize>(o * kdim + k) << 2), load<f32>(dwT + base + (<usize>(k * OCg + o) << 2)));
        }
      }
    }
    return;
  }
  for (let n = n0; n < n1; n++) {
    const xImg = x + (<usize>(n * C * HW) << 2);
    const dyImg = dy + (<usize>(n * OC * P) << 2);
    for (let g = 0; g < G; g++) {
      const dwg = dw + (<usize>(g * OCg * kdim) << 2);
      const dyg = dyImg + (<usize>(g * OCg * P) << 2);
      if (pointwise) {
        // dW_g [OCg, Cg] += dy_n[g] [OCg, P] @ x_n[g]^T
        gemmCore(false, true, OCg, Cg, P, dyg, P, xImg + (<usize>(g * Cg * HW) << 2), HW, dwg, Cg, 1, 0, OCg, gs);
        continue;
      }
      for (let p0 = 0; p0 < P; p0 += pc) {
        const cnt = imin(pc, P - p0);
        im2col(geom, xImg, g * Cg, Cg, p0, cnt, cols);
        gemmCore(false, true, OCg, kdim, cnt, dyg + (<usize>p0 << 2), P, cols, cnt, dwg, kdim, 1, 0, OCg, gs);
      }
    }
  }
}
