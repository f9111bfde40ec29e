/**
 * 2-D convolution kernels (NCHW, row-major Float32Array or Float64Array), PyTorch semantics:
 * cross-correlation, zero padding, dilation and groups.
 *
 *   x:  [N, C, H, W]
 *   w:  [OC, C/groups, KH, KW]
 *   y:  [N, OC, OH, OW]
 *   y[n, o, oy, ox] = bias[o] + sum_{c in group(o), ky, kx}
 *       w[o, c - g*Cg, ky, kx] * x[n, c, oy*strideH - padH + ky*dilationH, ox*strideW - padW + kx*dilationW]
 *   (out-of-range x reads are 0). OH/OW are computed by the caller.
 *
 * Implementation: im2col + gemm. For each group g and each chunk of images,
 * the patch matrix is
 *   cols[(c, ky, kx), (n, oy, ox)]   shape [Cg*KH*KW, nb*OH*OW]
 * so a whole chunk of the minibatch is one gemm per group:
 *   forward:      Y'_g[OCg, nb*P] = W_g[OCg, Cg*KH*KW] @ cols
 *   input grad:   dcols = W_g^T @ dY'_g, then col2im scatter-adds into dx
 *   weight grad:  dW_g += dY'_g @ cols^T
 * where Y' is the output in "channel-major" layout [OC, nb*P] (P = OH*OW),
 * converted from/to NCHW with a cheap copy. A 1x1 / stride 1 / no padding
 * convolution needs no im2col: per image, x_n is already [C, H*W].
 *
 * Every buffer (patch matrix, channel-major temporaries, output) has the element type of the inputs:
 * float32 in, float32 out exactly as before float64 existed; float64 in, float64 throughout.
 */
import type { Conv2dGeometry } from '../../../engine/geometry.js';
import { gemm } from '../lib/gemm.js';
import { conv2dGeometry } from '../../../engine/geometry.js';
import type { FloatArray } from '../../../engine/dtype.js';
import type { RefKernel } from '../handle.js';
import { allocLike, floatDTypeOf, floats } from '../handle.js';


/** Upper bound on the number of floats in one patch matrix (chunks the batch). */
const MAX_COLS_ELEMENTS = 1 << 22; // 16 MiB of float32 (32 MiB of float64)

function isPointwise(g: Conv2dGeometry): boolean {
  return g.kh === 1 && g.kw === 1 && g.strideH === 1 && g.strideW === 1 &&
    g.padH === 0 && g.padW === 0 && g.oh === g.h && g.ow === g.w;
}

/** Number of images per chunk so that the patch matrix stays bounded. */
function chunkSize(g: Conv2dGeometry): number {
  const perImage = (g.c / g.groups) * g.kh * g.kw * g.oh * g.ow;
  return Math.max(1, Math.min(g.n, Math.floor(MAX_COLS_ELEMENTS / Math.max(1, perImage))));
}

/**
 * Valid output range [lo, hi) along one axis for kernel tap offset `off`
 * (= k*dilation - pad): out index o is valid iff 0 <= o*stride + off < size.
 */
function validRange(off: number, stride: number, size: number, outSize: number): [number, number] {
  const lo = off >= 0 ? 0 : Math.ceil(-off / stride);
  const hi = size - 1 - off < 0 ? 0 : Math.min(outSize, Math.floor((size - 1 - off) / stride) + 1);
  return [Math.min(lo, hi), hi];
}

/**
 * im2col for channels [c0, c0+cg) of images [n0, n0+nb):
 * cols[((ci*KH + ky)*KW + kx) * (nb*P) + (ni*P + oy*OW + ox)].
 */
function im2col(x: FloatArray, g: Conv2dGeometry, n0: number, nb: number, c0: number, cg: number,
  cols: FloatArray): void {
  const { c: C, h: H, w: W, kh: KH, kw: KW, oh: OH, ow: OW } = g;
  const sH = g.strideH, sW = g.strideW;
  const P = OH * OW;
  const ld = nb * P;
  const HW = H * W;
  let row = 0;
  for (let ci = 0; ci < cg; ci++) {
    for (let ky = 0; ky < KH; ky++) {
      const offY = ky * g.dilationH - g.padH;
      const [oy0, oy1] = validRange(offY, sH, H, OH);
      for (let kx = 0; kx < KW; kx++, row++) {
        const offX = kx * g.dilationW - g.padW;
        const [ox0, ox1] = validRange(offX, sW, W, OW);
        const rowBase = row * ld;
        for (let ni = 0; ni < nb; ni++) {
          const xPlane = ((n0 + ni) * C + c0 + ci) * HW;
          const dst0 = rowBase + ni * P;
          // Rows of the output whose input row falls in the padding are zero.
          if (oy0 > 0) cols.fill(0, dst0, dst0 + oy0 * OW);
          if (oy1 < OH) cols.fill(0, dst0 + oy1 * OW, dst0 + P);
          for (let oy = oy0; oy < oy1; oy++) {
            const d = dst0 + oy * OW;
            const src = xPlane + (oy * sH + offY) * W + offX;
            if (ox0 > 0) cols.fill(0, d, d + ox0);
            if (ox1 < OW) cols.fill(0, d + ox1, d + OW);
            // (a plain loop beats cols.set(x.subarray(...)) for these short rows)
            if (sW === 1) {
              for (let ox = ox0; ox < ox1; ox++) cols[d + ox] = x[src + ox]!;
            } else {
              for (let ox = ox0; ox < ox1; ox++) cols[d + ox] = x[src + ox * sW]!;
            }
          }
        }
      }
    }
  }
}

/** col2im: the adjoint of im2col; scatter-adds cols back into dx (same index map). */
function col2im(cols: FloatArray, g: Conv2dGeometry, n0: number, nb: number, c0: number, cg: number,
  dx: FloatArray): void {
  const { c: C, h: H, w: W, kh: KH, kw: KW, oh: OH, ow: OW } = g;
  const sH = g.strideH, sW = g.strideW;
  const P = OH * OW;
  const ld = nb * P;
  const HW = H * W;
  let row = 0;
  for (let ci = 0; ci < cg; ci++) {
    for (let ky = 0; ky < KH; ky++) {
      const offY = ky * g.dilationH - g.padH;
      const [oy0, oy1] = validRange(offY, sH, H, OH);
      for (let kx = 0; kx < KW; kx++, row++) {
        const offX = kx * g.dilationW - g.padW;
        const [ox0, ox1] = validRange(offX, sW, W, OW);
        const rowBase = row * ld;
        for (let ni = 0; ni < nb; ni++) {
          const xPlane = ((n0 + ni) * C + c0 + ci) * HW;
          const src0 = rowBase + ni * P;
          for (let oy = oy0; oy < oy1; oy++) {
            const s = src0 + oy * OW;
            const d = xPlane + (oy * sH + offY) * W + offX;
            if (sW === 1) {
              for (let ox = ox0; ox < ox1; ox++) dx[d + ox]! += cols[s + ox]!;
            } else {
              for (let ox = ox0; ox < ox1; ox++) dx[d + ox * sW]! += cols[s + ox]!;
            }
          }
        }
      }
    }
  }
}

/** [nb, OC, P] (NCHW slice starting at image n0) -> [OC, nb*P]. */
function nchwToChannelMajor(src: FloatArray, n0: number, nb: number, OC: number, P: number,
  dst: FloatArray): void {
  const ld = nb * P;
  for (let ni = 0; ni < nb; ni++) {
    for (let o = 0; o < OC; o++) {
      const s = ((n0 + ni) * OC + o) * P;
      dst.set(src.subarray(s, s + P), o * ld + ni * P);
    }
  }
}

/** [OC, nb*P] -> NCHW slice starting at image n0, adding bias[o] if given. */
function channelMajorToNchw(src: FloatArray, n0: number, nb: number, OC: number, P: number,
  bias: FloatArray | null, dst: FloatArray): void {
  const ld = nb * P;
  for (let ni = 0; ni < nb; ni++) {
    for (let o = 0; o < OC; o++) {
      const s = o * ld + ni * P;
      const d = ((n0 + ni) * OC + o) * P;
      if (bias === null) {
        dst.set(src.subarray(s, s + P), d);
      } else {
        const b = bias[o]!;
        for (let p = 0; p < P; p++) dst[d + p] = src[s + p]! + b;
      }
    }
  }
}

/** y = conv2d(x, w) + bias. Returns [N, OC, OH, OW], of the inputs' element type. */
export function conv2dArrays(x: Float32Array, w: Float32Array, bias: Float32Array | null, g: Conv2dGeometry): Float32Array;
export function conv2dArrays(x: Float64Array, w: Float64Array, bias: Float64Array | null, g: Conv2dGeometry): Float64Array;
export function conv2dArrays(x: FloatArray, w: FloatArray, bias: FloatArray | null, g: Conv2dGeometry): FloatArray;
export function conv2dArrays(x: FloatArray, w: FloatArray, bias: FloatArray | null, g: Conv2dGeometry): FloatArray {
  const { n: N, c: C, oc: OC, groups: G } = g;
  const Cg = C / G;
  const OCg = OC / G;
  const P = g.oh * g.ow;
  const HW = g.h * g.w;
  const Kdim = Cg * g.kh * g.kw;
  const y = allocLike(x, N * OC * P);
  if (y.length === 0) return y;

  if (isPointwise(g)) {
    // y_n[g*OCg.., P] = W_g[OCg, Cg] @ x_n[g*Cg.., P]
    for (let n = 0; n < N; n++) {
      for (let gi = 0; gi < G; gi++) {
        gemm(false, false, OCg, P, Cg, w, gi * OCg * Cg, x, (n * C + gi * Cg) * HW,
          y, (n * OC + gi * OCg) * P, 0);
      }
    }
    if (bias !== null) addBias(y, bias, N, OC, P);
    return y;
  }

  const nbMax = chunkSize(g);
  const cols = allocLike(x, Kdim * nbMax * P);
  const tmp = allocLike(x, OC * nbMax * P);
  for (let n0 = 0; n0 < N; n0 += nbMax) {
    const nb = Math.min(nbMax, N - n0);
    const ld = nb * P;
    for (let gi = 0; gi < G; gi++) {
      im2col(x, g, n0, nb, gi * Cg, Cg, cols);
      if (Kdim === 0) tmp.fill(0, gi * OCg * ld, (gi + 1) * OCg * ld);
      else gemm(false, false, OCg, ld, Kdim, w, gi * OCg * Kdim, cols, 0, tmp, gi * OCg * ld, 0);
    }
    channelMajorToNchw(tmp, n0, nb, OC, P, bias, y);
  }
  return y;
}

function addBias(y: FloatArray, bias: FloatArray, N: number, OC: number, P: number): void {
  let i = 0;
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < OC; o++) {
      const b = bias[o]!;
      for (let p = 0; p < P; p++, i++) y[i]! += b;
    }
  }
}

/** dL/dx given dL/dy [N, OC, OH, OW]. Returns [N, C, H, W], of the inputs' element type. */
export function conv2dInputGradArrays(dy: Float32Array, w: Float32Array, g: Conv2dGeometry): Float32Array;
export function conv2dInputGradArrays(dy: Float64Array, w: Float64Array, g: Conv2dGeometry): Float64Array;
export function conv2dInputGradArrays(dy: FloatArray, w: FloatArray, g: Conv2dGeometry): FloatArray;
export function conv2dInputGradArrays(dy: FloatArray, w: FloatArray, g: Conv2dGeometry): FloatArray {
  const { n: N, c: C, oc: OC, groups: G } = g;
  const Cg = C / G;
  const OCg = OC / G;
  const P = g.oh * g.ow;
  const HW = g.h * g.w;
  const Kdim = Cg * g.kh * g.kw;
  const dx = allocLike(dy, N * C * HW);
  if (dx.length === 0 || P === 0 || OCg === 0) return dx;

  if (isPointwise(g)) {
    // dx_n[g*Cg.., P] = W_g^T [Cg, OCg] @ dy_n[g*OCg.., P]
    for (let n = 0; n < N; n++) {
      for (let gi = 0; gi < G; gi++) {
        gemm(true, false, Cg, P, OCg, w, gi * OCg * Cg, dy, (n * OC + gi * OCg) * P,
          dx, (n * C + gi * Cg) * HW, 0);
      }
    }
    return dx;
  }

  const nbMax = chunkSize(g);
  const cols = allocLike(dy, Kdim * nbMax * P);
  const dyT = allocLike(dy, OC * nbMax * P);
  for (let n0 = 0; n0 < N; n0 += nbMax) {
    const nb = Math.min(nbMax, N - n0);
    const ld = nb * P;
    nchwToChannelMajor(dy, n0, nb, OC, P, dyT);
    for (let gi = 0; gi < G; gi++) {
      // dcols[Kdim, ld] = W_g^T @ dY'_g   (W_g stored [OCg, Kdim] -> transA)
      gemm(true, false, Kdim, ld, OCg, w, gi * OCg * Kdim, dyT, gi * OCg * ld, cols, 0, 0);
      col2im(cols, g, n0, nb, gi * Cg, Cg, dx);
    }
  }
  return dx;
}

/** dL/dw given x and dL/dy. Returns [OC, C/groups, KH, KW], of the inputs' element type. */
export function conv2dWeightGradArrays(x: Float32Array, dy: Float32Array, g: Conv2dGeometry): Float32Array;
export function conv2dWeightGradArrays(x: Float64Array, dy: Float64Array, g: Conv2dGeometry): Float64Array;
export function conv2dWeightGradArrays(x: FloatArray, dy: FloatArray, g: Conv2dGeometry): FloatArray;
export function conv2dWeightGradArrays(x: FloatArray, dy: FloatArray, g: Conv2dGeometry): FloatArray {
  const { n: N, c: C, oc: OC, groups: G } = g;
  const Cg = C / G;
  const OCg = OC / G;
  const P = g.oh * g.ow;
  const HW = g.h * g.w;
  const Kdim = Cg * g.kh * g.kw;
  const dw = allocLike(x, OC * Kdim);
  if (dw.length === 0 || P === 0 || N === 0) return dw;

  if (isPointwise(g)) {
    // dW_g[OCg, Cg] += dy_n[g*OCg.., P] @ x_n[g*Cg.., P]^T
    for (let n = 0; n < N; n++) {
      for (let gi = 0; gi < G; gi++) {
        gemm(false, true, OCg, Cg, P, dy, (n * OC + gi * OCg) * P, x, (n * C + gi * Cg) * HW,
          dw, gi * OCg * Cg, 1);
      }
    }
    return dw;
  }

  const nbMax = chunkSize(g);
  const cols = allocLike(dy, Kdim * nbMax * P);
  const dyT = allocLike(dy, OC * nbMax * P);
  for (let n0 = 0; n0 < N; n0 += nbMax) {
    const nb = Math.min(nbMax, N - n0);
    const ld = nb * P;
    nchwToChannelMajor(dy, n0, nb, OC, P, dyT);
    for (let gi = 0; gi < G; gi++) {
      im2col(x, g, n0, nb, gi * Cg, Cg, cols);
      // dW_g[OCg, Kdim] += dY'_g[OCg, ld] @ cols[Kdim, ld]^T
      gemm(false, true, OCg, Kdim, ld, dyT, gi * OCg * ld, cols, 0, dw, gi * OCg * Kdim, 1);
    }
  }
  return dw;
}

export const conv2d: RefKernel<'conv2d'> = ([x, w, b], attrs, out) => {
  floatDTypeOf('conv2d', out, [x, w, b]);
  return conv2dArrays(floats(x), floats(w), b ? floats(b) : null, conv2dGeometry(x.shape, w.shape, out.shape, attrs));
};
export const conv2dInputGrad: RefKernel<'conv2dInputGrad'> = ([dy, w], attrs, out) => {
  floatDTypeOf('conv2dInputGrad', out, [dy, w]);
  return conv2dInputGradArrays(floats(dy), floats(w), conv2dGeometry(out.shape, w.shape, dy.shape, attrs));
};
export const conv2dWeightGrad: RefKernel<'conv2dWeightGrad'> = ([x, dy], attrs, out) => {
  floatDTypeOf('conv2dWeightGrad', out, [x, dy]);
  return conv2dWeightGradArrays(floats(x), floats(dy), conv2dGeometry(x.shape, out.shape, dy.shape, attrs));
};
