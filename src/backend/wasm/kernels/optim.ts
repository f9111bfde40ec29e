/**
 * Wrappers of the optimiser kernels (assembly/optim.ts): Adam's moments and step on float32 tensors
 * that never leave wasm memory. The float32 constants come from `adam-math.ts`, like the reference's.
 */
import { sizeOf } from '../../../engine/shape.js';
import { adamMomentConstants, adamStepConstants } from '../../../engine/adam-math.js';
import type { WasmKernel } from '../kernel.js';
import { runElementwise } from './context.js';
import { kc } from './vision.js';

export const adamMoments: WasmKernel<'adamMoments'> = (ctx, [g, p, s], attrs, out) => {
  const y = ctx.output(out);
  const n = sizeOf(g!.shape);
  if (n === 0) return y;
  const c = adamMomentConstants(attrs);
  const k = s!.shape[0]!;
  runElementwise(kc(ctx), 'adam_moments_f32', n, (a, b) => [g!.ptr, p!.ptr, s!.ptr, y.ptr, n, k, c.sign, c.b1, c.b2, c.oneMinusB1, c.oneMinusB2, c.l2, a, b]);
  return y;
};

export const adamStep: WasmKernel<'adamStep'> = (ctx, [p, s], attrs, out) => {
  const y = ctx.output(out);
  const n = sizeOf(p!.shape);
  if (n === 0) return y;
  const c = adamStepConstants(attrs);
  const k = s!.shape[0]!;
  runElementwise(kc(ctx), 'adam_step_f32', n, (a, b) => [p!.ptr, s!.ptr, y.ptr, n, k, c.negStepSize, c.bc2Sqrt, c.eps, c.decayFactor, c.decoupled ? 1 : 0, a, b]);
  return y;
};
