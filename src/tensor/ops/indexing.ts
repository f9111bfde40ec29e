/** Indexing ops along one axis: gather, indexSelect, scatterAdd (torch semantics), with their gradients. */
import type { Shape } from '../../engine/shape.js';
import { formatShape, normalizeAxis } from '../../engine/shape.js';
import type { Tensor } from '../tensor.js';
import { dispatch, reshapeView } from '../dispatch.js';
import type { GradientRules } from '../autograd/node.js';
import { cast } from './elementwise.js';
import { broadcastTo } from './movement.js';

/** torch.gather: out[p] = x[p with p[axis] = index[p]]; index (int32) has the output's shape. */
export function gather(x: Tensor, axis: number, index: Tensor): Tensor {
  const a = normalizeAxis(axis, x.rank, 'gather');
  if (index.rank !== x.rank) throw new Error(`gather: index rank ${index.rank} must equal input rank ${x.rank}`);
  for (let i = 0; i < x.rank; i++)
    if (i !== a && index.shape[i]! > x.shape[i]!)
      throw new Error(`gather: index shape ${formatShape(index.shape)} exceeds input shape ${formatShape(x.shape)} on axis ${i}`);
  return dispatch('gather', [x, cast(index, 'int32')], { axis: a }, index.shape);
}

/** Selects entries along `axis` by a 1-d list of indices (torch.index_select). */
export function indexSelect(x: Tensor, axis: number, indices: Tensor): Tensor {
  const a = normalizeAxis(axis, x.rank, 'indexSelect');
  if (indices.rank !== 1) throw new Error(`indexSelect: indices must be 1-d, got ${formatShape(indices.shape)}`);
  const k = indices.shape[0]!;
  const idxShape = x.shape.map((_, i) => (i === a ? k : 1));
  const outShape = x.shape.map((d, i) => (i === a ? k : d));
  const idx = broadcastTo(reshapeView(cast(indices, 'int32'), idxShape), outShape);
  return gather(x, a, idx);
}

/** zeros(shape) with src added at index along axis (torch.scatter_add). */
export function scatterAdd(src: Tensor, axis: number, index: Tensor, shape: Shape): Tensor {
  const a = normalizeAxis(axis, src.rank, 'scatterAdd');
  return dispatch('scatterAdd', [src, cast(index, 'int32')], { axis: a }, [...shape]);
}

export const indexingGradients: GradientRules<'gather' | 'scatterAdd'> = {
  gather: ({ inputs: [x, index], attrs: { axis }, g }) => [scatterAdd(g, axis, index, x.shape), null],
  scatterAdd: ({ inputs: [, index], attrs: { axis }, g }) => [gather(g, axis, index), null],
};
