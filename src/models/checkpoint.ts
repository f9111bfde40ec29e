/**
 * Loading a training checkpoint back into a model: the checkpoint's config names a registered
 * architecture (registry.ts), which is rebuilt and given the saved weights. Writing and decoding the
 * files is train/checkpoint.ts; config.json is validated (and old formats upgraded) by config.ts.
 */
import type { Module } from '../nn/module.js';
import type { OptimizerStateDict } from '../optim/optimizer.js';
import type { TrainerState } from '../train/state.js';
import { readCheckpoint } from '../train/checkpoint.js';
import type { StoredModelConfig } from './config.js';
import { parseModelConfig } from './config.js';
import { buildModel } from './registry.js';

export interface LoadedTrainingCheckpoint {
  path: string;
  /** config.json, validated and in the current format (labels, per-channel preprocessing, task). */
  config: StoredModelConfig;
  model: Module;
  optimizerState: OptimizerStateDict | null;
  trainer: TrainerState | null;
  metrics: Record<string, number> | null;
}

/** Reads a checkpoint written by `saveCheckpoint`, rebuilds the model and loads its weights. */
export async function loadCheckpoint(dir: string): Promise<LoadedTrainingCheckpoint> {
  const ck = await readCheckpoint(dir);
  const config = parseModelConfig(ck.config, `${dir}/config.json`);
  const model = buildModel(config);
  model.loadStateDict(ck.weights);
  return { path: ck.path, config, model, optimizerState: ck.optimizerState, trainer: ck.trainer, metrics: ck.metrics };
}
