/**
 * What a conformance case is, and the seeded generators the case tables (cases/*.ts) build them with.
 *
 * A case is one call of one primitive: its inputs (shape, dtype, elements), attributes and output shape.
 * Float inputs are written with dtype 'float' and hold float32-representable values, so the same case
 * runs in float32 on every backend and in float64 on the reference backend from identical numbers.
 * Cases are random but seeded (by primitive and case index), so every run sees the same shapes and values.
 */
import type { FloatDType } from '../../src/engine/dtype.js';
import type { Shape } from '../../src/engine/shape.js';
import { sizeOf } from '../../src/engine/shape.js';
import type { InputsOf, Primitive, PrimitiveAttrs } from '../../src/engine/primitives.js';
import { makeRng, randInt } from '../helpers/rng.js';

/** An input's dtype: 'float' is the run's float dtype (float32 across backends, float64 on the reference). */
export type CaseDType = 'float' | 'int32' | 'uint8' | 'bool';

export interface CaseInput {
  readonly shape: Shape;
  readonly dtype: CaseDType;
  /** Row-major elements (float values are float32-representable). */
  readonly data: Float64Array;
}

/** A case with inputs `I` and attributes `A` (see PrimitiveCase). */
export interface CaseOf<I, A> {
  readonly name: string;
  readonly inputs: I;
  readonly attrs: A | ((float: FloatDType) => A);
  /** The output shape the op would compute before dispatch (a data-dependent primitive: the shape its kernel must report). */
  readonly out: Shape;
  /**
   * Whether the gradient checks use this case: the primitive is smooth at these inputs (no kink, tie or
   * special value within the finite-difference step), and the inputs are small enough to perturb one by one.
   */
  readonly gradient: boolean;
}

/**
 * One call of primitive `P`. (An alias of CaseOf, so that primitives with the same inputs and attributes,
 * such as the unary ones, share their cases' type structurally.)
 */
export type PrimitiveCase<P extends Primitive> = CaseOf<InputsOf<P, CaseInput>, PrimitiveAttrs[P]>;

/** Every primitive's cases: a primitive without an entry is a compile error. */
export type CaseTable = { readonly [P in Primitive]: readonly PrimitiveCase<P>[] };

/** The case's attributes for a run in `float` (attributes may depend on it: a cast to "the float type"). */
export function attrsOf<P extends Primitive>(c: PrimitiveCase<P>, float: FloatDType): PrimitiveAttrs[P] {
  const a = c.attrs;
  return typeof a === 'function' ? a(float) : a;
}

// ---------------------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------------------

export type Rng = () => number;

/** A generator seeded by a name (FNV-1a), so adding a case elsewhere never changes this one's draws. */
export function rngFor(name: string): Rng {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return makeRng(h >>> 0);
}

export const int = randInt;

/** A random shape of rank in [minRank, maxRank] with sizes in [1, maxDim] (0 with probability zeroP). */
export function shapeOf(rng: Rng, minRank: number, maxRank: number, maxDim: number, zeroP = 0): number[] {
  const r = randInt(rng, minRank, maxRank);
  return Array.from({ length: r }, () => (rng() < zeroP ? 0 : randInt(rng, 1, maxDim)));
}

/** A shape that broadcasts to `out`: some leading axes dropped, some axes set to 1. */
export function broadcastableTo(rng: Rng, out: Shape): number[] {
  const drop = randInt(rng, 0, out.length);
  return out.slice(drop).map((d) => (rng() < 0.35 ? 1 : d));
}

// ---------------------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------------------

function make(shape: Shape, dtype: CaseDType, f: (i: number) => number): CaseInput {
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = dtype === 'float' ? Math.fround(f(i)) : f(i);
  return { shape: [...shape], dtype, data };
}

/** Float elements uniform in [lo, hi). */
export function uniform(rng: Rng, shape: Shape, lo = -1, hi = 1): CaseInput {
  return make(shape, 'float', () => lo + (hi - lo) * rng());
}

/** Float elements at least `gap` away from 0 (|x| in [gap, gap + 2)): relu, abs, sign stay off their kink. */
export function awayFromZero(rng: Rng, shape: Shape, gap = 0.1): CaseInput {
  return make(shape, 'float', () => (rng() < 0.5 ? -1 : 1) * (gap + 2 * rng()));
}

/** All-distinct floats spaced `spacing` apart, shuffled: no ties in max, min or pooling windows. */
export function distinct(rng: Rng, shape: Shape, spacing = 0.125): CaseInput {
  const n = sizeOf(shape);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randInt(rng, 0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return make(shape, 'float', (i) => (order[i]! - n / 2) * spacing);
}

/** Floats on the grid k/4 + offset, |k| ≤ 8: two inputs with offsets 0 and 1/8 never tie; one input ties often. */
export function grid(rng: Rng, shape: Shape, offset = 0): CaseInput {
  return make(shape, 'float', () => randInt(rng, -8, 8) / 4 + offset);
}

/** The special float values a kernel must get right: ±0, ±Inf, NaN, and values near the float32 extremes. */
export const SPECIALS = [0, -0, Infinity, -Infinity, NaN, 3.4e38, -3.4e38, 1e-38, -1e-45, 1, -1] as const;

/** Floats in [-4, 4) with a share `p` of special values. */
export function withSpecials(rng: Rng, shape: Shape, p = 0.3): CaseInput {
  return make(shape, 'float', () => (rng() < p ? SPECIALS[randInt(rng, 0, SPECIALS.length - 1)]! : (rng() * 2 - 1) * 4));
}

/** Integer (or bool) elements uniform in [lo, hi]. */
export function ints(rng: Rng, dtype: 'int32' | 'uint8' | 'bool', shape: Shape, lo?: number, hi?: number): CaseInput {
  const [a, b] = dtype === 'bool' ? [0, 1] : dtype === 'uint8' ? [lo ?? 0, hi ?? 255] : [lo ?? -20, hi ?? 20];
  return make(shape, dtype, () => randInt(rng, a, b));
}

/** An input of any case dtype with typical values (specials for floats when asked). */
export function anyOf(rng: Rng, dtype: CaseDType, shape: Shape, specials = false): CaseInput {
  return dtype === 'float' ? (specials ? withSpecials(rng, shape) : uniform(rng, shape, -4, 4)) : ints(rng, dtype, shape);
}

/** Float data for gradient cases, floats with specials for float forward cases, typical values otherwise. */
export function forCase(rng: Rng, dtype: CaseDType, shape: Shape, gradient: boolean): CaseInput {
  return dtype === 'float' && !gradient ? withSpecials(rng, shape, 0.3) : anyOf(rng, dtype, shape);
}

/** An input with exactly these elements. */
export function values(dtype: CaseDType, shape: Shape, v: readonly number[]): CaseInput {
  if (v.length !== sizeOf(shape)) throw new Error(`values: ${v.length} elements for shape [${shape.join(', ')}]`);
  return make(shape, dtype, (i) => v[i]!);
}

/** The same elements with a new shape (reshaped, or with an element changed through `edit`). */
export function edited(x: CaseInput, edit: (data: Float64Array) => void): CaseInput {
  const data = x.data.slice();
  edit(data);
  if (x.dtype === 'float') for (let i = 0; i < data.length; i++) data[i] = Math.fround(data[i]!);
  return { shape: x.shape, dtype: x.dtype, data };
}

/** Describes a case's inputs for its name, e.g. "float[2,3] int32[3]". */
export function describeInputs(inputs: readonly (CaseInput | undefined)[]): string {
  return inputs.filter((i) => i !== undefined).map((i) => `${i.dtype}[${i.shape.join(',')}]`).join(' ');
}
