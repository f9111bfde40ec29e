import type { DifferentiablePrimitive, InputsOf, PrimitiveAttrs } from '../../engine/primitives.js';
import type { Tensor } from '../tensor.js';
import type { Shape } from '../../engine/shape.js';

/** Attributes of the ops the tape records: every primitive's, plus `reshape`, which shares storage and has no kernel. */
export interface GradAttrs extends PrimitiveAttrs {
  reshape: { from: Shape };
}
/** Ops recorded on the tape: the differentiable primitives and `reshape`. */
export type GradOp = DifferentiablePrimitive | 'reshape';

/**
 * How a tensor was made: the op, its inputs and attributes (the tape is these nodes, linked through
 * inputs). `attrs` are always `op`'s attributes: dispatch records the two together.
 */
export interface GradNode {
  readonly op: GradOp;
  /** The inputs given to the op (an absent optional input is left out); emptied once backward() has used them. */
  inputs: Tensor[];
  readonly attrs: GradAttrs[keyof GradAttrs];
}

/** A recorded op's inputs as its rule sees them: the primitive's typed tuple, or `[x]` for reshape. */
export type GradInputs<P extends GradOp> = P extends DifferentiablePrimitive ? InputsOf<P, Tensor> : readonly [Tensor];

/** What a vector-Jacobian product sees: the node's inputs, its output and the upstream gradient g. */
export interface VjpContext<P extends GradOp> {
  inputs: GradInputs<P>;
  out: Tensor;
  attrs: GradAttrs[P];
  g: Tensor;
}

/** A gradient rule: one gradient per input, in input order (null where the input gets none). */
export type Vjp<P extends GradOp> = (ctx: VjpContext<P>) => readonly (Tensor | null)[];

/** The gradient rules of a family of ops, written beside their forward functions in `tensor/ops/<family>.ts`. */
export type GradientRules<K extends GradOp> = { readonly [P in K]: Vjp<P> };

let gradEnabled = true;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` without recording operations for autograd (like `torch.no_grad()`). */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Runs `fn` with gradient recording switched on or off. */
export function withGradEnabled<T>(enabled: boolean, fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}
