/**
 * Runs one primitive on the reference backend and on a wasm backend with the same inputs, and compares
 * the results: integers and bools exactly, floats within a relative tolerance (NaN must match NaN).
 */
import assert from 'node:assert/strict';
import type { DType, TypedArray } from '../../src/engine/dtype.js';
import { allocArray } from '../../src/engine/dtype.js';
import type { Shape } from '../../src/engine/shape.js';
import { sizeOf } from '../../src/engine/shape.js';
import type { Backend, KernelArg } from '../../src/engine/backend.js';
import type { PrimitiveAttrs, ShapedPrimitive } from '../../src/engine/primitives.js';
import { inputsOf } from '../../src/engine/primitives.js';
import { ReferenceBackend } from '../../src/backend/reference/index.js';
import { randInt } from '../helpers/rng.js';

export interface Input {
  readonly data: TypedArray;
  readonly shape: Shape;
  readonly dtype: DType;
}

export const reference = new ReferenceBackend();

function run<P extends ShapedPrimitive>(backend: Backend, prim: P, inputs: readonly Input[], attrs: PrimitiveAttrs[P], shape: Shape, dtype: DType): TypedArray {
  const args: KernelArg[] = inputs.map((i) => ({ handle: backend.fromArray(i.data.slice(), i.dtype), shape: i.shape, dtype: i.dtype }));
  return backend.read(backend.run(prim, inputsOf(prim, args), attrs, { shape, dtype }), dtype);
}

/** Asserts that `backend` computes what the reference computes for this call. */
export function checkPrim<P extends ShapedPrimitive>(
  backend: Backend, prim: P, inputs: readonly Input[], attrs: PrimitiveAttrs[P], shape: Shape, dtype: DType, tol = 1e-6,
): void {
  const label = `${prim} ${inputs.map((i) => `${i.dtype}[${i.shape.join(',')}]`).join(' ')} → ${dtype}[${shape.join(',')}] ${JSON.stringify(attrs)}`;
  const want = run(reference, prim, inputs, attrs, shape, dtype);
  const got = run(backend, prim, inputs, attrs, shape, dtype);
  assertSame(got, want, dtype, tol, label);
}

export function assertSame(got: TypedArray, want: TypedArray, dtype: DType, tol: number, label: string): void {
  assert.equal(got.length, want.length, `${label}: length`);
  assert.equal(got.constructor, want.constructor, `${label}: array type`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (dtype !== 'float32' || !Number.isFinite(w)) {
      if (Number.isNaN(w)) assert.ok(Number.isNaN(g), `${label}[${i}]: got ${g}, expected NaN`);
      else assert.equal(g, w, `${label}[${i}]`);
    } else {
      assert.ok(Math.abs(g - w) <= tol * Math.max(1, Math.abs(w)), `${label}[${i}]: got ${g}, expected ${w}`);
    }
  }
}

/** Floats with a sprinkling of specials (±0, ±Inf, NaN) when `specials`. */
export function randomData(rng: () => number, dtype: DType, n: number, specials = false): TypedArray {
  const out = allocArray(dtype, n);
  const sp = [0, -0, Infinity, -Infinity, NaN, 1e30, -1e-30];
  for (let i = 0; i < n; i++) {
    if (dtype === 'float32') out[i] = specials && rng() < 0.15 ? sp[randInt(rng, 0, sp.length - 1)]! : (rng() * 2 - 1) * 4;
    else if (dtype === 'int32') out[i] = randInt(rng, -20, 20);
    else if (dtype === 'uint8') out[i] = randInt(rng, 0, 255);
    else out[i] = rng() < 0.5 ? 1 : 0;
  }
  return out;
}

export function input(rng: () => number, dtype: DType, shape: Shape, specials = false): Input {
  return { data: randomData(rng, dtype, sizeOf(shape), specials), shape: [...shape], dtype };
}

/** A random shape of rank in [minRank, maxRank] with dims in [1, maxDim] (0 with probability zeroP). */
export function randomShape(rng: () => number, minRank: number, maxRank: number, maxDim: number, zeroP = 0): number[] {
  const r = randInt(rng, minRank, maxRank);
  return Array.from({ length: r }, () => (rng() < zeroP ? 0 : randInt(rng, 1, maxDim)));
}

/** A shape that broadcasts to `out`: some leading axes dropped, some axes set to 1. */
export function broadcastableTo(rng: () => number, out: readonly number[]): number[] {
  const drop = randInt(rng, 0, out.length);
  return out.slice(drop).map((d) => (rng() < 0.35 ? 1 : d));
}
