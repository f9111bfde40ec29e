import type { DType, TypedArray } from '../engine/dtype.js';
import { allocArray, castScalar, dtypeOfArray, isFloat } from '../engine/dtype.js';
import type { Shape } from '../engine/shape.js';
import { formatShape, sizeOf } from '../engine/shape.js';
import type { DataHandle, KernelArg } from '../engine/backend.js';
import { backendOf, getBackend } from '../engine/registry.js';
import type { GradNode } from './autograd/node.js';
import { formatTensor } from './format.js';
import * as ew from './ops/elementwise.js';
import * as red from './ops/reduce.js';
import * as sh from './ops/movement.js';
import * as ix from './ops/indexing.js';
import * as la from './ops/linalg.js';
import * as act from './ops/activation.js';
import { backward } from './autograd/backward.js';
import { noteAllocation } from './autograd/allocation-tracker.js';

export type Scalar = number;
export type TensorLike = Tensor | number;
export type NestedArray = number | boolean | readonly NestedArray[];

/**
 * An n-dimensional array on the current backend, with optional gradient tracking (define-by-run, like
 * PyTorch). Tensors are immutable except through `assign` (used by optimisers and state loading) and
 * `.grad` accumulation. Memory is reclaimed automatically when a tensor is no longer reachable.
 */
export class Tensor {
  /** Set when this tensor was produced by a differentiable op from inputs that require grad. */
  gradFn: GradNode | null = null;
  /** Accumulated gradient of a leaf tensor after `backward()`. */
  grad: Tensor | null = null;
  private _requiresGrad = false;
  private _retainsGrad = false;

  constructor(
    private _handle: DataHandle,
    readonly shape: Shape,
    readonly dtype: DType,
  ) {}

  get requiresGrad(): boolean {
    return this._requiresGrad;
  }
  set requiresGrad(v: boolean) {
    if (v && !isFloat(this.dtype)) throw new Error(`requiresGrad: only float32 or float64 tensors can require gradients, got ${this.dtype}`);
    this._requiresGrad = v;
  }

  get handle(): DataHandle {
    return this._handle;
  }
  get rank(): number {
    return this.shape.length;
  }
  get size(): number {
    return sizeOf(this.shape);
  }
  /** True for tensors that require grad and were created by the user (parameters), not by an op. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  kernelArg(): KernelArg {
    return { handle: this._handle, shape: this.shape, dtype: this.dtype };
  }

  /** The elements, row-major, as a fresh typed array (safe to modify). */
  dataSync(): TypedArray {
    return backendOf(this._handle).read(this._handle, this.dtype).slice();
  }
  /**
   * The elements, row-major, as a fresh typed array, without blocking: a backend that computes
   * asynchronously (a GPU queue) answers when its work is done. CPU backends answer at once.
   */
  async data(): Promise<TypedArray> {
    return (await backendOf(this._handle).readAsync(this._handle, this.dtype)).slice();
  }
  /** Read-only view of the elements (do not modify). */
  dataView(): TypedArray {
    return backendOf(this._handle).read(this._handle, this.dtype);
  }
  toArray(): number[] {
    return Array.from(this.dataView());
  }
  /** Nested JS arrays, like `torch.Tensor.tolist()`. */
  tolist(): NestedArray {
    const data = this.dataView();
    const axes = this.shape.map((length, i) => ({ length, stride: sizeOf(this.shape.slice(i + 1)) }));
    // Past the last axis (axes[axis] undefined) is one element.
    const build = (axis: number, offset: number): NestedArray => {
      const ax = axes[axis];
      if (ax === undefined) {
        const v = data[offset];
        if (v === undefined) throw new Error(`tolist: offset ${offset} is outside the ${data.length} elements of ${formatShape(this.shape)}`);
        return v;
      }
      return Array.from({ length: ax.length }, (_, i) => build(axis + 1, offset + i * ax.stride));
    };
    return build(0, 0);
  }
  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item: expected a tensor with one element, got shape ${formatShape(this.shape)}`);
    const data = this.dataView();
    const [v] = data;
    if (v === undefined) throw new Error(`item: expected one element from the backend for shape ${formatShape(this.shape)}, got ${data.length}`);
    return v;
  }

  /**
   * Replaces this tensor's elements with `value`'s (same shape and dtype), in place. Used by optimisers and
   * `loadStateDict`; not recorded by autograd.
   */
  assign(value: Tensor): this {
    if (value.dtype !== this.dtype || value.size !== this.size)
      throw new Error(`assign: expected ${this.dtype} ${formatShape(this.shape)}, got ${value.dtype} ${formatShape(value.shape)}`);
    this._handle = value._handle;
    return this;
  }

  /** A tensor sharing these elements but cut from the autograd graph. */
  detach(): Tensor {
    return new Tensor(this._handle, this.shape, this.dtype);
  }
  /** Marks this tensor as a leaf that accumulates gradients; returns this. */
  requiresGrad_(v = true): this {
    this.requiresGrad = v;
    return this;
  }
  /** True after `retainGrad()` on a non-leaf: `backward()` then stores this tensor's gradient in `.grad`. */
  get retainsGrad(): boolean {
    return this._retainsGrad;
  }
  /**
   * Like PyTorch's `retain_grad()`: asks the next `backward()` through this intermediate tensor (an op's
   * output) to accumulate its gradient into `.grad`, as leaves do; used e.g. by Grad-CAM for the gradient
   * of a convolution's activation. A no-op on leaves (they keep `.grad` already). Returns this.
   */
  retainGrad(): this {
    if (!this.requiresGrad) throw new Error('retainGrad: the tensor does not require grad (no input of its graph has requiresGrad)');
    if (!this.isLeaf) this._retainsGrad = true;
    return this;
  }
  /** Computes gradients of this (scalar) tensor with respect to every leaf that requires grad. */
  backward(gradient?: Tensor, opts: { retainGraph?: boolean } = {}): void {
    backward(this, gradient, opts.retainGraph ?? false);
  }

  toString(): string {
    return formatTensor(this);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  // ---- elementwise ----
  add(o: TensorLike): Tensor { return ew.add(this, o); }
  sub(o: TensorLike): Tensor { return ew.sub(this, o); }
  mul(o: TensorLike): Tensor { return ew.mul(this, o); }
  div(o: TensorLike): Tensor { return ew.div(this, o); }
  pow(o: TensorLike): Tensor { return ew.pow(this, o); }
  maximum(o: TensorLike): Tensor { return ew.maximum(this, o); }
  minimum(o: TensorLike): Tensor { return ew.minimum(this, o); }
  neg(): Tensor { return ew.neg(this); }
  exp(): Tensor { return ew.exp(this); }
  log(): Tensor { return ew.log(this); }
  sqrt(): Tensor { return ew.sqrt(this); }
  abs(): Tensor { return ew.abs(this); }
  sign(): Tensor { return ew.sign(this); }
  erf(): Tensor { return ew.erf(this); }
  square(): Tensor { return ew.mul(this, this); }
  clamp(min: number | null, max: number | null = null): Tensor { return ew.clamp(this, min, max); }
  eq(o: TensorLike): Tensor { return ew.eq(this, o); }
  ne(o: TensorLike): Tensor { return ew.ne(this, o); }
  lt(o: TensorLike): Tensor { return ew.lt(this, o); }
  le(o: TensorLike): Tensor { return ew.le(this, o); }
  gt(o: TensorLike): Tensor { return ew.gt(this, o); }
  ge(o: TensorLike): Tensor { return ew.ge(this, o); }
  cast(dtype: DType): Tensor { return ew.cast(this, dtype); }
  float(): Tensor { return ew.cast(this, 'float32'); }
  /** float64, like torch's `.double()` (reference backend only: the wasm backend has no float64). */
  double(): Tensor { return ew.cast(this, 'float64'); }
  int(): Tensor { return ew.cast(this, 'int32'); }
  // ---- activations ----
  relu(): Tensor { return act.relu(this); }
  sigmoid(): Tensor { return act.sigmoid(this); }
  tanh(): Tensor { return act.tanh(this); }
  softmax(axis = -1): Tensor { return act.softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return act.logSoftmax(this, axis); }
  // ---- reductions ----
  sum(axes?: number | readonly number[], keepDims = false): Tensor { return red.sum(this, axes, keepDims); }
  mean(axes?: number | readonly number[], keepDims = false): Tensor { return red.mean(this, axes, keepDims); }
  max(axes?: number | readonly number[], keepDims = false): Tensor { return red.max(this, axes, keepDims); }
  min(axes?: number | readonly number[], keepDims = false): Tensor { return red.min(this, axes, keepDims); }
  argmax(axis?: number, keepDims = false): Tensor { return red.argmax(this, axis, keepDims); }
  argmin(axis?: number, keepDims = false): Tensor { return red.argmin(this, axis, keepDims); }
  // ---- linear algebra ----
  matmul(o: Tensor): Tensor { return la.matmul(this, o); }
  // ---- shape ----
  reshape(...shape: (number | number[])[]): Tensor { return sh.reshape(this, shape.flat()); }
  view(...shape: (number | number[])[]): Tensor { return sh.reshape(this, shape.flat()); }
  flatten(startAxis = 0, endAxis = -1): Tensor { return sh.flatten(this, startAxis, endAxis); }
  transpose(axis0 = -2, axis1 = -1): Tensor { return sh.transpose(this, axis0, axis1); }
  get T(): Tensor { return sh.transpose(this, -2, -1); }
  permute(...perm: (number | number[])[]): Tensor { return sh.permute(this, perm.flat()); }
  squeeze(axis?: number): Tensor { return sh.squeeze(this, axis); }
  unsqueeze(axis: number): Tensor { return sh.unsqueeze(this, axis); }
  expand(...shape: (number | number[])[]): Tensor { return sh.broadcastTo(this, shape.flat()); }
  slice(begin: readonly number[], end?: readonly (number | null)[], step?: readonly number[]): Tensor {
    return sh.slice(this, begin, end, step);
  }
  gather(axis: number, index: Tensor): Tensor { return ix.gather(this, axis, index); }
  // ---- selection (see tensor/ops/indexing.ts; nonzero, maskedSelect and unique are data-dependent) ----
  /** The k largest (or smallest) entries along `opts.axis` (default −1) and their int32 indices (torch.topk). */
  topk(k: number, opts: ix.TopkOptions = {}): ix.TopkResult { return ix.topk(this, k, opts); }
  /** int32 [K, rank]: the coordinates of the non-zero entries, row-major order (torch.nonzero). */
  nonzero(): Tensor { return ix.nonzero(this); }
  /** The same as `nonzero` (torch.argwhere). */
  argwhere(): Tensor { return ix.nonzero(this); }
  /** [K]: the entries where the bool `mask` (broadcast with this) is true, row-major order (torch.masked_select). */
  maskedSelect(mask: Tensor): Tensor { return ix.maskedSelect(this, mask); }
  /** [U]: the distinct values, ascending, one NaN last (torch.unique, sorted). */
  unique(): Tensor { return ix.unique(this); }
}

// ---- construction ----

export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

/** Wraps a typed array (taking ownership) as a tensor of `shape` on the current backend. */
export function fromTypedArray(data: TypedArray, shape: Shape, dtype: DType = dtypeOfArray(data)): Tensor {
  if (data.length !== sizeOf(shape))
    throw new Error(`tensor: ${data.length} elements do not fill shape ${formatShape(shape)} (${sizeOf(shape)} elements)`);
  const backend = getBackend();
  if (!backend.dtypes.includes(dtype))
    throw new Error(`tensor: backend '${backend.name}' has no ${dtype} tensors (it stores ${backend.dtypes.join(', ')})`);
  const handle = backend.fromArray(data, dtype);
  noteAllocation(handle);
  return new Tensor(handle, [...shape], dtype);
}

function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    const [first] = cur;
    if (first === undefined) break;
    cur = first;
  }
  return shape;
}

/**
 * Writes the leaves of `data` (of `shape`, from inferShape) into `out` as `dtype` values, row-major from
 * `pos`; returns the position after them. A ragged array is an error, so exactly sizeOf(shape) are written.
 */
function flattenNested(data: NestedArray, shape: Shape, out: TypedArray, dtype: DType, pos = 0, axis = 0): number {
  if (axis === shape.length) {
    if (Array.isArray(data)) throw new Error('tensor: nested array is ragged (deeper than its first element)');
    out[pos] = castScalar(typeof data === 'boolean' ? (data ? 1 : 0) : (data as number), dtype);
    return pos + 1;
  }
  if (!Array.isArray(data) || data.length !== shape[axis])
    throw new Error(`tensor: nested array is ragged at depth ${axis} (expected length ${shape[axis]})`);
  for (const d of data) pos = flattenNested(d, shape, out, dtype, pos, axis + 1);
  return pos;
}

/**
 * Creates a tensor from nested arrays, a number, or a typed array (with `shape`). Default dtype is
 * float32 for numbers; a typed array keeps its own type.
 */
export function tensor(data: NestedArray | TypedArray, opts: TensorOptions & { shape?: Shape } = {}): Tensor {
  let t: Tensor;
  if (ArrayBuffer.isView(data)) {
    const dtype = opts.dtype ?? dtypeOfArray(data);
    const shape = opts.shape ?? [data.length];
    const arr = dtype === dtypeOfArray(data) && dtype !== 'bool' ? data.slice() : castArray(data, dtype);
    t = fromTypedArray(arr, shape, dtype);
  } else {
    const inferred = inferShape(data);
    const shape = opts.shape ?? inferred;
    const dtype = opts.dtype ?? (typeof firstLeaf(data) === 'boolean' ? 'bool' : 'float32');
    const arr = allocArray(dtype, sizeOf(inferred));
    flattenNested(data, inferred, arr, dtype);
    t = fromTypedArray(arr, shape, dtype);
  }
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}

function firstLeaf(d: NestedArray): number | boolean | undefined {
  let cur: NestedArray = d;
  while (Array.isArray(cur)) {
    const [first] = cur;
    if (first === undefined) return undefined;
    cur = first;
  }
  return cur as number | boolean;
}

function castArray(src: TypedArray, dtype: DType): TypedArray {
  const out = allocArray(dtype, src.length);
  for (let i = 0; i < src.length; i++) out[i] = castScalar(src[i]!, dtype);
  return out;
}

export function full(shape: Shape, value: number, opts: TensorOptions = {}): Tensor {
  const dtype = opts.dtype ?? 'float32';
  const arr = allocArray(dtype, sizeOf(shape));
  if (value !== 0) arr.fill(castScalar(value, dtype));
  const t = fromTypedArray(arr, shape, dtype);
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}
export const zeros = (shape: Shape, opts: TensorOptions = {}): Tensor => full(shape, 0, opts);
export const ones = (shape: Shape, opts: TensorOptions = {}): Tensor => full(shape, 1, opts);
export const zerosLike = (t: Tensor): Tensor => full(t.shape, 0, { dtype: t.dtype });
export const onesLike = (t: Tensor): Tensor => full(t.shape, 1, { dtype: t.dtype });
export const scalar = (v: number, dtype: DType = 'float32'): Tensor => full([], v, { dtype });

/** [start, end) with `step`, like torch.arange; int32 when all arguments are integers. */
export function arange(start: number, end?: number, step = 1, opts: TensorOptions = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  const n = Math.max(0, Math.ceil((end - start) / step));
  const dtype = opts.dtype ?? (Number.isInteger(start) && Number.isInteger(step) ? 'int32' : 'float32');
  const arr = allocArray(dtype, n);
  for (let i = 0; i < n; i++) arr[i] = start + i * step;
  return fromTypedArray(arr, [n], dtype);
}

export function linspace(start: number, end: number, steps: number): Tensor {
  const arr = new Float32Array(steps);
  for (let i = 0; i < steps; i++) arr[i] = steps === 1 ? start : start + ((end - start) * i) / (steps - 1);
  return fromTypedArray(arr, [steps], 'float32');
}

export function eye(n: number, m = n): Tensor {
  const arr = new Float32Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) arr[i * m + i] = 1;
  return fromTypedArray(arr, [n, m], 'float32');
}

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}
