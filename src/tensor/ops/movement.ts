import { axisAndLength, axisLength, formatShape, normalizeAxis, sizeOf } from '../../engine/shape.js';
import type { Tensor } from '../tensor.js';
import { dispatch, reshapeView } from '../dispatch.js';
import { cast } from './elementwise.js';
import type { GradientRules } from '../autograd/node.js';
import { sumTo } from './reduce.js';

/** New shape with the same elements; one entry may be -1 (inferred). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const inferAt = shape.indexOf(-1);
  let resolved = [...shape];
  if (inferAt >= 0) {
    if (shape.indexOf(-1, inferAt + 1) >= 0) throw new Error(`reshape: only one axis may be -1, got ${formatShape(shape)}`);
    const known = sizeOf(shape.filter((_, i) => i !== inferAt));
    if (known === 0 || x.size % known !== 0)
      throw new Error(`reshape: cannot view ${formatShape(x.shape)} (${x.size} elements) as ${formatShape(shape)}`);
    resolved[inferAt] = x.size / known;
  }
  resolved = resolved.map((d) => {
    if (!Number.isInteger(d) || d < 0) throw new Error(`reshape: invalid size ${d} in ${formatShape(shape)}`);
    return d;
  });
  return reshapeView(x, resolved);
}

/** Merges axes startAxis..endAxis (inclusive) into one, like torch.flatten. */
export function flatten(x: Tensor, startAxis = 0, endAxis = -1): Tensor {
  if (x.rank === 0) return reshapeView(x, [1]);
  const s = normalizeAxis(startAxis, x.rank, 'flatten');
  const e = normalizeAxis(endAxis, x.rank, 'flatten');
  if (s > e) throw new Error(`flatten: startAxis ${startAxis} comes after endAxis ${endAxis}`);
  const merged = sizeOf(x.shape.slice(s, e + 1));
  return reshapeView(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
}

export function permute(x: Tensor, perm: readonly number[]): Tensor {
  if (perm.length !== x.rank) throw new Error(`permute: expected ${x.rank} axes for shape ${formatShape(x.shape)}, got [${perm.join(', ')}]`);
  const p = perm.map((a) => normalizeAxis(a, x.rank, 'permute'));
  if (new Set(p).size !== p.length) throw new Error(`permute: axes repeat in [${perm.join(', ')}]`);
  if (p.every((a, i) => a === i)) return x;
  return dispatch('permute', [x], { perm: p }, p.map((a) => axisLength(x.shape, a, 'permute')));
}

export function transpose(x: Tensor, axis0 = -2, axis1 = -1): Tensor {
  if (x.rank < 2) return x;
  const a = normalizeAxis(axis0, x.rank, 'transpose');
  const b = normalizeAxis(axis1, x.rank, 'transpose');
  const perm = x.shape.map((_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permute(x, perm);
}

export function squeeze(x: Tensor, axis?: number): Tensor {
  if (axis === undefined) return reshapeView(x, x.shape.filter((d) => d !== 1));
  const a = normalizeAxis(axis, x.rank, 'squeeze');
  if (x.shape[a] !== 1) return x;
  return reshapeView(x, x.shape.filter((_, i) => i !== a));
}

export function unsqueeze(x: Tensor, axis: number): Tensor {
  const a = normalizeAxis(axis, x.rank + 1, 'unsqueeze');
  const shape = [...x.shape];
  shape.splice(a, 0, 1);
  return reshapeView(x, shape);
}

/** Repeats size-1 axes (and adds leading axes) to reach `shape`; -1 keeps an axis. */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.rank;
  if (lead < 0) throw new Error(`broadcastTo: cannot broadcast ${formatShape(x.shape)} to fewer axes ${formatShape(shape)}`);
  const target = shape.map((d, i) => {
    if (d !== -1) return d;
    const kept = x.shape[i - lead];
    if (kept === undefined) throw new Error(`broadcastTo: -1 at axis ${i} of ${formatShape(shape)} keeps no axis of ${formatShape(x.shape)} (a new leading axis needs a size)`);
    return kept;
  });
  x.shape.forEach((d, i) => {
    if (d !== 1 && d !== target[i + lead])
      throw new Error(`broadcastTo: cannot broadcast ${formatShape(x.shape)} to ${formatShape(target)}`);
  });
  if (lead === 0 && target.every((d, i) => d === x.shape[i])) return x;
  return dispatch('broadcastTo', [x], {}, target);
}

/**
 * Elements begin[i] ≤ k < end[i] with stride step[i] along each axis (missing trailing axes are taken
 * whole; negative indices count from the end; null end means the end of the axis).
 */
export function slice(x: Tensor, begin: readonly number[], end?: readonly (number | null)[], step?: readonly number[]): Tensor {
  const b: number[] = [];
  const st: number[] = [];
  const out: number[] = [];
  x.shape.forEach((n, i) => {
    const s = step?.[i] ?? 1;
    if (!Number.isInteger(s) || s <= 0) throw new Error(`slice: step must be a positive integer, got ${s} on axis ${i}`);
    let lo = begin[i] ?? 0;
    let hi = end?.[i] ?? n;
    if (lo < 0) lo += n;
    if (hi < 0) hi += n;
    lo = Math.min(Math.max(lo, 0), n);
    hi = Math.min(Math.max(hi, lo), n);
    b.push(lo);
    st.push(s);
    out.push(Math.ceil((hi - lo) / s));
  });
  if (b.every((v) => v === 0) && st.every((v) => v === 1) && out.every((d, i) => d === x.shape[i])) return x;
  return dispatch('slice', [x], { begin: b, step: st }, out);
}

/** Constant padding; pads[i] = [before, after] for axis i (missing leading axes are not padded). */
export function pad(x: Tensor, pads: readonly (readonly [number, number])[], value = 0): Tensor {
  const axes = x.shape.map((d, i) => {
    const [lo, hi] = pads[i - (x.rank - pads.length)] ?? [0, 0];
    return { pads: [lo, hi] as [number, number], size: d + lo + hi };
  });
  for (const { pads: [lo, hi] } of axes) if (lo < 0 || hi < 0) throw new Error(`pad: negative padding [${lo}, ${hi}]`);
  const full = axes.map((a) => a.pads);
  const shape = axes.map((a) => a.size);
  return dispatch('pad', [x], { pads: full, value }, shape);
}

export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  const [first] = tensors;
  if (first === undefined) throw new Error('concat: expected at least one tensor');
  const [a] = axisAndLength(first.shape, axis, 'concat');
  let total = 0;
  for (const t of tensors) {
    if (t.rank !== first.rank || t.shape.some((d, i) => i !== a && d !== first.shape[i]))
      throw new Error(`concat: shapes ${formatShape(first.shape)} and ${formatShape(t.shape)} differ outside axis ${a}`);
    total += axisLength(t.shape, a, 'concat');
  }
  if (tensors.length === 1) return first;
  const dtype = first.dtype;
  const shape = first.shape.map((d, i) => (i === a ? total : d));
  return dispatch('concat', tensors.map((t) => cast(t, dtype)), { axis: a }, shape);
}

/** Joins tensors of equal shape along a new axis. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  const [first] = tensors;
  if (first === undefined) throw new Error('stack: expected at least one tensor');
  const a = normalizeAxis(axis, first.rank + 1, 'stack');
  return concat(tensors.map((t) => unsqueeze(t, a)), a);
}

/** Splits along `axis` into pieces of the given sizes (or equal pieces of `sizes` elements). */
export function split(x: Tensor, sizes: number | readonly number[], axis = 0): Tensor[] {
  const [a, n] = axisAndLength(x.shape, axis, 'split');
  const list = typeof sizes === 'number' ? Array.from({ length: Math.ceil(n / sizes) }, (_, i) => Math.min(sizes, n - i * sizes)) : sizes;
  const parts: Tensor[] = [];
  let start = 0;
  for (const s of list) {
    const begin = x.shape.map((_, i) => (i === a ? start : 0));
    const end = x.shape.map((d, i) => (i === a ? start + s : d));
    parts.push(slice(x, begin, end));
    start += s;
  }
  if (start !== n) throw new Error(`split: sizes [${list.join(', ')}] do not add up to ${n}`);
  return parts;
}


/** g spread back to the positions begin + k·step of x (zeros elsewhere): slice's gradient. */
function sliceGrad(g: Tensor, x: Tensor, begin: readonly number[], step: readonly number[]): Tensor {
  let y = g;
  for (let i = 0; i < x.rank; i++) {
    const s = step[i] ?? 1;
    const len = y.shape[i] ?? 0;
    if (s > 1 && len > 0) {
      // Spread the len values to positions 0, s, 2s, … by padding a new axis and merging it.
      const pads = Array.from({ length: y.rank + 1 }, (_, j): [number, number] => (j === i + 1 ? [0, s - 1] : [0, 0]));
      const padded = pad(unsqueeze(y, i + 1), pads);
      const merged = reshape(padded, [...y.shape.slice(0, i), len * s, ...y.shape.slice(i + 1)]);
      const keep = Math.min(len * s, (x.shape[i] ?? 0) - (begin[i] ?? 0));
      y = slice(merged, merged.shape.map(() => 0), merged.shape.map((d, j) => (j === i ? keep : d)));
    }
  }
  return pad(y, x.shape.map((d, i): [number, number] => [begin[i] ?? 0, d - (begin[i] ?? 0) - (y.shape[i] ?? 0)]));
}

/** Gradient rules of the data-movement primitives and of reshape (a view, recorded on the tape). */
export const movementGradients: GradientRules<'permute' | 'slice' | 'pad' | 'concat' | 'broadcastTo' | 'reshape'> = {
  permute: ({ attrs: { perm }, g }) => {
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => (inv[p] = i));
    return [permute(g, inv)];
  },
  slice: ({ inputs: [x], attrs, g }) => [sliceGrad(g, x, attrs.begin, attrs.step)],
  pad: ({ inputs: [x], attrs, g }) => [slice(g, attrs.pads.map((p) => p[0]), attrs.pads.map((p, i) => p[0] + (x.shape[i] ?? 0)))],
  concat: ({ inputs, attrs: { axis }, g }) => split(g, inputs.map((t) => t.shape[axis] ?? 0), axis),
  broadcastTo: ({ inputs: [x], g }) => [sumTo(g, x.shape)],
  reshape: ({ attrs: { from }, g }) => [reshape(g, [...from])],
};
