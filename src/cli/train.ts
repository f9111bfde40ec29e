import { join } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { manualSeed, defaultGenerator } from '../tensor/random.js';
import { FashionMNIST } from '../data/mnist.js';
import { DataLoader } from '../data/dataloader.js';
import { subset } from '../data/subset.js';
import { channelPixelStats } from '../data/pixel-stats.js';
import { crossEntropy } from '../nn/losses.js';
import { buildModel, modelConfig } from '../models/registry.js';
import type { ModelConfig } from '../models/registry.js';
import { classLabels } from '../models/config.js';
import { inputTransform } from '../models/inference.js';
import { SupervisedTask } from '../train/supervised.js';
import { createOptimizer } from '../optim/index.js';
import type { OptimizerName } from '../optim/index.js';
import { fitLoop, NonFiniteLossError } from '../train/fit.js';
import type { TrainerState } from '../train/fit.js';
import { evaluateBatches } from '../train/evaluate.js';
import { ModelCheckpoint, BatchLearningRateScheduler } from '../train/callbacks.js';
import type { Callback } from '../train/callbacks.js';
import { cosineDecay } from '../optim/cosine-decay.js';
import { saveCheckpoint } from '../train/checkpoint.js';
import { loadCheckpoint } from '../models/checkpoint.js';
import { defaultProgress, SilentProgress } from '../train/progress.js';
import { UsageError } from './args.js';
import { writeTrainingReport } from '../report/training-report.js';

export interface TrainArgs {
  model: string;
  data?: string;
  epochs: number;
  batchSize: number;
  lr: number;
  optimizer: string;
  /** Learning-rate schedule: 'cosine' (per step, from `lr` to 0 over the run) or 'constant'. */
  schedule: string;
  /** Standardise the input with the training pixels' mean and std (false: pixels / 255 only). */
  normalize: boolean;
  seed: number;
  out: string;
  resume: boolean;
  json: boolean;
  checkpointEvery?: number;
  trainLimit?: number;
  testLimit?: number;
  quiet: boolean;
  /** Description of the backend in use (set by the CLI after selecting it). */
  backend: string;
}

const firstN = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

const OPTIMIZERS = ['adam', 'adamw', 'sgd', 'rmsprop'] as const;
const SCHEDULES = ['cosine', 'constant'] as const;

/** The callback that applies `--schedule` over `totalSteps` optimiser steps (none for 'constant'). */
function scheduleCallbacks(schedule: string, lr: number, totalSteps: number): Callback[] {
  return schedule === 'cosine' ? [new BatchLearningRateScheduler(cosineDecay(lr, totalSteps))] : [];
}

function loadData(dir: string | undefined): { train: FashionMNIST; test: FashionMNIST; description: string } {
  if (dir === undefined || dir === 'shipped') {
    const train = FashionMNIST.shipped({ train: true });
    return { train, test: FashionMNIST.shipped({ train: false }), description: `the shipped Fashion-MNIST subset (${train.source})` };
  }
  if (!existsSync(dir)) throw new UsageError(`--data: directory '${dir}' does not exist`);
  const train = new FashionMNIST({ root: dir, train: true });
  return { train, test: new FashionMNIST({ root: dir, train: false }), description: `Fashion-MNIST from ${train.source}` };
}

/**
 * `striate train`: trains a registered model (default: the lecture CNN) on Fashion-MNIST, checkpointing
 * every epoch into OUT/checkpoint, and reports the test accuracy.
 */
export async function trainCommand(a: TrainArgs, log: (s: string) => void): Promise<Record<string, unknown>> {
  if (!(OPTIMIZERS as readonly string[]).includes(a.optimizer))
    throw new UsageError(`--optimizer must be one of ${OPTIMIZERS.join(', ')}, got '${a.optimizer}'`);
  if (!(SCHEDULES as readonly string[]).includes(a.schedule))
    throw new UsageError(`--schedule must be one of ${SCHEDULES.join(', ')}, got '${a.schedule}'`);
  const ckptDir = join(a.out, 'checkpoint');
  manualSeed(a.seed);
  const data = loadData(a.data);
  const { description } = data;
  const train = a.trainLimit ? subset(data.train, firstN(Math.min(a.trainLimit, data.train.length))) : data.train;
  const test = a.testLimit ? subset(data.test, firstN(Math.min(a.testLimit, data.test.length))) : data.test;
  const pixelsPerImage = data.train.imageShape.reduce((p, d) => p * d, 1);
  let config: ModelConfig = modelConfig(a.model, {
    labels: [...data.train.classes],
    ...(a.normalize ? { preprocessing: channelPixelStats(data.train.images.subarray(0, train.length * pixelsPerImage), data.train.imageShape) } : {}),
  });
  let resumeState: TrainerState | null = null;
  let model = buildModel(config);
  const resumed = a.resume ? await loadCheckpoint(ckptDir).catch((e: Error) => {
    throw new UsageError(`--resume: cannot load ${ckptDir}: ${e.message}`);
  }) : null;
  if (resumed) {
    config = resumed.config;
    model = resumed.model;
    resumeState = resumed.trainer;
    if (!resumeState) throw new UsageError(`--resume: ${ckptDir} has no trainer state`);
  }
  const optimizer = createOptimizer(a.optimizer as OptimizerName, model.parameters(), { lr: a.lr });
  if (resumed?.optimizerState) optimizer.loadStateDict(resumed.optimizerState);
  if (resumeState) defaultGenerator.setState(resumeState.rngNow);
  const transform = inputTransform(config);
  const loader = new DataLoader(train, { batchSize: a.batchSize, shuffle: true, transform });
  const testLoader = new DataLoader(test, { batchSize: 500, transform });
  const pre = config.preprocessing;
  const recipe = `${a.optimizer} lr ${a.lr}${a.schedule === 'cosine' ? ' with cosine decay to 0' : ''}, ${pre ? `inputs (p/255 − ${pre.mean.join(', ')}) / ${pre.std.join(', ')}` : 'inputs p/255'}`;
  if (!a.json) {
    log(`Training ${config.architecture} (${model.numParameters().toLocaleString('en-US')} parameters) on ${description}`);
    log(`${train.length} training images, ${test.length} test images; ${a.epochs} epochs, batch ${a.batchSize}, ${recipe}, seed ${a.seed}; backend ${a.backend}`);
    if (resumeState) log(`Resuming from ${ckptDir} at epoch ${resumeState.epoch + 1}, batch ${resumeState.batch}`);
  }
  mkdirSync(a.out, { recursive: true });
  const training = { ...a, data: a.data ?? 'shipped' };
  const lossFn = crossEntropy;
  const task = new SupervisedTask({ model, loss: (o, t) => lossFn(o, t), accuracy: true });
  let history;
  try {
    history = await fitLoop({
      task, optimizer, train: loader, validation: testLoader, epochs: a.epochs,
      progress: a.quiet ? new SilentProgress() : defaultProgress(1),
      resume: resumeState,
      callbacks: [...scheduleCallbacks(a.schedule, a.lr, a.epochs * loader.length), new ModelCheckpoint(ckptDir)],
      saveCheckpoint: (dir, state, logs) => saveCheckpoint(dir, { model, config: { ...config, training }, optimizer, trainer: state, metrics: logs }),
      checkpointEvery: a.checkpointEvery ? { dir: ckptDir, steps: a.checkpointEvery } : null,
    });
  } catch (e) {
    if (e instanceof NonFiniteLossError) throw new UsageError(`${e.message} (${ckptDir})`);
    throw e;
  }
  const h = history.history;
  // The test set is the validation set: the last epoch's validation already evaluated the final weights.
  const validatedLast = h['val_accuracy']?.length === a.epochs && h['val_loss']?.length === a.epochs;
  const lastLoss = h['val_loss']?.at(-1);
  const lastAccuracy = h['val_accuracy']?.at(-1);
  const testResult = validatedLast && lastLoss !== undefined && lastAccuracy !== undefined
    ? { loss: lastLoss, accuracy: lastAccuracy }
    : evaluateBatches(model, testLoader, (o, t) => lossFn(o, t));
  const ips = h['images_per_second'] ?? [];
  const result = {
    model: config.architecture,
    data: training.data,
    epochs: a.epochs,
    test_accuracy: testResult.accuracy,
    test_loss: testResult.loss,
    train_loss: h['loss']?.at(-1) ?? null,
    train_accuracy: h['accuracy']?.at(-1) ?? null,
    train_images_per_second: ips.length ? ips.reduce((s, v) => s + v, 0) / ips.length : null,
    epoch_seconds: h['epoch_seconds'] ?? [],
    history: { loss: h['loss'] ?? [], accuracy: h['accuracy'] ?? [], val_loss: h['val_loss'] ?? [], val_accuracy: h['val_accuracy'] ?? [] },
    checkpoint: ckptDir,
    backend: a.backend,
    schedule: a.schedule,
    preprocessing: pre ?? null,
  };
  const report = await writeTrainingReport({
    outDir: a.out, model, classes: config.labels ?? classLabels(config), history: result.history, test: testLoader, preprocessing: pre,
    summary: [['model', config.architecture], ['data', `${description}: ${train.length} training, ${test.length} test images`],
      ['training', `${a.epochs} epoch${a.epochs === 1 ? '' : 's'}, batch ${a.batchSize}, ${recipe}, seed ${a.seed}, backend ${a.backend}`],
      ['test accuracy', `${(100 * testResult.accuracy).toFixed(2)}% (loss ${testResult.loss.toFixed(4)})`], ['checkpoint', ckptDir]],
  });
  for (const w of report.warnings) log(w);
  if (!a.json) log(`Test accuracy: ${(100 * testResult.accuracy).toFixed(2)}% (loss ${testResult.loss.toFixed(4)}) — checkpoint in ${ckptDir}`);
  return result;
}
