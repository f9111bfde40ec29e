/**
 * The gradient table: every recorded op's rule, assembled from the rules written beside each op family's
 * forward functions (`tensor/ops/<family>.ts`). Rules are written with ops, so they run on every backend.
 * A differentiable primitive without a rule is a compile error here.
 */
import type { Tensor } from '../tensor.js';
import { inputsOf } from '../../engine/primitives.js';
import type { GradAttrs, GradInputs, GradNode, GradOp, GradientRules, Vjp } from './node.js';
import { elementwiseGradients } from '../ops/elementwise.js';
import { reduceGradients } from '../ops/reduce.js';
import { linalgGradients } from '../ops/linalg.js';
import { movementGradients } from '../ops/movement.js';
import { indexingGradients } from '../ops/indexing.js';
import { convGradients } from '../ops/conv.js';
import { poolGradients } from '../ops/pool.js';

let table: GradientRules<GradOp> | null = null;

/** Built on first use: the op modules import the tape, so their rules are read only once all are loaded. */
function gradientTable(): GradientRules<GradOp> {
  table ??= {
    ...elementwiseGradients, ...reduceGradients, ...linalgGradients, ...movementGradients, ...indexingGradients,
    ...convGradients, ...poolGradients,
  };
  return table;
}

/** The node was recorded by `op` (and so holds `op`'s attributes: dispatch records the two together). */
function recordedAs<P extends GradOp>(node: GradNode, op: P): node is GradNode & { readonly op: P; readonly attrs: GradAttrs[P] } {
  return node.op === op;
}

/** A node's inputs as its rule's typed tuple (checked against the primitive's input list). */
function ruleInputs<P extends GradOp>(op: P, inputs: readonly Tensor[]): GradInputs<P>;
function ruleInputs(op: GradOp, inputs: readonly Tensor[]): readonly (Tensor | undefined)[] {
  if (op === 'reshape') return inputs;
  return inputsOf(op, inputs);
}

function applyRule<P extends GradOp>(op: P, node: GradNode, out: Tensor, g: Tensor): readonly (Tensor | null)[] {
  if (!recordedAs(node, op)) throw new Error(`autograd: a '${node.op}' node was read as '${op}'`);
  const rule: Vjp<P> = gradientTable()[op];
  return rule({ inputs: ruleInputs(op, node.inputs), out, attrs: node.attrs, g });
}

/** Gradients of a recorded node's inputs, given its output and the upstream gradient. */
export function runVjp(node: GradNode, out: Tensor, g: Tensor): readonly (Tensor | null)[] {
  return applyRule(node.op, node, out, g);
}
