import { readPng } from '../io/png.js';
import { loadCheckpoint } from '../models/checkpoint.js';
import { noGrad } from '../tensor/autograd/node.js';
import { softmax } from '../tensor/ops/activation.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Module } from '../nn/module.js';
import { UsageError } from './args.js';

/** uint8 [H, W, C] → float32 [1, C', H, W] in [0, 1], converting RGB(A) to gray when the model wants 1 channel. */
export function toModelInput(img: Tensor, channels: number, path: string): Tensor {
  const [, , c] = img.shape as [number, number, number];
  let x = img.cast('float32').div(255).permute(2, 0, 1).unsqueeze(0); // [1, C, H, W]
  if (channels === 1 && c === 2) x = x.slice([0, 0], [1, 1]); // gray + alpha: the gray
  else if (channels === 1 && c >= 3) {
    // ITU-R 601 luma, as PIL's convert('L').
    const r = x.slice([0, 0], [1, 1]);
    const g = x.slice([0, 1], [1, 2]);
    const b = x.slice([0, 2], [1, 3]);
    x = r.mul(0.299).add(g.mul(0.587)).add(b.mul(0.114)); // [1, 1, H, W]
  } else if (channels !== c && !(channels === 3 && c === 4)) throw new UsageError(`${path}: has ${c} channels, the model expects ${channels}`);
  if (channels === 3 && c === 4) x = x.slice([0, 0], [1, 3]);
  return x;
}

/** A checkpoint's model (in eval mode) and class names, an image as its input, and the class probabilities. */
export interface ClassifiedImage {
  model: Module;
  classes: string[];
  /** the image as read: uint8 [H, W, C] */
  image: Tensor;
  /** the model's input, float32 [1, C, H, W]: pixels / 255, standardised as the checkpoint's `preprocessing` says */
  x: Tensor;
  /** softmax over the classes */
  probs: Float32Array;
}

/** Loads `checkpoint`, reads the PNG `imagePath` (checked against the model's input size) and classifies it. */
export async function classifyImage(checkpoint: string, imagePath: string): Promise<ClassifiedImage> {
  const ck = await loadCheckpoint(checkpoint).catch((e: Error) => {
    throw new UsageError(`--checkpoint: ${e.message}`);
  });
  const img = readPng(imagePath);
  const [c, h, w] = ck.config.inputShape as [number, number, number];
  const [ih, iw] = img.shape as [number, number];
  if (ih !== h || iw !== w) throw new UsageError(`${imagePath}: image is ${iw}×${ih} pixels, the model expects ${w}×${h}`);
  const unit = toModelInput(img, c, imagePath);
  const pre = ck.config.preprocessing;
  const x = pre ? unit.sub(pre.mean).div(pre.std) : unit;
  ck.model.eval();
  const probs = Float32Array.from(noGrad(() => softmax(ck.model.call(x), 1)).dataView());
  const classes = Array.from(probs, (_, i) => ck.config.classes?.[i] ?? String(i));
  return { model: ck.model, classes, image: img, x, probs };
}

/** One class with its probability. */
export interface RankedClass {
  label: string;
  index: number;
  probability: number;
}

/** The `k` most probable classes, most probable first. */
export function topClasses(probs: Float32Array, classes: readonly string[], k: number): RankedClass[] {
  return Array.from(probs, (p, i) => ({ label: classes[i] ?? String(i), index: i, probability: p }))
    .sort((p, q) => q.probability - p.probability)
    .slice(0, k);
}

/** "Ankle boot  0.9808" lines, labels padded to one width, each after `indent`. */
export function formatTopClasses(ranked: readonly RankedClass[], indent = ''): string[] {
  const width = Math.max(...ranked.map((r) => r.label.length));
  return ranked.map((r) => `${indent}${r.label.padEnd(width)}  ${r.probability.toFixed(4)}`);
}

/** `striate predict --checkpoint DIR IMAGE`: the top-k classes with their probabilities. */
export async function predictCommand(a: { checkpoint: string; image: string; top: number; json: boolean }, log: (s: string) => void): Promise<Record<string, unknown>> {
  const { classes, probs } = await classifyImage(a.checkpoint, a.image);
  const ranked = topClasses(probs, classes, a.top);
  if (!a.json) for (const line of formatTopClasses(ranked)) log(line);
  return { image: a.image, top: ranked };
}
