import { isFloat, promoteTypes } from '../../engine/dtype.js';
import { broadcastShapes, formatShape, type Shape } from '../../engine/shape.js';
import type { Tensor } from '../tensor.js';
import { dispatch, reshapeView } from '../dispatch.js';
import { broadcastTo } from './movement.js';
import { cast } from './elementwise.js';
import type { GradientRules } from '../autograd/node.js';

/**
 * Matrix product with torch.matmul semantics: 1-d operands are promoted (and the added axis removed),
 * batch axes broadcast. a [..., M, K] @ b [..., K, N] → [..., M, N]. Operands are float32 or float64; a
 * float32 operand meets a float64 one in float64 (PyTorch would refuse the mix; promoting lets composed
 * ops with float32 constants, such as adaptive pooling's averaging matrices, run in float64).
 */
export function matmul(a: Tensor, b: Tensor, opts: { transA?: boolean; transB?: boolean } = {}): Tensor {
  if (!isFloat(a.dtype) || !isFloat(b.dtype)) throw new Error(`matmul: expected float32 (or float64) operands, got ${a.dtype} and ${b.dtype}`);
  if (a.dtype !== b.dtype) {
    const dtype = promoteTypes(a.dtype, b.dtype);
    return matmul(cast(a, dtype), cast(b, dtype), opts);
  }
  const transA = opts.transA ?? false;
  const transB = opts.transB ?? false;
  const [aLen] = a.shape;
  const [bLen] = b.shape;
  if (aLen === undefined || bLen === undefined) throw new Error('matmul: operands must have at least one axis');
  const a2 = a.rank === 1 ? reshapeView(a, transA ? [aLen, 1] : [1, aLen]) : a;
  const b2 = b.rank === 1 ? reshapeView(b, transB ? [1, bLen] : [bLen, 1]) : b;
  const [am, ak] = matrixOf(a2.shape, transA);
  const [bk, bn] = matrixOf(b2.shape, transB);
  if (ak !== bk)
    throw new Error(`matmul: inner dimensions differ: ${formatShape(a.shape)}${transA ? 'ᵀ' : ''} @ ${formatShape(b.shape)}${transB ? 'ᵀ' : ''} (${ak} vs ${bk})`);
  const batch = broadcastShapes(a2.shape.slice(0, -2), b2.shape.slice(0, -2), 'matmul');
  const aFull = broadcastTo(a2, [...batch, ...a2.shape.slice(-2)]);
  const bFull = broadcastTo(b2, [...batch, ...b2.shape.slice(-2)]);
  let y = dispatch('matmul', [aFull, bFull], { transA, transB }, [...batch, am, bn]);
  if (a.rank === 1) y = reshapeView(y, [...batch, bn]);
  if (b.rank === 1) y = reshapeView(y, y.shape.slice(0, -1));
  return y;
}

/** [rows, columns] of op(X) for X [..., R, C] (rank ≥ 2): [R, C], or [C, R] when transposed. */
function matrixOf(shape: Shape, transposed: boolean): [number, number] {
  const [r, c] = shape.slice(-2);
  if (r === undefined || c === undefined) throw new Error(`matmul: expected an operand [..., M, N], got ${formatShape(shape)}`);
  return transposed ? [c, r] : [r, c];
}

/** C = op(A) op(B): d op(A) = g op(B)ᵀ, d op(B) = op(A)ᵀ g, with the stored gradients transposed back. */
export const linalgGradients: GradientRules<'matmul'> = {
  matmul: ({ inputs: [a, b], attrs: { transA, transB }, g }) => {
    const mm = (p: Tensor, q: Tensor, tA: boolean, tB: boolean): Tensor => matmul(p, q, { transA: tA, transB: tB });
    const da = a.requiresGrad ? (transA ? mm(b, g, transB, true) : mm(g, b, false, !transB)) : null;
    const db = b.requiresGrad ? (transB ? mm(g, a, true, transA) : mm(a, g, !transA, false)) : null;
    return [da, db];
  },
};
