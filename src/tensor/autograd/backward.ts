import type { Tensor } from '../tensor.js';
import { onesLike } from '../tensor.js';
import { formatShape } from '../../engine/shape.js';
import { noGrad } from './node.js';
import { runVjp } from './gradients.js';
import { add } from '../ops/elementwise.js';
import type { DataHandle } from '../../engine/backend.js';
import { backendOf } from '../../engine/registry.js';
import { AllocationTracker, withAllocationTracker } from './allocation-tracker.js';

/** Tensors reachable from `root` through gradFn links, each after all its consumers (reverse topological). */
function reverseTopological(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: { t: Tensor; expanded: boolean }[] = [{ t: root, expanded: false }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    if (top.expanded) {
      order.push(top.t);
      continue;
    }
    if (visited.has(top.t)) continue;
    visited.add(top.t);
    stack.push({ t: top.t, expanded: true });
    for (const inp of top.t.gradFn?.inputs ?? []) if (inp.requiresGrad && !visited.has(inp)) stack.push({ t: inp, expanded: false });
  }
  return order.reverse();
}

/**
 * Reverse-mode differentiation from `root`. Leaves (tensors that require grad and were not made by an op)
 * and intermediate tensors marked with `retainGrad()` accumulate into `.grad`. Unless `retainGraph`, the
 * graph is released as it is walked, so intermediate tensors become garbage as soon as the caller drops them.
 */
export function backward(root: Tensor, gradient: Tensor | undefined, retainGraph: boolean): void {
  if (!root.requiresGrad) throw new Error('backward: the tensor does not require grad (no input of its graph has requiresGrad)');
  if (!gradient && root.size !== 1)
    throw new Error(`backward: a gradient must be given for a non-scalar output of shape ${formatShape(root.shape)}`);
  if (gradient && gradient.size !== root.size)
    throw new Error(`backward: gradient shape ${formatShape(gradient.shape)} does not match output shape ${formatShape(root.shape)}`);
  const tracker = new AllocationTracker();
  const holders = new Set<Tensor>(); // leaves and retainGrad() tensors: their .grad survives
  withAllocationTracker(tracker, () => noGrad(() => {
    const grads = new Map<Tensor, Tensor>();
    grads.set(root, gradient ? gradient.reshape([...root.shape]) : onesLike(root));
    for (const t of reverseTopological(root)) {
      const g = grads.get(t);
      if (!g) continue;
      grads.delete(t);
      const node = t.gradFn;
      if (!node || t.retainsGrad) {
        t.grad = t.grad ? add(t.grad, g) : g;
        holders.add(t);
        if (!node) continue;
      }
      if (node.inputs.length === 0)
        throw new Error(`backward: the graph through a '${node.op}' result was already released by an earlier backward(); pass { retainGraph: true } to that call to backward twice`);
      const inputGrads = runVjp(node, t, g);
      node.inputs.forEach((inp, i) => {
        const gi = inputGrads[i];
        if (!gi || !inp.requiresGrad) return;
        const prev = grads.get(inp);
        grads.set(inp, prev ? add(prev, gi) : gi);
      });
      if (!retainGraph) node.inputs = [];
    }
  }));
  releaseTemporaries(tracker, holders);
}

/**
 * Frees, on backends that can (`Backend.release`), every buffer backward() allocated except the gradients
 * of leaves and of `retainGrad()` tensors: the rest were intermediate gradients that no user code can reach.
 */
function releaseTemporaries(tracker: AllocationTracker, holders: Set<Tensor>): void {
  const [first] = tracker.handles;
  if (first === undefined) return;
  const backend = backendOf(first);
  if (!backend.release) return;
  const keep = new Set<DataHandle>();
  for (const holder of holders) if (holder.grad) keep.add(holder.grad.handle);
  const released = new Set<DataHandle>();
  for (const h of tracker.handles) {
    if (keep.has(h) || released.has(h) || h.backendName !== backend.name) continue;
    released.add(h);
    backend.release(h);
  }
}
