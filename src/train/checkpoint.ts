import type { Tensor } from '../tensor/tensor.js';
import { fromTypedArray } from '../tensor/tensor.js';
import type { DType } from '../engine/dtype.js';
import type { AnyModule } from '../nn/module.js';
import { encodeSafetensors, decodeSafetensors, writeCheckpointDir, readCheckpointDir } from '../io/index.js';
import type { NamedArray } from '../io/index.js';
import type { OptimizerStateDict } from '../optim/optimizer.js';
import type { TrainerState } from './state.js';

/**
 * A checkpoint directory holds: `model.safetensors` (weights by PyTorch-style dotted names, readable by
 * PyTorch tooling), `config.json` (architecture, classes, preprocessing, training arguments),
 * `optimizer.safetensors` + `optimizer.json` (optimiser buffers and hyperparameters) and `trainer.json`
 * (epoch, step, generator state, history), all replaced together atomically.
 */
export interface CheckpointContents<C extends object = object> {
  model: AnyModule;
  /** The model's configuration as JSON (models/registry.ts `ModelConfig` for registered architectures). */
  config: C;
  optimizer?: { stateDict(): OptimizerStateDict } | null;
  trainer?: TrainerState | null;
  metrics?: Record<string, number>;
}

const SAFETENSORS_DTYPE: Record<DType, NamedArray['dtype']> = { float32: 'F32', float64: 'F64', int32: 'I32', uint8: 'U8', bool: 'BOOL' };

function toNamed(tensors: Record<string, Tensor>): Record<string, NamedArray> {
  const out: Record<string, NamedArray> = {};
  for (const [k, t] of Object.entries(tensors)) out[k] = { dtype: SAFETENSORS_DTYPE[t.dtype], shape: [...t.shape], data: t.dataSync() };
  return out;
}

function fromNamed(arrays: Record<string, NamedArray>, source: string): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [k, a] of Object.entries(arrays)) {
    const d = a.data;
    if (d instanceof Float32Array) out[k] = fromTypedArray(d, a.shape, 'float32');
    else if (d instanceof Int32Array) out[k] = fromTypedArray(d, a.shape, 'int32');
    else if (d instanceof Uint8Array) out[k] = fromTypedArray(d, a.shape, a.dtype === 'BOOL' ? 'bool' : 'uint8');
    else if (d instanceof Float64Array) out[k] = fromTypedArray(Float32Array.from(d), a.shape, 'float32');
    else throw new Error(`${source}: tensor '${k}' has dtype ${a.dtype}, which Striate cannot load`);
  }
  return out;
}

/** Encodes model weights as safetensors bytes (metadata format 'pt', as PyTorch tooling expects). */
export function encodeStateDict(state: Record<string, Tensor>): Uint8Array {
  return encodeSafetensors(toNamed(state), { format: 'pt' });
}

export function decodeStateDict(bytes: Uint8Array, source: string): Record<string, Tensor> {
  return fromNamed(decodeSafetensors(bytes, source).tensors, source);
}

/** Writes a complete checkpoint into `dir`, replacing any previous one atomically. */
export async function saveCheckpoint<C extends object>(dir: string, c: CheckpointContents<C>): Promise<void> {
  const files: Record<string, Uint8Array | string> = {
    'model.safetensors': encodeStateDict(c.model.stateDict()),
    'config.json': JSON.stringify(c.config, null, 2),
  };
  if (c.optimizer) {
    const sd = c.optimizer.stateDict();
    files['optimizer.safetensors'] = encodeSafetensors(toNamed(sd.tensors));
    files['optimizer.json'] = JSON.stringify(sd.config, null, 2);
  }
  if (c.trainer) files['trainer.json'] = JSON.stringify(c.trainer);
  if (c.metrics) files['metrics.json'] = JSON.stringify(c.metrics, null, 2);
  await writeCheckpointDir(dir, files);
}

/** A checkpoint's files decoded: the config as parsed JSON, the weights, optimiser and trainer state. */
export interface CheckpointRecord {
  path: string;
  /** config.json as parsed (unchecked: the reader that rebuilds the model validates it). */
  config: unknown;
  weights: Record<string, Tensor>;
  optimizerState: OptimizerStateDict | null;
  trainer: TrainerState | null;
  metrics: Record<string, number> | null;
}

function parseJson<T>(bytes: Uint8Array | undefined, name: string): T | null {
  if (!bytes) return null;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch (e) {
    throw new Error(`${name}: invalid JSON (${(e as Error).message})`);
  }
}

/** Reads and decodes a checkpoint written by `saveCheckpoint` (models/checkpoint.ts rebuilds the model from it). */
export async function readCheckpoint(dir: string): Promise<CheckpointRecord> {
  const ck = await readCheckpointDir(dir);
  const config = parseJson<unknown>(ck.files['config.json'], `${dir}/config.json`);
  const weights = ck.files['model.safetensors'];
  if (config === null || !weights) throw new Error(`${dir}: not a Striate checkpoint (config.json or model.safetensors missing)`);
  const optConfig = parseJson<OptimizerStateDict['config']>(ck.files['optimizer.json'], `${dir}/optimizer.json`);
  const optTensors = ck.files['optimizer.safetensors'];
  const optimizerState =
    optConfig && optTensors ? { config: optConfig, tensors: fromNamed(decodeSafetensors(optTensors, `${dir}/optimizer.safetensors`).tensors, dir) } : null;
  return {
    path: ck.path, config, weights: decodeStateDict(weights, `${dir}/model.safetensors`), optimizerState,
    trainer: parseJson<TrainerState>(ck.files['trainer.json'], `${dir}/trainer.json`),
    metrics: parseJson<Record<string, number>>(ck.files['metrics.json'], `${dir}/metrics.json`),
  };
}
