import { readPng } from '../io/png.js';
import { loadCheckpoint } from '../models/checkpoint.js';
import { predictImage, preprocessImage } from '../models/inference.js';
import type { RankedClass } from '../models/inference.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Module } from '../nn/module.js';
import { UsageError } from './args.js';

export { topClasses } from '../models/inference.js';
export type { RankedClass } from '../models/inference.js';

/**
 * uint8 [H, W, C] → float32 [1, C', H, W] in [0, 1], converting RGB(A) to gray when the model wants 1 channel
 * (`preprocessImage` without standardisation; errors name `path`).
 */
export function toModelInput(img: Tensor, channels: number, path: string): Tensor {
  const [h, w] = img.shape as [number, number];
  return usage(() => preprocessImage(img, { inputShape: [channels, h, w] }, path));
}

/** Runs `fn`, turning its error into a one-line usage error (bad image, wrong size, wrong channels). */
function usage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

/** A checkpoint's model and class names, an image as its input, and the class probabilities. */
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

/** Loads `checkpoint`, reads the PNG `imagePath` and classifies it (`predictImage` with the checkpoint's config). */
export async function classifyImage(checkpoint: string, imagePath: string): Promise<ClassifiedImage> {
  const ck = await loadCheckpoint(checkpoint).catch((e: Error) => {
    throw new UsageError(`--checkpoint: ${e.message}`);
  });
  const image = readPng(imagePath);
  const p = usage(() => predictImage(ck.model, ck.config, image, { source: imagePath }));
  return { model: ck.model, classes: p.labels, image, x: p.input, probs: p.probabilities };
}

/** "Ankle boot  0.9808" lines, labels padded to one width, each after `indent`. */
export function formatTopClasses(ranked: readonly RankedClass[], indent = ''): string[] {
  const width = Math.max(...ranked.map((r) => r.label.length));
  return ranked.map((r) => `${indent}${r.label.padEnd(width)}  ${r.probability.toFixed(4)}`);
}

/** `striate predict --checkpoint DIR IMAGE`: the top-k classes with their probabilities. */
export async function predictCommand(a: { checkpoint: string; image: string; top: number; json: boolean }, log: (s: string) => void): Promise<Record<string, unknown>> {
  const ck = await loadCheckpoint(a.checkpoint).catch((e: Error) => {
    throw new UsageError(`--checkpoint: ${e.message}`);
  });
  const image = readPng(a.image);
  const { top } = usage(() => predictImage(ck.model, ck.config, image, { topK: a.top, source: a.image }));
  if (!a.json) for (const line of formatTopClasses(top)) log(line);
  return { image: a.image, top };
}
