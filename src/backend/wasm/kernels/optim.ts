/**
 * The optim family's kernels (assembly/optim.ts): Adam's moments and step on float32 tensors that never
 * leave wasm memory, split by element ranges like the other memory-bound kernels (lib/split.ts). The
 * float32 constants come from engine/adam-math.ts, like the reference's.
 */
import { sizeOf } from '../../../engine/shape.js';
import { adamMomentConstants, adamStepConstants } from '../../../engine/adam-math.js';
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
  const k = s.shape[0]!;
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
  const k = s.shape[0]!;
  runElementwise(ctx, 'adamStep_f32', n, (a, b) => [pp, sp, y.ptr, n, k, c.negStepSize, c.bc2Sqrt, c.eps, c.decayFactor, c.decoupled ? 1 : 0, a, b]);
  return y;
};
