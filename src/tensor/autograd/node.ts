import type { PrimitiveAttrs } from '../../engine/primitives.js';
import type { Tensor } from '../tensor.js';
import type { Shape } from '../../engine/shape.js';

/** Ops recorded on the tape: every primitive, plus `reshape`, which shares storage and has no kernel. */
export interface GradAttrs extends PrimitiveAttrs {
  reshape: { from: Shape };
}
export type GradOp = keyof GradAttrs;

/** How a tensor was made: the op, its inputs and attributes (the tape is these nodes, linked through inputs). */
export interface GradNode<P extends GradOp = GradOp> {
  readonly op: P;
  inputs: Tensor[];
  readonly attrs: GradAttrs[P];
}

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
