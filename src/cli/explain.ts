/**
 * `striate explain --checkpoint DIR IMAGE -o OUTDIR [--class K|NAME]`: pictures of what a trained model
 * does with one image — every conv layer's feature maps, the first layer's filters, a saliency map and
 * Grad-CAM overlays for the predicted class and the requested one — plus the top classes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from '../io/png.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { Tensor } from '../tensor/tensor.js';
import { featureMaps, firstLayerFilters } from '../viz/features.js';
import { saliency } from '../viz/saliency.js';
import { gradCam } from '../viz/gradcam.js';
import { renderFeatureMaps, renderFilters, renderSaliency, renderGradCam } from '../viz/render.js';
import { classifyImage, formatTopClasses, topClasses } from './predict.js';
import { UsageError } from './args.js';

export interface ExplainArgs {
  checkpoint: string;
  image: string;
  out: string;
  /** A class index or a class name (case-insensitive). */
  class?: string;
  /** Grad-CAM layer (default: the last conv layer). */
  layer?: string;
  top: number;
  json: boolean;
}

/** A file-name-safe form of a layer or class name: "Ankle boot" → "ankle-boot", "features.0" → "features.0". */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'unnamed';
}

/** `--class` as an index: an integer in range, or a class name (case-insensitive, spaces or dashes). */
export function resolveClass(value: string, classes: readonly string[]): number {
  const n = Number(value);
  if (value.trim() !== '' && Number.isInteger(n)) {
    if (n < 0 || n >= classes.length) throw new UsageError(`--class: index ${n} is out of range (the model has ${classes.length} classes, 0-${classes.length - 1})`);
    return n;
  }
  const i = classes.findIndex((c) => slug(c) === slug(value));
  if (i < 0) throw new UsageError(`--class: unknown class '${value}' (classes: ${classes.join(', ')})`);
  return i;
}

/** Writes `image` as `dir/name`, adds its path to `written` and returns it. */
async function writePng(dir: string, name: string, image: Tensor, written: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFileAtomic(path, encodePng(image));
  written.push(path);
  return path;
}

export async function explainCommand(a: ExplainArgs, log: (s: string) => void): Promise<Record<string, unknown>> {
  const { model, classes, image, x, probs } = await classifyImage(a.checkpoint, a.image); // x: the model's input [1, C, H, W]
  const label = (i: number): string => classes[i] ?? String(i);
  const requested = a.class === undefined ? undefined : resolveClass(a.class, classes);
  mkdirSync(a.out, { recursive: true });
  const written: string[] = [];
  for (const fm of featureMaps(model, x)) await writePng(a.out, `feature-maps-${slug(fm.name)}.png`, renderFeatureMaps(fm.tensor), written);
  const filters = firstLayerFilters(model);
  await writePng(a.out, `filters-${slug(filters.name)}.png`, renderFilters(filters.weight), written);
  await writePng(a.out, 'saliency.png', renderSaliency(saliency(model, x, requested)), written);
  const predicted = Array.from(probs).indexOf(Math.max(...probs));
  const explained = requested === undefined || requested === predicted ? [predicted] : [predicted, requested];
  const cams: { class: string; index: number; layer: string; file: string }[] = [];
  for (const k of explained) {
    const cam = (() => {
      try {
        return gradCam(model, x, { classIndex: k, layer: a.layer });
      } catch (e) {
        throw new UsageError(`--layer: ${(e as Error).message}`);
      }
    })();
    const file = await writePng(a.out, `gradcam-${slug(label(k))}.png`, renderGradCam(image, cam.heatmap), written);
    cams.push({ class: label(k), index: k, layer: cam.layer, file });
  }
  const top = topClasses(probs, classes, a.top);
  if (!a.json) {
    log(`Wrote ${written.length} files to ${a.out}:`);
    for (const f of written) log(`  ${f}`);
    log('Top classes:');
    for (const line of formatTopClasses(top, '  ')) log(line);
  }
  return { image: a.image, files: written, top, gradcam: cams, saliency_class: label(requested ?? predicted) };
}
