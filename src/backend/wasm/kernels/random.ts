/**
 * The random family's kernel (assembly/random.ts): `randomUniform` straight into wasm memory, split
 * over the threads by element range (each element depends on the seed and its index alone, so the bits
 * do not depend on the split). The key comes from engine/random-math.ts, like the reference's.
 */
import { sizeOf } from '../../../engine/shape.js';
import { philoxKey } from '../../../engine/random-math.js';
import type { WasmKernel } from '../kernel.js';
import { runElementwise } from './lib/split.js';

/** () → float32 uniforms in [0, 1) of the output shape. */
export const randomUniform: WasmKernel<'randomUniform'> = (ctx, _inputs, attrs, out) => {
  const y = ctx.output(out);
  const n = sizeOf(out.shape);
  if (n === 0) return y;
  const [k0, k1] = philoxKey(attrs.seed);
  runElementwise(ctx, 'randomUniform_f32', n, (s, e) => [y.ptr, n, k0, k1, s, e]);
  return y;
};
