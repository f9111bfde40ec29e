/**
 * Mean and standard deviation of uint8 pixels scaled to [0, 1], over every pixel of every channel,
 * rounded to 4 decimals: the constants of `normalize(mean, std)` (Keras' `Normalization.adapt`, the
 * `transforms.Normalize` constants torchvision users compute once). Full Fashion-MNIST training set:
 * mean 0.2860, std 0.3530.
 */
import { hasRank } from '../engine/shape.js';

export function pixelStats(pixels: Uint8Array): { mean: number; std: number } {
  if (pixels.length === 0) throw new Error('pixelStats: no pixels (expected at least one image)');
  const counts = new Float64Array(256);
  // A uint8 value always indexes one of the 256 counts.
  for (const p of pixels) counts[p]! += 1;
  const sum = counts.reduce((s, n, v) => s + n * (v / 255), 0);
  const mean = sum / pixels.length;
  const sq = counts.reduce((s, n, v) => s + n * (v / 255 - mean) ** 2, 0);
  if (counts.filter((c) => c > 0).length === 1)
    throw new Error(`pixelStats: every pixel has the value ${pixels[0]} (std 0), so the input cannot be standardised`);
  const std = Math.sqrt(sq / pixels.length);
  return { mean: Number(mean.toFixed(4)), std: Number(std.toFixed(4)) };
}

/**
 * {@link pixelStats} per channel of images stored [N, C, H, W] (`imageShape` = [C, H, W]): the
 * `preprocessing` a model config records, `{ mean: [m₀, …], std: [s₀, …] }`. For one channel it equals
 * `pixelStats` of all the pixels.
 */
export function channelPixelStats(pixels: Uint8Array, imageShape: readonly number[]): { mean: number[]; std: number[] } {
  if (!hasRank(imageShape, 3)) throw new Error(`channelPixelStats: expected imageShape [C, H, W], got [${imageShape.join(', ')}]`);
  const [c, h, w] = imageShape;
  const plane = h * w;
  if (pixels.length % (c * plane) !== 0)
    throw new Error(`channelPixelStats: ${pixels.length} pixels are not a whole number of [${imageShape.join(', ')}] images`);
  if (c === 1) {
    const s = pixelStats(pixels);
    return { mean: [s.mean], std: [s.std] };
  }
  const n = pixels.length / (c * plane);
  const mean: number[] = [];
  const std: number[] = [];
  for (let ch = 0; ch < c; ch++) {
    const values = new Uint8Array(n * plane);
    for (let i = 0; i < n; i++) values.set(pixels.subarray((i * c + ch) * plane, (i * c + ch + 1) * plane), i * plane);
    const s = pixelStats(values);
    mean.push(s.mean);
    std.push(s.std);
  }
  return { mean, std };
}
