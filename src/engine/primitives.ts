import type { DType } from './dtype.js';
import { isDType } from './dtype.js';

/** Attributes shared by conv2d and its two gradient primitives (PyTorch conventions, per axis [H, W]). */
export interface Conv2dAttrs {
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
}

/** Attributes shared by the pooling primitives; output size is computed by the op (incl. ceilMode). */
export interface Pool2dAttrs {
  kernelSize: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
}

export interface AvgPool2dAttrs extends Pool2dAttrs {
  countIncludePad: boolean;
  divisorOverride: number | null;
}

type None = Record<string, never>;

/** Attributes of `adamMoments` (PyTorch's Adam/AdamW moment updates; see `src/optim/adam.ts`). */
export interface AdamMomentsAttrs {
  beta1: number;
  beta2: number;
  /** L2 penalty added to the gradient first (Adam's `weightDecay`; 0 for AdamW, whose decay is in `adamStep`). */
  weightDecay: number;
  /** Ascend instead of descend (the gradient's sign is flipped). */
  maximize: boolean;
}

/** Attributes of `adamStep`. */
export interface AdamStepAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** The update count including this update (t in the bias corrections 1 − βᵗ); >= 1. */
  step: number;
  /** AdamW's decoupled weight decay: the parameter is first scaled by 1 − lr·decoupledWeightDecay (0 = none). */
  decoupledWeightDecay: number;
}

/** Attributes of `sgdMomentum` (PyTorch's SGD momentum buffer update; see `src/optim/sgd.ts`). */
export interface SgdMomentumAttrs {
  /** The buffer's decay (> 0; with momentum 0 SGD keeps no buffer and calls only `sgdStep`). */
  momentum: number;
  /** The gradient enters the buffer scaled by 1 − dampening (not on the first update, which copies it). */
  dampening: number;
  /** L2 penalty added to the gradient first (0: none). */
  weightDecay: number;
  /** Ascend instead of descend (the gradient's sign is flipped). */
  maximize: boolean;
}

/** Attributes of `sgdStep`. */
export interface SgdStepAttrs {
  lr: number;
  /** Only read with Nesterov momentum (the step is d + momentum·buffer). */
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
  maximize: boolean;
}

/** Attributes of `rmspropMoments` (PyTorch's RMSprop state update; see `src/optim/rmsprop.ts`). */
export interface RmspropMomentsAttrs {
  alpha: number;
  eps: number;
  weightDecay: number;
  /** > 0: the state has a last row `momentumBuffer` (0: it has none). */
  momentum: number;
  /** true: the state has a row `gradAvg` after `squareAvg`. */
  centered: boolean;
  maximize: boolean;
}

/** Attributes of `rmspropStep`: the moments' layout attributes plus the learning rate. */
export interface RmspropStepAttrs extends RmspropMomentsAttrs {
  lr: number;
}

/** Attributes of `randomUniform`. */
export interface RandomUniformAttrs {
  /** The generator's key: an integer in [0, 2⁵³) (its low and high 32-bit words key Philox4x32-10). */
  seed: number;
}

/**
 * Every primitive a backend implements, with its attributes. Inputs are listed in comments; outputs are
 * single tensors whose shape and dtype are computed by the op before dispatch (data-dependent
 * primitives: the dtype only; the kernel reports the shape).
 * Binary elementwise primitives broadcast (NumPy rules); reductions keep reduced axes as size 1.
 */
export interface PrimitiveAttrs {
  // unary, float → float of the same dtype (neg/abs/sign/relu also int32)
  neg: None;
  exp: None;
  log: None;
  sqrt: None;
  abs: None;
  sign: None;
  tanh: None;
  sigmoid: None;
  relu: None;
  /** The error function, 2/√π ∫₀ˣ e^(−t²) dt (float); GELU is x·(1 + erf(x/√2))/2. */
  erf: None;
  /** (x, g) → g where x > 0 else 0: relu's gradient in one kernel (float, one dtype, both of the output's shape). */
  reluGrad: None;
  /** (x) → x converted to `dtype` (float→int truncates toward zero). */
  cast: { dtype: DType };
  // binary with broadcasting: (a, b) → promoted dtype
  add: None;
  sub: None;
  mul: None;
  div: None;
  pow: None;
  maximum: None;
  minimum: None;
  // comparisons with broadcasting: (a, b) → bool
  eq: None;
  ne: None;
  lt: None;
  le: None;
  gt: None;
  ge: None;
  /** (cond: bool, a, b) → a where cond else b, broadcasting all three. */
  where: None;
  // reductions over `axes` (kept as size-1 axes in the output)
  sum: { axes: number[] };
  max: { axes: number[] };
  min: { axes: number[] };
  /** Index of the first maximum along `axis` (kept as size 1) → int32. */
  argmax: { axis: number };
  argmin: { axis: number };
  /** (a [..., M, K] or [..., K, M] if transA, b [..., K, N] or [..., N, K] if transB) → [..., M, N]; batch axes already equal. */
  matmul: { transA: boolean; transB: boolean };
  /** Output axis i is input axis perm[i]. */
  permute: { perm: number[] };
  /** Elements [begin[i], begin[i] + outShape[i]·step[i]) with positive steps. */
  slice: { begin: number[]; step: number[] };
  /** Constant padding; pads[i] = [before, after] for axis i. */
  pad: { pads: [number, number][]; value: number };
  /** (t0, t1, …) joined along `axis`. */
  concat: { axis: number };
  /** (x) repeated along size-1 (or missing leading) axes to the output shape. */
  broadcastTo: None;
  /** (x, index: int32) → out[…i…] = x[…index[…i…]…] along `axis` (torch.gather); index has the output's shape. */
  gather: { axis: number };
  /** (src, index: int32) → zeros(outShape) with src scatter-added at index along `axis` (torch.scatter_add). */
  scatterAdd: { axis: number };
  /**
   * (x) → int32 indices, x's shape with `axis` of size k: per line along `axis`, the k first entries in
   * the value order of engine/order.ts, largest first (`largest: false`: smallest first), equal values
   * lower index first; `sorted: false` gives the same k indices in ascending index order.
   */
  topk: { axis: number; k: number; largest: boolean; sorted: boolean };
  /**
   * (sorted [n], values) → int32 of values' shape: per value, the first i with sorted[i] >= value
   * (`right: true`: > value) in the value order of engine/order.ts, or n (torch.searchsorted on a 1-D
   * sequence); `sorted` must be ascending in that order.
   */
  searchSorted: { right: boolean };
  // data-dependent (output: 'data'): the kernel counts, allocates exactly the output and reports its shape
  /** (x of rank r) → int32 [K, r]: the coordinates of x's K non-zero entries (NaN is non-zero), row-major order (torch.nonzero). */
  nonzero: None;
  /** (x) → [U] of x's dtype: x's distinct values, ascending in the value order of engine/order.ts (torch.unique, sorted). */
  unique: None;
  /** (x [N, C, H, W], w [OC, C/groups, KH, KW], b? [OC]) → [N, OC, OH, OW]. */
  conv2d: Conv2dAttrs;
  /** (dy [N, OC, OH, OW], w) → dx with the output shape [N, C, H, W]. */
  conv2dInputGrad: Conv2dAttrs;
  /** (x, dy) → dw with the output shape [OC, C/groups, KH, KW]. */
  conv2dWeightGrad: Conv2dAttrs;
  /** (x [N, C, H, W]) → [N, C, OH, OW]; padding is −∞. */
  maxPool2d: Pool2dAttrs;
  /** (x, dy) → dx [N, C, H, W]; the gradient goes to the first maximum of each window. */
  maxPool2dGrad: Pool2dAttrs;
  avgPool2d: AvgPool2dAttrs;
  /** (dy) → dx with the output shape [N, C, H, W]. */
  avgPool2dGrad: AvgPool2dAttrs;
  // optimiser math (float32 only: float64 is rejected; non-differentiable), so that optimisers never copy between JS and a backend
  /**
   * (grad [n], param [n], state [k, n]) → new state [k, n], k = 2 or 3: the rows are Adam's `expAvg`,
   * `expAvgSq` and (k = 3, AMSGrad) `maxExpAvgSq`, which becomes max(maxExpAvgSq, new expAvgSq).
   */
  adamMoments: AdamMomentsAttrs;
  /** (param [n], state [k, n] from adamMoments) → new param [n]; the last row is the second moment used. */
  adamStep: AdamStepAttrs;
  /**
   * (grad [n], param [n], momentumBuffer? [n]) → new momentumBuffer [n]; without a buffer (SGD's first
   * update with momentum) the new buffer is the (decayed, signed) gradient itself.
   */
  sgdMomentum: SgdMomentumAttrs;
  /**
   * (param [n], grad [n], momentumBuffer? [n] from sgdMomentum) → new param [n]: the step is the buffer
   * (or d + momentum·buffer with Nesterov), or the gradient d itself without a buffer.
   */
  sgdStep: SgdStepAttrs;
  /**
   * (grad [n], param [n], state [k, n]) → new state [k, n]: the rows are `squareAvg`, `gradAvg` (when
   * centered) and `momentumBuffer` (when momentum > 0), so k = 1 + centered + (momentum > 0).
   */
  rmspropMoments: RmspropMomentsAttrs;
  /** (param [n], grad [n], state [k, n] from rmspropMoments) → new param [n]. */
  rmspropStep: RmspropStepAttrs;
  // random numbers, computed on the backend from (seed, element index) alone
  /**
   * () → float32 of the output shape, uniform in [0, 1): element i is the top 24 bits of word i mod 4
   * of Philox4x32-10 over the counter (⌊i/4⌋ mod 2³², ⌊i/2³⁴⌋, 0, 0) under the key of `seed`, times 2⁻²⁴.
   */
  randomUniform: RandomUniformAttrs;
}

/** Where a primitive lives at every level: `tensor/ops/<family>.ts` (op + gradient), each backend's `kernels/<family>.ts`, the wasm `assembly/<family>.ts`. */
export type Family = 'elementwise' | 'reduce' | 'linalg' | 'movement' | 'indexing' | 'conv' | 'pool' | 'optim' | 'random';

/**
 * How the output's dtype follows from the inputs: `{ like: i }` is input i's dtype; 'bool', 'int32' and
 * 'float32' are fixed; 'cast' is the `dtype` attribute.
 */
export type DTypeRule = { readonly like: number } | 'bool' | 'int32' | 'float32' | 'cast';

/**
 * One primitive's contract, read by dispatch, the autograd tape, every backend and the conformance suite:
 * - `inputs`: names in order; `name?` is optional (always last), `...name` a list of any length (≥ 1);
 * - `dtype`: the output dtype rule;
 * - `differentiable`: whether the tape records it (its gradient rule then sits beside the op);
 * - `output`: 'shape' when the op computes the output shape from input shapes and attributes before
 *   dispatch, 'data' when it depends on the values (the kernel returns it: nonzero, NMS, unique).
 *
 * Data-dependent primitives (`output: 'data'`) are declared like any other, with their attributes in
 * `PrimitiveAttrs` and a fixed dtype rule (or `like`); there is no output shape in their contract. The
 * op calls `dispatchDataDependent(prim, inputs, attrs)`, which calls `Backend.runDataDependent`: the
 * kernel reads the values, counts the output, allocates exactly that many elements and returns the
 * handle with the shape it found. The caller's next step depends on that shape, so on a backend that
 * computes asynchronously (a GPU queue) the call waits for every queued kernel before it returns: a
 * synchronisation point, like `read`. Keep them off the training hot path (masks in a loss are better
 * as `where` or a multiply, which stay shape-determined) and use them in data preparation, metrics and
 * post-processing (unique labels, NMS). Each backend has a kernel per data-dependent primitive (the
 * reference backend's `dataKernels`, the wasm backend's `wasmDataKernels`), typed exhaustively over
 * `DataDependentPrimitive`; any number of inputs works (NMS will be (boxes [N, 4], scores [N]) →
 * int32 [K] with attrs { iouThreshold }). Tests cover them like the others: hand-computed cases in
 * test/ops on every backend, PyTorch fixtures in test/golden, and the cases of test/conformance, where a
 * data-dependent case states the expected shape next to the inputs. A data-dependent primitive may be
 * differentiable (the tape records it as usual); the ones here are not (masked selection is
 * differentiable through the `gather` that follows `nonzero`).
 */
export interface PrimitiveSpec {
  readonly family: Family;
  readonly inputs: readonly string[];
  readonly dtype: DTypeRule;
  readonly differentiable: boolean;
  readonly output: 'shape' | 'data';
}

const like0 = { like: 0 } as const;
const unary = { family: 'elementwise', inputs: ['x'], dtype: like0, differentiable: true, output: 'shape' } as const;
const binary = { family: 'elementwise', inputs: ['a', 'b'], dtype: like0, differentiable: true, output: 'shape' } as const;
const compare = { family: 'elementwise', inputs: ['a', 'b'], dtype: 'bool', differentiable: false, output: 'shape' } as const;
const reduction = { family: 'reduce', inputs: ['x'], dtype: like0, differentiable: true, output: 'shape' } as const;
const argReduction = { family: 'reduce', inputs: ['x'], dtype: 'int32', differentiable: false, output: 'shape' } as const;
const movement = { family: 'movement', inputs: ['x'], dtype: like0, differentiable: true, output: 'shape' } as const;

/** The primitive table: every primitive once, checked against `PrimitiveAttrs` in both directions. */
export const PRIMITIVE_SPECS = {
  neg: unary,
  exp: unary,
  log: unary,
  sqrt: unary,
  abs: unary,
  sign: unary,
  tanh: unary,
  sigmoid: unary,
  relu: unary,
  erf: unary,
  reluGrad: { family: 'elementwise', inputs: ['x', 'g'], dtype: like0, differentiable: true, output: 'shape' },
  cast: { family: 'elementwise', inputs: ['x'], dtype: 'cast', differentiable: true, output: 'shape' },
  add: binary,
  sub: binary,
  mul: binary,
  div: binary,
  pow: binary,
  maximum: binary,
  minimum: binary,
  eq: compare,
  ne: compare,
  lt: compare,
  le: compare,
  gt: compare,
  ge: compare,
  where: { family: 'elementwise', inputs: ['cond', 'a', 'b'], dtype: { like: 1 }, differentiable: true, output: 'shape' },
  sum: reduction,
  max: reduction,
  min: reduction,
  argmax: argReduction,
  argmin: argReduction,
  matmul: { family: 'linalg', inputs: ['a', 'b'], dtype: like0, differentiable: true, output: 'shape' },
  permute: movement,
  slice: movement,
  pad: movement,
  concat: { family: 'movement', inputs: ['...parts'], dtype: like0, differentiable: true, output: 'shape' },
  broadcastTo: movement,
  gather: { family: 'indexing', inputs: ['x', 'index'], dtype: like0, differentiable: true, output: 'shape' },
  scatterAdd: { family: 'indexing', inputs: ['src', 'index'], dtype: like0, differentiable: true, output: 'shape' },
  topk: { family: 'indexing', inputs: ['x'], dtype: 'int32', differentiable: false, output: 'shape' },
  searchSorted: { family: 'indexing', inputs: ['sorted', 'values'], dtype: 'int32', differentiable: false, output: 'shape' },
  nonzero: { family: 'indexing', inputs: ['x'], dtype: 'int32', differentiable: false, output: 'data' },
  unique: { family: 'indexing', inputs: ['x'], dtype: like0, differentiable: false, output: 'data' },
  conv2d: { family: 'conv', inputs: ['x', 'w', 'b?'], dtype: like0, differentiable: true, output: 'shape' },
  conv2dInputGrad: { family: 'conv', inputs: ['dy', 'w'], dtype: like0, differentiable: true, output: 'shape' },
  conv2dWeightGrad: { family: 'conv', inputs: ['x', 'dy'], dtype: like0, differentiable: true, output: 'shape' },
  maxPool2d: { family: 'pool', inputs: ['x'], dtype: like0, differentiable: true, output: 'shape' },
  maxPool2dGrad: { family: 'pool', inputs: ['x', 'dy'], dtype: like0, differentiable: false, output: 'shape' },
  avgPool2d: { family: 'pool', inputs: ['x'], dtype: like0, differentiable: true, output: 'shape' },
  avgPool2dGrad: { family: 'pool', inputs: ['dy'], dtype: like0, differentiable: true, output: 'shape' },
  adamMoments: { family: 'optim', inputs: ['grad', 'param', 'state'], dtype: like0, differentiable: false, output: 'shape' },
  adamStep: { family: 'optim', inputs: ['param', 'state'], dtype: like0, differentiable: false, output: 'shape' },
  sgdMomentum: { family: 'optim', inputs: ['grad', 'param', 'momentumBuffer?'], dtype: like0, differentiable: false, output: 'shape' },
  sgdStep: { family: 'optim', inputs: ['param', 'grad', 'momentumBuffer?'], dtype: like0, differentiable: false, output: 'shape' },
  rmspropMoments: { family: 'optim', inputs: ['grad', 'param', 'state'], dtype: like0, differentiable: false, output: 'shape' },
  rmspropStep: { family: 'optim', inputs: ['param', 'grad', 'state'], dtype: like0, differentiable: false, output: 'shape' },
  randomUniform: { family: 'random', inputs: [], dtype: 'float32', differentiable: false, output: 'shape' },
} as const satisfies { readonly [P in keyof PrimitiveAttrs]: PrimitiveSpec };

export type Primitive = keyof typeof PRIMITIVE_SPECS;
type Specs = typeof PRIMITIVE_SPECS;

/** Every primitive, in the table's order. */
export const PRIMITIVES: readonly Primitive[] = primitiveNames();

function primitiveNames(): Primitive[] {
  const names: Primitive[] = [];
  for (const name of Object.keys(PRIMITIVE_SPECS)) if (isPrimitive(name)) names.push(name);
  return names;
}

export function isPrimitive(name: string): name is Primitive {
  return Object.hasOwn(PRIMITIVE_SPECS, name);
}

export function specOf(prim: Primitive): PrimitiveSpec {
  return PRIMITIVE_SPECS[prim];
}

/** Primitives whose output shape the op computes before dispatch. */
export type ShapedPrimitive = { [P in Primitive]: Specs[P]['output'] extends 'shape' ? P : never }[Primitive];
/** Primitives whose output shape depends on the input values (the kernel reports it). */
export type DataDependentPrimitive = Exclude<Primitive, ShapedPrimitive>;
/** Primitives the autograd tape records. */
export type DifferentiablePrimitive = { [P in Primitive]: Specs[P]['differentiable'] extends true ? P : never }[Primitive];

/** A tuple of `T` shaped like an input list: `name?` optional, `...name` any number. */
type ArgTuple<I extends readonly string[], T> = I extends readonly [infer H extends string, ...infer R extends readonly string[]]
  ? H extends `...${string}` ? T[] : H extends `${string}?` ? [T?, ...ArgTuple<R, T>] : [T, ...ArgTuple<R, T>]
  : [];

/** The inputs of `P` as a typed tuple of `T` (tensors in ops, kernel arguments in backends). */
export type InputsOf<P extends Primitive, T> = Readonly<ArgTuple<Specs[P]['inputs'], T>>;


/** What the dtype rule needs to know about an input. */
interface Typed {
  readonly dtype: DType;
}

/** The output dtype of `prim` for these inputs and attributes, by its spec's rule. */
export function outputDType(prim: Primitive, inputs: readonly (Typed | undefined)[], attrs: object): DType {
  const rule = PRIMITIVE_SPECS[prim].dtype;
  if (rule === 'bool' || rule === 'int32' || rule === 'float32') return rule;
  if (rule === 'cast') {
    const d: unknown = Reflect.get(attrs, 'dtype');
    if (!isDType(d)) throw new Error(`${prim}: attribute dtype must be a dtype, got ${String(d)}`);
    return d;
  }
  const source = inputs[rule.like];
  if (!source) throw new Error(`${prim}: input ${rule.like} (${PRIMITIVE_SPECS[prim].inputs[rule.like]}) is missing`);
  return source.dtype;
}

/**
 * Whether `list` fits `prim`'s input list (the count, with optional and variadic inputs): the runtime
 * check behind calling a backend with inputs built as a plain array (tests, tools).
 */
export function fitsInputs<P extends Primitive, T>(prim: P, list: readonly (T | undefined)[]): list is InputsOf<P, T> {
  const names: readonly string[] = PRIMITIVE_SPECS[prim].inputs;
  if (names.length === 1 && names[0]?.startsWith('...')) return list.length >= 1 && list.every((t) => t !== undefined);
  const required = names.filter((n) => !n.endsWith('?')).length;
  return list.length >= required && list.length <= names.length && list.slice(0, required).every((t) => t !== undefined);
}

/** `list` as `prim`'s typed inputs, or an error naming the primitive, the expected and the actual count. */
export function inputsOf<P extends Primitive, T>(prim: P, list: readonly (T | undefined)[]): InputsOf<P, T> {
  if (!fitsInputs(prim, list)) throw new Error(`${prim}: expected inputs (${PRIMITIVE_SPECS[prim].inputs.join(', ')}), got ${list.length}`);
  return list;
}

/** Whether `prim`'s output shape comes from the values (`output: 'data'`: run by `Backend.runDataDependent`). */
export function isDataDependent(prim: Primitive): prim is DataDependentPrimitive {
  return PRIMITIVE_SPECS[prim].output === 'data';
}

/** Whether the autograd tape records `prim` (its spec says differentiable). */
export function isDifferentiable(prim: Primitive): prim is DifferentiablePrimitive {
  return PRIMITIVE_SPECS[prim].differentiable;
}
