/**
 * `striate xo`: the lecture's X-or-X case study. Prints the two 9×9 images, the three filters and their
 * feature maps, draws them into OUT/xo-features.png, then trains the small X/O CNN on generated letters
 * and reports its accuracy on held-out, more strongly deformed letters (OUT/xo-heldout.png shows some).
 */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  XO_FILTERS, XO_IMAGES, featureMaps, featureMapAt, matchCentres, pixelAgreement, type Matrix,
} from '../vision/xo/case-study.js';
import { formatCentres, matrixLines, sideBySide } from '../vision/xo/format.js';
import { featureFigureSpec } from '../vision/xo/figure-features.js';
import { pickExamples, predictionFigureSpec } from '../vision/xo/figure-predictions.js';
import { saveChartPng } from '../viz/chart.js';
import { HELDOUT_SEED_OFFSET, trainXoClassifier, type XoEpochResult } from '../vision/xo/train.js';
import { UsageError } from './args.js';

export interface XoArgs {
  out: string;
  seed: number;
  json: boolean;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Creates `dir` (and parents); a path that exists but is not a folder is a usage error naming it. */
async function ensureDir(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (info && !info.isDirectory()) throw new UsageError(`-o/--out: '${dir}' exists and is not a folder`);
  await mkdir(dir, { recursive: true });
}

/** The case-study part of the report: images, filters, maps and where each filter matches. */
function caseStudyLines(maps: readonly (readonly Matrix[])[], agreement: { same: number; total: number }): string[] {
  const lines = [
    'X or X: the case study of MIT 6.S191 "Deep Computer Vision"',
    '',
    'The two 9×9 images (-1 background, +1 stroke):',
    ...sideBySide(XO_IMAGES.map((im) => ({ title: im.name, lines: matrixLines(im.pixels, 0) })), 8),
    `Pixel by pixel they agree on only ${agreement.same} of ${agreement.total} pixels: comparing whole images fails.`,
    '',
    'The three 3×3 filters (features of an X):',
    ...sideBySide(XO_FILTERS.map((f) => ({ title: f.name, lines: matrixLines(f.weights, 0) })), 6),
    '',
    'Feature maps: each filter slid over each image (conv2d, no padding → 7×7), Σ(filter ⊙ window) / 9.',
    'Entry (i, j) is the 3×3 window centred on image pixel (i + 1, j + 1); 1.00 marks a perfect match.',
  ];
  XO_FILTERS.forEach((f, k) => {
    lines.push('', ...sideBySide(XO_IMAGES.map((im, i) => ({ title: `${f.name} on ${im.name}`, lines: matrixLines(featureMapAt(maps, i, k), 2) })), 6));
    for (const [i, im] of XO_IMAGES.entries())
      lines.push(`  ${f.name} matches ${im.name} (1.00) at window centres (row, col): ${formatCentres(matchCentres(featureMapAt(maps, i, k)))}`);
  });
  return lines;
}

/** Runs the command; `log` gets the human-readable report, the return value is the --json record. */
export async function xoCommand(a: XoArgs, log: (s: string) => void): Promise<Record<string, unknown>> {
  await ensureDir(a.out);
  const images = XO_IMAGES.map((im) => im.pixels);
  const maps = featureMaps(images, XO_FILTERS);
  const agreement = pixelAgreement(XO_IMAGES[0].pixels, XO_IMAGES[1].pixels);
  for (const line of caseStudyLines(maps, agreement)) log(line);

  const featuresPng = join(a.out, 'xo-features.png');
  await saveChartPng(featureFigureSpec({ images: XO_IMAGES, filters: XO_FILTERS, maps, agreement }), featuresPng);
  log('');
  log(`Figure: ${featuresPng} (top row: notes, clean X, deformed X; then per filter: the filter, its map on`);
  log('each image, perfect matches outlined; -1 blue, +1 red)');

  log('');
  log('Training a small CNN to tell X from O: Conv2d(1→8, 3×3) → ReLU → MaxPool 2 → Conv2d(8→16, 3×3) → ReLU →');
  log(`MaxPool 2 → Linear(400→2), Adam (lr 0.003) + cross-entropy, batch 32, on generated 28×28 letters (seed ${a.seed})`);
  const onEpoch = (e: XoEpochResult): void =>
    log(`epoch ${e.epoch}/${e.epochs}  loss ${e.loss.toFixed(4)}  train accuracy ${pct(e.trainAccuracy)}  (${e.seconds.toFixed(1)} s)`);
  const r = trainXoClassifier({ seed: a.seed, onEpoch });
  const correct = r.predictions.filter((p) => p.predicted === p.label).length;
  const heldoutSeed = a.seed + HELDOUT_SEED_OFFSET;
  log(`${r.parameters.toLocaleString('en-US')} parameters, ${r.trainCount.toLocaleString('en-US')} training letters, ${r.trainSeconds.toFixed(1)} s`);
  log(`Held-out accuracy on ${r.testCount.toLocaleString('en-US')} more strongly deformed letters (seed ${heldoutSeed}): ${pct(r.heldoutAccuracy)} (${correct}/${r.testCount})`);

  const heldoutPng = join(a.out, 'xo-heldout.png');
  const examples = pickExamples(r.predictions);
  await saveChartPng(predictionFigureSpec(r.heldout, examples, r.heldoutAccuracy), heldoutPng);
  log(`Figure: ${heldoutPng} (${examples.length} held-out letters with true → predicted class and probability)`);

  return {
    images: Object.fromEntries(XO_IMAGES.map((im) => [im.name, im.pixels])),
    filters: Object.fromEntries(XO_FILTERS.map((f) => [f.name, f.weights])),
    pixel_agreement: agreement,
    feature_maps: XO_FILTERS.map((f, k) => ({
      filter: f.name,
      maps: Object.fromEntries(XO_IMAGES.map((im, i) => [im.name, featureMapAt(maps, i, k)])),
      matches: Object.fromEntries(XO_IMAGES.map((im, i) => [im.name, matchCentres(featureMapAt(maps, i, k))])),
    })),
    model: { parameters: r.parameters },
    training: { seed: a.seed, images: r.trainCount, seconds: r.trainSeconds, history: r.history },
    heldout: { seed: heldoutSeed, images: r.testCount, correct, accuracy: r.heldoutAccuracy },
    heldout_accuracy: r.heldoutAccuracy,
    files: { features: featuresPng, heldout: heldoutPng },
  };
}
