/**
 * `OUT/report.html` (+ `OUT/curves.png`, `OUT/confusion.png`) after a training run: loss and accuracy
 * curves, the test-set confusion matrix, the most confidently wrong test images, and feature maps with
 * Grad-CAM for a few test images. Every file is written atomically.
 */
import { join } from 'node:path';
import type { Tensor } from '../tensor/tensor.js';
import type { Module } from '../nn/module.js';
import type { Batch } from '../train/fit.js';
import { fromTypedArray } from '../tensor/tensor.js';
import { classProbabilities, restorePixels } from '../models/inference.js';
import type { Preprocessing } from '../models/config.js';
import { confusionMatrix } from '../train/metrics.js';
import { writeFileAtomic } from '../io/atomic.js';
import { toUint8Image } from '../viz/grid.js';
import { featureMaps } from '../viz/features.js';
import { gradCam } from '../viz/gradcam.js';
import { renderFeatureMaps, renderGradCam, upscaleImage, displayScale } from '../viz/render.js';
import { curvesSpec, confusionSpec } from './charts.js';
import { renderSvg } from '../viz/chart.js';
import type { EpochHistory } from './charts.js';
import { svgToPng, chartFonts } from '../viz/svg-png.js';
import { escapeHtml, imgTag, inlineSvg, reportHtml } from './html.js';
import type { ReportSection } from './html.js';

export interface TrainingReportInput {
  /** Folder of the run; report.html, curves.png and confusion.png go there. */
  outDir: string;
  /** The trained model; it returns logits [N, numClasses] for x [N, C, H, W]. */
  model: Module;
  classes: readonly string[];
  history: EpochHistory;
  /** Test batches: x float32 [B, C, H, W] (preprocessed model input), y int [B]. */
  test: Iterable<Batch>;
  /** How pixels became x: x[c] = (p / 255 − mean[c]) / std[c] (absent: x = p / 255), inverted for display. */
  preprocessing?: Preprocessing | null;
  /** Rows of the summary table (model, data, epochs, test accuracy, …). */
  summary: readonly [string, string][];
  /** How many misclassified test images to show (default 12) and how many images to explain (default 3). */
  confused?: number;
  explained?: number;
}

export interface TrainingReportFiles {
  files: string[];
  /** Non-fatal problems (e.g. no font for PNG chart labels). */
  warnings: string[];
}

interface TestPredictions {
  /** Softmax probabilities, row-major [N, numClasses]. */
  probs: Float32Array;
  labels: Int32Array;
  /** The batches' inputs, to fetch single images from. */
  batches: Tensor[];
  count: number;
}

function predictAll(model: Module, test: Iterable<Batch>, numClasses: number): TestPredictions {
  const probs: number[] = [];
  const labels: number[] = [];
  const batches: Tensor[] = [];
  for (const { x, y } of test) {
    const p = classProbabilities(model, x);
    if (p.shape[1] !== numClasses)
      throw new Error(`report: the model returned [${p.shape.join(', ')}], expected [${x.shape[0]}, ${numClasses}] (one score per class)`);
    probs.push(...p.dataView());
    labels.push(...y.dataView());
    batches.push(x);
  }
  return { probs: Float32Array.from(probs), labels: Int32Array.from(labels), batches, count: labels.length };
}

/** Test example `i` as model input [1, C, H, W]. */
function inputAt(pred: TestPredictions, i: number): Tensor {
  let offset = i;
  for (const b of pred.batches) {
    const n = b.shape[0]!;
    if (offset < n) return b.slice([offset], [offset + 1]);
    offset -= n;
  }
  throw new Error(`report: test example ${i} is out of range (${pred.count} examples)`);
}

/** Model input [1, C, H, W] → displayable uint8 [H, W, C], undoing the preprocessing. */
function displayImage(x: Tensor, pre: Preprocessing | null): Tensor {
  return toUint8Image(restorePixels(x, pre), { range: [0, 1] });
}

function argmaxRow(probs: Float32Array, i: number, c: number): number {
  let best = 0;
  for (let k = 1; k < c; k++) if (probs[i * c + k]! > probs[i * c + best]!) best = k;
  return best;
}

function confusedSection(pred: TestPredictions, classes: readonly string[], limit: number, pre: Preprocessing | null): string {
  const c = classes.length;
  const wrong: { i: number; p: number; k: number }[] = [];
  for (let i = 0; i < pred.count; i++) {
    const k = argmaxRow(pred.probs, i, c);
    if (k !== pred.labels[i]) wrong.push({ i, k, p: pred.probs[i * c + k]! });
  }
  wrong.sort((a, b) => b.p - a.p);
  if (wrong.length === 0) return '<p>Every test image was classified correctly.</p>';
  const cards = wrong.slice(0, limit).map(({ i, k, p }) => {
    const truth = pred.labels[i]!;
    const image = displayImage(inputAt(pred, i), pre);
    const top = Array.from({ length: c }, (_, j) => j).sort((a, b) => pred.probs[i * c + b]! - pred.probs[i * c + a]!).slice(0, 3);
    const list = top.map((j) => `<li>${escapeHtml(classes[j]!)} ${pred.probs[i * c + j]!.toFixed(3)}</li>`).join('');
    return `<div class="card">${imgTag(upscaleImage(image, displayScale(image.shape[0]!, 112)), `test image ${i}`)}
<div>#${i}: <span class="wrong">${escapeHtml(classes[k]!)} ${p.toFixed(3)}</span></div>
<div class="truth">true: ${escapeHtml(classes[truth]!)} ${pred.probs[i * c + truth]!.toFixed(3)}</div><ol>${list}</ol></div>`;
  });
  return `<p class="note">${wrong.length} of ${pred.count} test images are misclassified; the ${Math.min(limit, wrong.length)} most confident mistakes, with the predicted probabilities.</p>
<div class="cards">${cards.join('\n')}</div>`;
}

/** One test image per class (first occurrences), up to `limit`. */
function pickExamples(pred: TestPredictions, limit: number): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  for (let i = 0; i < pred.count && out.length < limit; i++) {
    if (seen.has(pred.labels[i]!)) continue;
    seen.add(pred.labels[i]!);
    out.push(i);
  }
  return out;
}

function explainSection(model: Module, pred: TestPredictions, classes: readonly string[], limit: number, pre: Preprocessing | null): string {
  const blocks = pickExamples(pred, limit).map((i) => {
    const x = inputAt(pred, i);
    const image = displayImage(x, pre);
    const cam = gradCam(model, x);
    const c = classes.length;
    const figures = [
      `<figure>${imgTag(upscaleImage(image, displayScale(image.shape[0]!, 112)), `test image ${i}`)}<figcaption>test image #${i}<br>true: ${escapeHtml(classes[pred.labels[i]!]!)}</figcaption></figure>`,
      `<figure>${imgTag(renderGradCam(image, cam.heatmap, 112), `Grad-CAM of test image ${i}`)}<figcaption>Grad-CAM (${escapeHtml(cam.layer)}) for<br>${escapeHtml(classes[cam.classIndex]!)} ${pred.probs[i * c + cam.classIndex]!.toFixed(3)}</figcaption></figure>`,
      ...featureMaps(model, x).map((fm) => `<figure>${imgTag(renderFeatureMaps(fm.tensor, 28), `feature maps of ${fm.name}`)}<figcaption>${escapeHtml(fm.name)}: ${fm.tensor.shape[0]} feature maps, ${fm.tensor.shape[1]}×${fm.tensor.shape[2]}</figcaption></figure>`),
    ];
    return `<div class="explain"><div class="row">${figures.join('\n')}</div></div>`;
  });
  return `<p class="note">Grad-CAM: where the last convolution layer found evidence for the predicted class (red = most). Feature maps: every conv layer's output channels, each scaled to its own range (white = high).</p>\n${blocks.join('\n')}`;
}

/** Builds and writes report.html, curves.png and confusion.png into `input.outDir`. */
export async function writeTrainingReport(input: TrainingReportInput): Promise<TrainingReportFiles> {
  const pre = input.preprocessing ?? null;
  const classes = input.classes;
  const warnings: string[] = [];
  if (chartFonts().length === 0) warnings.push('report: DejaVu Sans not found; labels in curves.png and confusion.png need a system font (report.html is unaffected)');
  const pred = predictAll(input.model, input.test, classes.length);
  const predicted = Int32Array.from({ length: pred.count }, (_, i) => argmaxRow(pred.probs, i, classes.length));
  const counts = confusionMatrix(fromTypedArray(predicted, [pred.count], 'int32'), fromTypedArray(pred.labels, [pred.count], 'int32'), classes.length).tolist() as number[][];
  const curvesSvg = await renderSvg(curvesSpec(input.history));
  const confusionSvg = await renderSvg(confusionSpec(counts, classes));
  const sections: ReportSection[] = [
    { id: 'curves', title: 'Training curves', body: inlineSvg(curvesSvg, 'loss and accuracy per epoch') },
    { id: 'confusion', title: 'Confusion matrix', body: inlineSvg(confusionSvg, 'confusion matrix on the test set') },
    { id: 'confused', title: 'Most confused test images', body: confusedSection(pred, classes, input.confused ?? 12, pre) },
    { id: 'inside', title: 'Inside the model', body: explainSection(input.model, pred, classes, input.explained ?? 3, pre) },
  ];
  const html = reportHtml('Striate training report', input.summary, sections);
  const files = [join(input.outDir, 'curves.png'), join(input.outDir, 'confusion.png'), join(input.outDir, 'report.html')];
  await writeFileAtomic(files[0]!, svgToPng(curvesSvg));
  await writeFileAtomic(files[1]!, svgToPng(confusionSvg));
  await writeFileAtomic(files[2]!, html);
  return { files, warnings };
}
