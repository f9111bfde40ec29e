import type { Tensor } from '../tensor/tensor.js';
import { formatShape } from '../engine/shape.js';
import * as ew from '../tensor/ops/elementwise.js';
import { unsqueeze, squeeze, reshape } from '../tensor/ops/movement.js';
import { gather, indexSelect } from '../tensor/ops/indexing.js';
import { logSoftmax } from '../tensor/ops/activation.js';
import { sum, mean } from '../tensor/ops/reduce.js';

export type Reduction = 'mean' | 'sum' | 'none';

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'mean') return mean(loss);
  if (reduction === 'sum') return sum(loss);
  return loss;
}

export interface NllOptions {
  /** Per-class weights [C]. */
  weight?: Tensor | null;
  /** Targets equal to this contribute nothing (PyTorch default −100). */
  ignoreIndex?: number;
  reduction?: Reduction;
}

export interface CrossEntropyOptions extends NllOptions {
  /** ε in [0, 1]: the target becomes (1 − ε)·onehot + ε/C. */
  labelSmoothing?: number;
}

/** Checks input [N, C, ...] against target [N, ...]; returns C, the number of classes. */
function checkTargets(input: Tensor, target: Tensor, op: string): number {
  const [n, classes, ...rest] = input.shape;
  if (n === undefined || classes === undefined) throw new Error(`${op}: expected input [N, C, ...], got ${formatShape(input.shape)}`);
  const expected = [n, ...rest];
  if (target.rank !== expected.length || target.shape.some((d, i) => d !== expected[i]))
    throw new Error(`${op}: expected target of shape ${formatShape(expected)} for input ${formatShape(input.shape)}, got ${formatShape(target.shape)}`);
  if (target.dtype === 'float32') throw new Error(`${op}: expected integer class indices as target, got float32`);
  return classes;
}

/**
 * Runs a gather by class index, turning the kernel's `gather: index K is out of range for axis … of size C`
 * into `nllLoss: target K is out of range for C classes`.
 */
function targetsChecked(gatherByTarget: () => Tensor, classes: number): Tensor {
  try {
    return gatherByTarget();
  } catch (e) {
    const m = e instanceof Error ? /^gather: index (-?\d+) is out of range/.exec(e.message) : null;
    if (m) throw new Error(`nllLoss: target ${m[1]} is out of range for ${classes} classes (expected 0..${classes - 1} or ignoreIndex)`);
    throw e;
  }
}

/**
 * Negative log-likelihood of class indices, PyTorch's F.nll_loss. input: log-probabilities [N, C, ...];
 * target: int [N, ...]. Mean reduction divides by the summed weights of the non-ignored targets.
 */
export function nllLoss(input: Tensor, target: Tensor, opts: NllOptions = {}): Tensor {
  const c = checkTargets(input, target, 'nllLoss');
  const reduction = opts.reduction ?? 'mean';
  const ignore = opts.ignoreIndex ?? -100;
  const valid = ew.ne(target, ignore);
  const safeTarget = ew.where(valid, target.cast('int32'), 0);
  // No read of the targets here: the gather kernels range-check the indices as they run.
  const picked = squeeze(targetsChecked(() => gather(input, 1, unsqueeze(safeTarget, 1)), c), 1); // [N, ...]
  let w = ew.cast(valid, 'float32');
  const weight = opts.weight;
  if (weight) w = ew.mul(w, reshape(targetsChecked(() => indexSelect(weight, 0, reshape(safeTarget, [-1])), c), [...target.shape]));
  const loss = ew.neg(ew.mul(picked, w));
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return sum(loss);
  return ew.div(sum(loss), sum(w));
}

/**
 * Cross-entropy from logits, PyTorch's F.cross_entropy: logits [N, C, ...], target class indices
 * int [N, ...]. Supports class weights, ignoreIndex and label smoothing with PyTorch's normalisation.
 */
export function crossEntropy(logits: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const c = checkTargets(logits, target, 'crossEntropy');
  const eps = opts.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw new Error(`crossEntropy: labelSmoothing must be in [0, 1], got ${eps}`);
  const reduction = opts.reduction ?? 'mean';
  const logp = logSoftmax(logits, 1);
  const nll = nllLoss(logp, target, opts);
  if (eps === 0) return nll;
  const ignore = opts.ignoreIndex ?? -100;
  const valid = ew.cast(ew.ne(target, ignore), 'float32');
  const wShape = logits.shape.map((d, i) => (i === 1 ? d : 1));
  const weighted = opts.weight ? ew.mul(logp, reshape(opts.weight, wShape)) : logp;
  const smooth = ew.mul(ew.neg(sum(weighted, 1)), valid); // [N, ...]
  let smoothReduced: Tensor;
  if (reduction === 'none') smoothReduced = smooth;
  else if (reduction === 'sum') smoothReduced = sum(smooth);
  else if (opts.weight) {
    const safe = ew.where(ew.ne(target, ignore), target.cast('int32'), 0);
    const wPicked = ew.mul(indexSelect(opts.weight, 0, reshape(safe, [-1])), reshape(valid, [-1]));
    smoothReduced = ew.div(sum(smooth), sum(wPicked));
  } else smoothReduced = mean(smooth);
  return ew.add(ew.mul(nll, 1 - eps), ew.mul(smoothReduced, eps / c));
}

function checkSameShape(input: Tensor, target: Tensor, op: string): void {
  if (input.rank !== target.rank || input.shape.some((d, i) => d !== target.shape[i]))
    throw new Error(`${op}: input ${formatShape(input.shape)} and target ${formatShape(target.shape)} must have the same shape`);
}

/**
 * Binary cross-entropy on logits, computed stably: (1 − y)·x + (1 + (p − 1)·y)·(log(1 + e^−|x|) + max(−x, 0)),
 * with optional element weights and a positive-class weight p (broadcast over the last axis).
 */
export function binaryCrossEntropyWithLogits(
  logits: Tensor, target: Tensor, opts: { weight?: Tensor | null; posWeight?: Tensor | null; reduction?: Reduction } = {},
): Tensor {
  checkSameShape(logits, target, 'binaryCrossEntropyWithLogits');
  const y = target.cast('float32');
  const softplusNeg = ew.add(ew.log(ew.add(ew.exp(ew.neg(ew.abs(logits))), 1)), ew.maximum(ew.neg(logits), 0));
  const logWeight = opts.posWeight ? ew.add(ew.mul(ew.sub(opts.posWeight, 1), y), 1) : null;
  let loss = ew.add(ew.mul(ew.sub(1, y), logits), logWeight ? ew.mul(logWeight, softplusNeg) : softplusNeg);
  if (opts.weight) loss = ew.mul(loss, opts.weight);
  return reduce(loss, opts.reduction ?? 'mean');
}

/** Binary cross-entropy on probabilities in [0, 1]; logs are clamped at −100 like PyTorch. */
export function binaryCrossEntropy(probs: Tensor, target: Tensor, opts: { weight?: Tensor | null; reduction?: Reduction } = {}): Tensor {
  checkSameShape(probs, target, 'binaryCrossEntropy');
  const y = target.cast('float32');
  const logP = ew.clamp(ew.log(probs), -100);
  const log1mP = ew.clamp(ew.log(ew.sub(1, probs)), -100);
  let loss = ew.neg(ew.add(ew.mul(y, logP), ew.mul(ew.sub(1, y), log1mP)));
  if (opts.weight) loss = ew.mul(loss, opts.weight);
  return reduce(loss, opts.reduction ?? 'mean');
}

export function mseLoss(input: Tensor, target: Tensor, opts: { reduction?: Reduction } = {}): Tensor {
  checkSameShape(input, target, 'mseLoss');
  const d = ew.sub(input, target);
  return reduce(ew.mul(d, d), opts.reduction ?? 'mean');
}

export function l1Loss(input: Tensor, target: Tensor, opts: { reduction?: Reduction } = {}): Tensor {
  checkSameShape(input, target, 'l1Loss');
  return reduce(ew.abs(ew.sub(input, target)), opts.reduction ?? 'mean');
}

/** 0.5·d²/β where |d| < β, else |d| − 0.5·β (β = 1 by default; β = 0 is L1). */
export function smoothL1Loss(input: Tensor, target: Tensor, opts: { beta?: number; reduction?: Reduction } = {}): Tensor {
  checkSameShape(input, target, 'smoothL1Loss');
  const beta = opts.beta ?? 1;
  if (beta < 0) throw new Error(`smoothL1Loss: beta must be ≥ 0, got ${beta}`);
  const d = ew.abs(ew.sub(input, target));
  if (beta === 0) return reduce(d, opts.reduction ?? 'mean');
  const loss = ew.where(ew.lt(d, beta), ew.div(ew.mul(ew.mul(d, d), 0.5), beta), ew.sub(d, 0.5 * beta));
  return reduce(loss, opts.reduction ?? 'mean');
}
