/**
 * Adapts the vision wrappers (gemm.ts, conv.ts, pool.ts in this folder, which speak `KernelContext`
 * and return the pointer of a buffer they allocated) to the backend's `WasmKernel` table: each output
 * pointer is adopted into a tracked `WasmHandle`.
 */
import { sizeOf } from '../../../engine/shape.js';
import type { WasmContext } from '../context.js';
import type { WasmArg, WasmKernel } from '../kernel.js';
import type { KernelCall, KernelContext, KernelExports, WasmBuf } from './context.js';
import { conv2dInputGradWasm, conv2dWasm, conv2dWeightGradWasm } from './conv.js';
import { matmulWasm } from './gemm.js';
import { avgPool2dGradWasm, avgPool2dWasm, maxPool2dGradWasm, maxPool2dWasm } from './pool.js';
import { unsupported } from './suffix.js';

/**
 * The vision wrappers' view of a backend context. `threads` and `runCalls` follow the context's worker
 * pool (`ctx.runner`) at call time, so terminating the pool turns the wrappers single-threaded.
 */
export function kernelContext(ctx: WasmContext): KernelContext {
  const k = (name: keyof KernelExports) => ctx.kernel(name);
  const exports: KernelExports = {
    gemm_f32_scratch_bytes: k('gemm_f32_scratch_bytes'),
    gemm_f32: k('gemm_f32'),
    gemm_strided_f32: k('gemm_strided_f32'),
    matmul_f32: k('matmul_f32'),
    conv2d_f32_scratch_bytes: k('conv2d_f32_scratch_bytes'),
    conv2d_f32: k('conv2d_f32'),
    conv2d_input_grad_f32: k('conv2d_input_grad_f32'),
    conv2d_weight_grad_f32: k('conv2d_weight_grad_f32'),
    max_pool2d_f32: k('max_pool2d_f32'),
    max_pool2d_grad_f32: k('max_pool2d_grad_f32'),
    avg_pool2d_f32: k('avg_pool2d_f32'),
    avg_pool2d_grad_f32: k('avg_pool2d_grad_f32'),
    relu_f32: k('relu_f32'),
    relu_grad_f32: k('relu_grad_f32'),
    adam_moments_f32: k('adam_moments_f32'),
    adam_step_f32: k('adam_step_f32'),
  };
  const local = (c: KernelCall): void => void Reflect.apply(exports[c.fn], exports, c.args);
  return {
    exports,
    memory: ctx.memory,
    alloc: (bytes) => ctx.alloc(bytes),
    free: (ptr) => ctx.free(ptr),
    get threads() {
      return ctx.threads;
    },
    get minWorkPerPart() {
      return ctx.minWorkPerPart;
    },
    runCalls: (calls) => {
      const runner = ctx.runner;
      if (runner) runner.run(calls, local);
      else for (const c of calls) local(c);
    },
  };
}

function buf(a: WasmArg | undefined, prim: string): WasmBuf {
  if (!a) throw new Error(`wasm backend: '${prim}' is missing an input`);
  if (a.dtype !== 'float32') unsupported(prim, a.dtype);
  return { ptr: a.ptr, shape: a.shape };
}

/** Lazily built per backend context (one KernelContext per WasmContext). */
const contexts = new WeakMap<WasmContext, KernelContext>();
export function kc(ctx: WasmContext): KernelContext {
  let c = contexts.get(ctx);
  if (!c) {
    c = kernelContext(ctx);
    contexts.set(ctx, c);
  }
  return c;
}

/** Adopts a float32 output buffer allocated by a vision wrapper. */
const adopt = (ctx: WasmContext, ptr: number, shape: readonly number[]) => ctx.adopt(ptr, sizeOf(shape) * 4);

export const matmul: WasmKernel<'matmul'> = (ctx, [a, b], attrs, out) =>
  adopt(ctx, matmulWasm(kc(ctx), buf(a, 'matmul'), buf(b, 'matmul'), attrs, out.shape), out.shape);

export const conv2d: WasmKernel<'conv2d'> = (ctx, [x, w, b], attrs, out) =>
  adopt(ctx, conv2dWasm(kc(ctx), buf(x, 'conv2d'), buf(w, 'conv2d'), b ? buf(b, 'conv2d') : null, attrs, out.shape), out.shape);

export const conv2dInputGrad: WasmKernel<'conv2dInputGrad'> = (ctx, [dy, w], attrs, out) =>
  adopt(ctx, conv2dInputGradWasm(kc(ctx), buf(dy, 'conv2dInputGrad'), buf(w, 'conv2dInputGrad'), attrs, out.shape), out.shape);

export const conv2dWeightGrad: WasmKernel<'conv2dWeightGrad'> = (ctx, [x, dy], attrs, out) =>
  adopt(ctx, conv2dWeightGradWasm(kc(ctx), buf(x, 'conv2dWeightGrad'), buf(dy, 'conv2dWeightGrad'), attrs, out.shape), out.shape);

export const maxPool2d: WasmKernel<'maxPool2d'> = (ctx, [x], attrs, out) =>
  adopt(ctx, maxPool2dWasm(kc(ctx), buf(x, 'maxPool2d'), attrs, out.shape), out.shape);

export const maxPool2dGrad: WasmKernel<'maxPool2dGrad'> = (ctx, [x, dy], attrs, out) =>
  adopt(ctx, maxPool2dGradWasm(kc(ctx), buf(x, 'maxPool2dGrad'), buf(dy, 'maxPool2dGrad'), attrs, out.shape), out.shape);

export const avgPool2d: WasmKernel<'avgPool2d'> = (ctx, [x], attrs, out) =>
  adopt(ctx, avgPool2dWasm(kc(ctx), buf(x, 'avgPool2d'), attrs, out.shape), out.shape);

export const avgPool2dGrad: WasmKernel<'avgPool2dGrad'> = (ctx, [dy], attrs, out) =>
  adopt(ctx, avgPool2dGradWasm(kc(ctx), buf(dy, 'avgPool2dGrad'), attrs, out.shape), out.shape);
