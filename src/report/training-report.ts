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
import { axisLength } from '../engine/shape.js';
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

/** One test example: its softmax probabilities (one per class), its label, and where its input is. */
interface TestExample {
  probs: Float32Array;
  label: number;
  batch: Tensor;
  row: number;
}

function predictAll(model: Module, test: Iterable<Batch>, numClasses: number): TestExample[] {
  const examples: TestExample[] = [];
  for (const { x, y } of test) {
    const p = classProbabilities(model, x);
    if (p.shape[1] !== numClasses)
      throw new Error(`report: the model returned [${p.shape.join(', ')}], expected [${x.shape[0]}, ${numClasses}] (one score per class)`);
    const probs = Float32Array.from(p.dataView());
    Int32Array.from(y.dataView()).forEach((label, row) => {
      examples.push({ probs: probs.subarray(row * numClasses, (row + 1) * numClasses), label, batch: x, row });
    });
  }
  return examples;
}

/** A test example as model input [1, C, H, W]. */
function inputOf(ex: TestExample): Tensor {
  return ex.batch.slice([ex.row], [ex.row + 1]);
}

/** Model input [1, C, H, W] → displayable uint8 [H, W, C], undoing the preprocessing, and its height. */
function displayImage(x: Tensor, pre: Preprocessing | null): { image: Tensor; height: number } {
  const image = toUint8Image(restorePixels(x, pre), { range: [0, 1] });
  return { image, height: axisLength(image.shape, 0, 'report: display image') };
}

/** The most probable class and its probability (the first one on ties, as argmax). */
function argmaxRow(probs: Float32Array): { k: number; p: number } {
  let k = 0;
  let p = NaN;
  probs.forEach((v, j) => {
    if (j === 0 || v > p) {
      k = j;
      p = v;
    }
  });
  return { k, p };
}

/** A class's name; a label outside the class list shows as its index. */
function className(classes: readonly string[], k: number): string {
  return escapeHtml(classes[k] ?? `class ${k}`);
}

/** A probability with three decimals ('n/a' for a class the model has no score for). */
function formatProb(p: number | undefined): string {
  return p === undefined ? 'n/a' : p.toFixed(3);
}

function confusedSection(examples: readonly TestExample[], classes: readonly string[], limit: number, pre: Preprocessing | null): string {
  const wrong = examples.flatMap((ex, i) => {
    const { k, p } = argmaxRow(ex.probs);
    return k === ex.label ? [] : [{ ex, i, k, p }];
  });
  wrong.sort((a, b) => b.p - a.p);
  if (wrong.length === 0) return '<p>Every test image was classified correctly.</p>';
  const cards = wrong.slice(0, limit).map(({ ex, i, k, p }) => {
    const { image, height } = displayImage(inputOf(ex), pre);
    const top = Array.from(ex.probs, (q, j) => ({ j, q })).sort((a, b) => b.q - a.q).slice(0, 3);
    const list = top.map(({ j, q }) => `<li>${className(classes, j)} ${q.toFixed(3)}</li>`).join('');
    return `<div class="card">${imgTag(upscaleImage(image, displayScale(height, 112)), `test image ${i}`)}
<div>#${i}: <span class="wrong">${className(classes, k)} ${p.toFixed(3)}</span></div>
<div class="truth">true: ${className(classes, ex.label)} ${formatProb(ex.probs[ex.label])}</div><ol>${list}</ol></div>`;
  });
  return `<p class="note">${wrong.length} of ${examples.length} test images are misclassified; the ${Math.min(limit, wrong.length)} most confident mistakes, with the predicted probabilities.</p>
<div class="cards">${cards.join('\n')}</div>`;
}

/** One test image per class (first occurrences), up to `limit`, with its position in the test set. */
function pickExamples(examples: readonly TestExample[], limit: number): { ex: TestExample; i: number }[] {
  const seen = new Set<number>();
  const out: { ex: TestExample; i: number }[] = [];
  for (const [i, ex] of examples.entries()) {
    if (out.length >= limit) break;
    if (seen.has(ex.label)) continue;
    seen.add(ex.label);
    out.push({ ex, i });
  }
  return out;
}

function explainSection(model: Module, examples: readonly TestExample[], classes: readonly string[], limit: number, pre: Preprocessing | null): string {
  const blocks = pickExamples(examples, limit).map(({ ex, i }) => {
    const x = inputOf(ex);
    const { image, height } = displayImage(x, pre);
    const cam = gradCam(model, x);
    const figures = [
      `<figure>${imgTag(upscaleImage(image, displayScale(height, 112)), `test image ${i}`)}<figcaption>test image #${i}<br>true: ${className(classes, ex.label)}</figcaption></figure>`,
      `<figure>${imgTag(renderGradCam(image, cam.heatmap, 112), `Grad-CAM of test image ${i}`)}<figcaption>Grad-CAM (${escapeHtml(cam.layer)}) for<br>${className(classes, cam.classIndex)} ${formatProb(ex.probs[cam.classIndex])}</figcaption></figure>`,
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
  const examples = predictAll(input.model, input.test, classes.length);
  const count = examples.length;
  const predicted = Int32Array.from(examples, (ex) => argmaxRow(ex.probs).k);
  const labels = Int32Array.from(examples, (ex) => ex.label);
  const counts = confusionMatrix(fromTypedArray(predicted, [count], 'int32'), fromTypedArray(labels, [count], 'int32'), classes.length).tolist() as number[][];
  const curvesSvg = await renderSvg(curvesSpec(input.history));
  const confusionSvg = await renderSvg(confusionSpec(counts, classes));
  const sections: ReportSection[] = [
    { id: 'curves', title: 'Training curves', body: inlineSvg(curvesSvg, 'loss and accuracy per epoch') },
    { id: 'confusion', title: 'Confusion matrix', body: inlineSvg(confusionSvg, 'confusion matrix on the test set') },
    { id: 'confused', title: 'Most confused test images', body: confusedSection(examples, classes, input.confused ?? 12, pre) },
    { id: 'inside', title: 'Inside the model', body: explainSection(input.model, examples, classes, input.explained ?? 3, pre) },
  ];
  const html = reportHtml('Striate training report', input.summary, sections);
  const curvesPng = join(input.outDir, 'curves.png');
  const confusionPng = join(input.outDir, 'confusion.png');
  const reportFile = join(input.outDir, 'report.html');
  await writeFileAtomic(curvesPng, svgToPng(curvesSvg));
  await writeFileAtomic(confusionPng, svgToPng(confusionSvg));
  await writeFileAtomic(reportFile, html);
  const files = [curvesPng, confusionPng, reportFile];
  return { files, warnings };
}
