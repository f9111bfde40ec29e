/**
 * The optim family's kernels (assembly/optim.ts): Adam's, SGD's and RMSprop's moments and steps on
 * float32 tensors that never leave wasm memory, split by element ranges like the other memory-bound
 * kernels (lib/split.ts). The float32 constants come from engine/optim-math.ts, like the reference's.
 */
import { axisLength, sizeOf } from '../../../engine/shape.js';
import { adamMomentConstants, adamStepConstants, rmspropConstants, sgdMomentumConstants, sgdStepConstants } from '../../../engine/optim-math.js';
import type { WasmKernel } from '../kernel.js';
import { f32Ptr } from './lib/inputs.js';
import { runElementwise } from './lib/split.js';

/** (grad [n], param [n], state [k, n]) → new state [k, n]. */
export const adamMoments: WasmKernel<'adamMoments'> = (ctx, [g, p, s], attrs, out) => {
  const gp = f32Ptr('adamMoments', g);
  const pp = f32Ptr('adamMoments', p);
  const sp = f32Ptr('adamMoments', s);
  const y = ctx.output(out);
  const n = sizeOf(g.shape);
  if (n === 0) return y;
  const c = adamMomentConstants(attrs);
  const k = axisLength(s.shape, 0, 'adamMoments state');
  runElementwise(ctx, 'adamMoments_f32', n, (a, b) => [gp, pp, sp, y.ptr, n, k, c.sign, c.b1, c.b2, c.oneMinusB1, c.oneMinusB2, c.l2, a, b]);
  return y;
};

/** (param [n], state [k, n]) → new param [n]. */
export const adamStep: WasmKernel<'adamStep'> = (ctx, [p, s], attrs, out) => {
  const pp = f32Ptr('adamStep', p);
  const sp = f32Ptr('adamStep', s);
  const y = ctx.output(out);
  const n = sizeOf(p.shape);
  if (n === 0) return y;
  const c = adamStepConstants(attrs);
  const k = axisLength(s.shape, 0, 'adamStep state');
  runElementwise(ctx, 'adamStep_f32', n, (a, b) => [pp, sp, y.ptr, n, k, c.negStepSize, c.bc2Sqrt, c.eps, c.decayFactor, c.decoupled ? 1 : 0, a, b]);
  return y;
};

/** (grad [n], param [n], momentumBuffer? [n]) → new momentumBuffer [n] (without a buffer: d itself). */
export const sgdMomentum: WasmKernel<'sgdMomentum'> = (ctx, [g, p, b], attrs, out) => {
  const gp = f32Ptr('sgdMomentum', g);
  const pp = f32Ptr('sgdMomentum', p);
  const bp = b ? f32Ptr('sgdMomentum', b) : 0;
  const y = ctx.output(out);
  const n = sizeOf(g.shape);
  if (n === 0) return y;
  const c = sgdMomentumConstants(attrs);
  const hasBuf = b ? 1 : 0;
  runElementwise(ctx, 'sgdMomentum_f32', n, (s, e) => [gp, pp, bp, y.ptr, n, hasBuf, c.sign, c.wd, c.mom, c.keep, s, e]);
  return y;
};

/** (param [n], grad [n], momentumBuffer? [n]) → new param [n]. */
export const sgdStep: WasmKernel<'sgdStep'> = (ctx, [p, g, b], attrs, out) => {
  const pp = f32Ptr('sgdStep', p);
  const gp = f32Ptr('sgdStep', g);
  const bp = b ? f32Ptr('sgdStep', b) : 0;
  const y = ctx.output(out);
  const n = sizeOf(p.shape);
  if (n === 0) return y;
  const c = sgdStepConstants(attrs);
  const hasBuf = b ? 1 : 0;
  const nesterov = c.nesterov ? 1 : 0;
  runElementwise(ctx, 'sgdStep_f32', n, (s, e) => [pp, gp, bp, y.ptr, n, hasBuf, nesterov, c.sign, c.wd, c.mom, c.negLr, s, e]);
  return y;
};

/** (grad [n], param [n], state [k, n]) → new state [k, n] (rows squareAvg, gradAvg?, momentumBuffer?). */
export const rmspropMoments: WasmKernel<'rmspropMoments'> = (ctx, [g, p, st], attrs, out) => {
  const gp = f32Ptr('rmspropMoments', g);
  const pp = f32Ptr('rmspropMoments', p);
  const sp = f32Ptr('rmspropMoments', st);
  const y = ctx.output(out);
  const n = sizeOf(g.shape);
  if (n === 0) return y;
  const c = rmspropConstants(attrs);
  const k = axisLength(st.shape, 0, 'rmspropMoments state');
  const centered = c.centered ? 1 : 0;
  const hasMom = c.hasMomentum ? 1 : 0;
  runElementwise(ctx, 'rmspropMoments_f32', n, (s, e) => [
    gp, pp, sp, y.ptr, n, k, centered, hasMom, c.sign, c.wd, c.alpha, c.oneMinusAlpha, c.eps, c.mom, s, e,
  ]);
  return y;
};

/** (param [n], grad [n], state [k, n]) → new param [n]. */
export const rmspropStep: WasmKernel<'rmspropStep'> = (ctx, [p, g, st], attrs, out) => {
  const pp = f32Ptr('rmspropStep', p);
  const gp = f32Ptr('rmspropStep', g);
  const sp = f32Ptr('rmspropStep', st);
  const y = ctx.output(out);
  const n = sizeOf(p.shape);
  if (n === 0) return y;
  const c = rmspropConstants(attrs);
  const k = axisLength(st.shape, 0, 'rmspropStep state');
  const centered = c.centered ? 1 : 0;
  const hasMom = c.hasMomentum ? 1 : 0;
  runElementwise(ctx, 'rmspropStep_f32', n, (s, e) => [pp, gp, sp, y.ptr, n, k, centered, hasMom, c.sign, c.wd, c.eps, c.negLr, s, e]);
  return y;
};
