/** The multiply-add of the gemm and conv micro-kernels, fused in the relaxed build. */

// Compile-time switch: `--use RELAXED=1` registers the constant RELAXED; absent (or 0) = SIMD128 only.
// @ts-ignore: decorator
@inline export const FMA: bool = isDefined(RELAXED) ? RELAXED != 0 : false;

/** a*b + c on f32x4: `f32x4.relaxed_madd` (one rounding or two, as the engine chooses) in the relaxed build. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (FMA) {
    return f32x4.relaxed_madd(a, b, c);
  } else {
    return f32x4.add(f32x4.mul(a, b), c);
  }
}
