/**
 * Shared machinery of the PyTorch golden tests: fixture tensors → Striate tensors, the op runner that maps a
 * fixture case (op name + camelCase attrs) onto Striate's functional API, and the elementwise comparison.
 */
import assert from 'node:assert/strict';
import { F, fromTypedArray, Tensor } from '../../src/index.js';
import type { GoldenTensor } from '../helpers/paths.js';

export interface GoldenCase {
  name: string;
  op: string;
  inputs: Record<string, GoldenTensor>;
  attrs: Record<string, unknown>;
  gy?: GoldenTensor;
  output: GoldenTensor;
  grads: Record<string, GoldenTensor>;
}

/** The relative tolerance of every golden comparison: |a − b| ≤ RTOL·max(1, |b|). */
export const RTOL = 1e-4;

/** A fixture tensor as a Striate tensor: int64 data becomes int32 (class targets), everything else float32. */
export function fromGolden(t: GoldenTensor, requiresGrad = false): Tensor {
  const isInt = t.dtype !== undefined && t.dtype.startsWith('int');
  const out = isInt ? fromTypedArray(Int32Array.from(t.data), t.shape, 'int32') : fromTypedArray(Float32Array.from(t.data), t.shape, 'float32');
  if (requiresGrad && !isInt) out.requiresGrad = true;
  return out;
}

function shapeStr(s: readonly number[]): string {
  return `[${s.join(', ')}]`;
}

/**
 * Asserts `actual` has the expected shape and every element satisfies |a − b| ≤ rtol·max(1, |b|); the
 * failure message names the worst element (flat index and multi-index) and both values.
 */
export function assertGoldenClose(actual: Tensor | null, expected: GoldenTensor, label: string, rtol = RTOL): void {
  assert.ok(actual, `${label}: missing (expected a tensor of shape ${shapeStr(expected.shape)})`);
  assert.deepEqual([...actual.shape], expected.shape, `${label}: shape ${shapeStr(actual.shape)} differs from PyTorch's ${shapeStr(expected.shape)}`);
  const a = actual.dataView();
  const b = expected.data;
  let worst = -1;
  let worstRatio = 0;
  for (let i = 0; i < b.length; i++) {
    const err = Math.abs(a[i]! - b[i]!);
    const ratio = err / (rtol * Math.max(1, Math.abs(b[i]!)));
    if (!(ratio <= worstRatio) || Number.isNaN(ratio)) {
      worstRatio = Number.isNaN(ratio) ? Infinity : ratio;
      worst = i;
    }
  }
  if (worst >= 0 && worstRatio > 1) {
    const idx: number[] = [];
    let rem = worst;
    for (let d = expected.shape.length - 1; d >= 0; d--) {
      idx.unshift(rem % expected.shape[d]!);
      rem = Math.floor(rem / expected.shape[d]!);
    }
    assert.fail(
      `${label}: element ${worst} ${shapeStr(idx)} is ${a[worst]}, PyTorch gives ${b[worst]} ` +
        `(|diff| ${Math.abs(a[worst]! - b[worst]!).toExponential(3)} > ${rtol}·max(1, |b|); ${(worstRatio).toFixed(1)}× the tolerance)`,
    );
  }
}

type Pair = [number, number];

function attrPair(c: GoldenCase, key: string): Pair {
  const v = c.attrs[key];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')) return [v[0] as number, v[1] as number];
  if (typeof v === 'number') return [v, v];
  throw new Error(`${c.name}: attr ${key} is not a pair: ${JSON.stringify(v)}`);
}
function attrNum(c: GoldenCase, key: string): number {
  const v = c.attrs[key];
  if (typeof v !== 'number') throw new Error(`${c.name}: attr ${key} is not a number: ${JSON.stringify(v)}`);
  return v;
}
function attrBool(c: GoldenCase, key: string): boolean {
  const v = c.attrs[key];
  if (typeof v !== 'boolean') throw new Error(`${c.name}: attr ${key} is not a boolean: ${JSON.stringify(v)}`);
  return v;
}
function attrReduction(c: GoldenCase): 'mean' | 'sum' | 'none' {
  const v = c.attrs['reduction'];
  if (v === 'mean' || v === 'sum' || v === 'none') return v;
  throw new Error(`${c.name}: bad reduction ${JSON.stringify(v)}`);
}
function isGoldenTensor(v: unknown): v is GoldenTensor {
  return typeof v === 'object' && v !== null && Array.isArray((v as { shape?: unknown }).shape) && Array.isArray((v as { data?: unknown }).data);
}
function attrTensor(c: GoldenCase, key: string): Tensor | null {
  const v = c.attrs[key];
  if (v === undefined || v === null) return null;
  if (!isGoldenTensor(v)) throw new Error(`${c.name}: attr ${key} is not a tensor`);
  return fromGolden(v);
}

/** Calls the Striate function for the fixture's op with its inputs and attrs. */
export function callOp(c: GoldenCase, inp: Record<string, Tensor>): Tensor {
  const get = (k: string): Tensor => {
    const t = inp[k];
    if (!t) throw new Error(`${c.name}: input ${k} missing`);
    return t;
  };
  switch (c.op) {
    case 'conv2d':
      return F.conv2d(get('x'), get('w'), inp['b'] ?? null, {
        stride: attrPair(c, 'stride'), padding: attrPair(c, 'padding'), dilation: attrPair(c, 'dilation'), groups: attrNum(c, 'groups'),
      });
    case 'max_pool2d':
      return F.maxPool2d(get('x'), {
        kernelSize: attrPair(c, 'kernelSize'), stride: attrPair(c, 'stride'), padding: attrPair(c, 'padding'),
        dilation: attrPair(c, 'dilation'), ceilMode: attrBool(c, 'ceilMode'),
      });
    case 'avg_pool2d': {
      const d = c.attrs['divisorOverride'];
      return F.avgPool2d(get('x'), {
        kernelSize: attrPair(c, 'kernelSize'), stride: attrPair(c, 'stride'), padding: attrPair(c, 'padding'),
        ceilMode: attrBool(c, 'ceilMode'), countIncludePad: attrBool(c, 'countIncludePad'),
        divisorOverride: typeof d === 'number' ? d : null,
      });
    }
    case 'adaptive_avg_pool2d':
      return F.adaptiveAvgPool2d(get('x'), attrPair(c, 'outputSize'));
    case 'linear':
      return F.linear(get('x'), get('w'), inp['b'] ?? null);
    case 'cross_entropy':
      return F.crossEntropy(get('input'), get('target'), {
        weight: attrTensor(c, 'weight'), labelSmoothing: attrNum(c, 'labelSmoothing'), reduction: attrReduction(c),
      });
    case 'nll_loss':
      return F.nllLoss(get('input'), get('target'), { weight: attrTensor(c, 'weight'), reduction: attrReduction(c) });
    case 'binary_cross_entropy_with_logits':
      return F.binaryCrossEntropyWithLogits(get('input'), get('target'), { posWeight: attrTensor(c, 'posWeight'), reduction: attrReduction(c) });
    case 'mse_loss':
      return F.mseLoss(get('input'), get('target'), { reduction: attrReduction(c) });
    case 'l1_loss':
      return F.l1Loss(get('input'), get('target'), { reduction: attrReduction(c) });
    case 'smooth_l1_loss':
      return F.smoothL1Loss(get('input'), get('target'), { beta: attrNum(c, 'beta'), reduction: attrReduction(c) });
    case 'relu':
      return F.relu(get('x'));
    case 'leaky_relu':
      return F.leakyRelu(get('x'), attrNum(c, 'negativeSlope'));
    case 'sigmoid':
      return F.sigmoid(get('x'));
    case 'tanh':
      return F.tanh(get('x'));
    case 'softmax':
      return F.softmax(get('x'), attrNum(c, 'dim'));
    case 'log_softmax':
      return F.logSoftmax(get('x'), attrNum(c, 'dim'));
    case 'erf':
      return get('x').erf();
    default:
      throw new Error(`${c.name}: no Striate mapping for op '${c.op}'`);
  }
}

/** Runs one case forward and backward and compares the output and every gradient with PyTorch's. */
export function checkCase(c: GoldenCase): void {
  const inp: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(c.inputs)) inp[k] = fromGolden(t, true);
  const out = callOp(c, inp);
  assertGoldenClose(out, c.output, `${c.name} output`);
  if (c.gy) out.backward(fromGolden(c.gy));
  else out.backward();
  for (const [k, g] of Object.entries(c.grads)) assertGoldenClose(inp[k]?.grad ?? null, g, `${c.name} grad ${k}`);
  // Integer inputs (class targets) must not have received a gradient.
  for (const [k, t] of Object.entries(inp)) if (!(k in c.grads)) assert.equal(t.grad, null, `${c.name}: ${k} should get no gradient`);
}
