/**
 * Loading a training checkpoint back into a model: the checkpoint's config names a registered
 * architecture (registry.ts), which is rebuilt and given the saved weights. Writing and decoding the
 * files is train/checkpoint.ts.
 */
import type { Module } from '../nn/module.js';
import type { OptimizerStateDict } from '../optim/optimizer.js';
import type { TrainerState } from '../train/fit.js';
import { readCheckpoint } from '../train/checkpoint.js';
import type { ModelConfig } from './registry.js';
import { buildModel } from './registry.js';

export interface LoadedTrainingCheckpoint {
  path: string;
  config: ModelConfig & { training?: Record<string, unknown> };
  model: Module;
  optimizerState: OptimizerStateDict | null;
  trainer: TrainerState | null;
  metrics: Record<string, number> | null;
}

/** Reads a checkpoint written by `saveCheckpoint`, rebuilds the model and loads its weights. */
export async function loadCheckpoint(dir: string): Promise<LoadedTrainingCheckpoint> {
  const ck = await readCheckpoint(dir);
  const config = checkedConfig(ck.config, `${dir}/config.json`);
  const model = buildModel(config);
  model.loadStateDict(ck.weights);
  return { path: ck.path, config, model, optimizerState: ck.optimizerState, trainer: ck.trainer, metrics: ck.metrics };
}

/** config.json checked for the fields a model is rebuilt from (the rest is carried as written). */
function checkedConfig(value: unknown, source: string): LoadedTrainingCheckpoint['config'] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${source}: expected a JSON object`);
  const architecture: unknown = Reflect.get(value, 'architecture');
  const inputShape: unknown = Reflect.get(value, 'inputShape');
  const numClasses: unknown = Reflect.get(value, 'numClasses');
  if (typeof architecture !== 'string') throw new Error(`${source}: 'architecture' must be a string, got ${JSON.stringify(architecture)}`);
  if (!Array.isArray(inputShape) || !inputShape.every((d) => Number.isInteger(d) && d > 0))
    throw new Error(`${source}: 'inputShape' must be an array of positive integers, got ${JSON.stringify(inputShape)}`);
  if (!Number.isInteger(numClasses)) throw new Error(`${source}: 'numClasses' must be an integer, got ${JSON.stringify(numClasses)}`);
  return { ...value, architecture, inputShape, numClasses: Number(numClasses) };
}
