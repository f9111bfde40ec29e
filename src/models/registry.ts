import type { Module } from '../nn/module.js';
import { Sequential as TorchSequential } from '../nn/layers/basic.js';
import { Conv2d } from '../nn/layers/conv.js';
import { LectureCNN } from '../vision/models/classification/lecture-cnn.js';
import type { ModelConfig } from './config.js';
import { axisLength, hasRank } from '../engine/shape.js';

export type { ModelConfig, ModelTask, Preprocessing, StoredModelConfig } from './config.js';

interface Entry {
  description: string;
  build(config: ModelConfig): Module;
  defaults: Omit<ModelConfig, 'architecture'>;
}

/** The [C, H, W] input and class count an image classifier is built from; errors name the architecture and the field. */
function classifierShape(c: ModelConfig): { inputShape: [number, number, number]; numClasses: number } {
  const shape = c.inputShape;
  if (!hasRank(shape, 3)) throw new Error(`${c.architecture}: inputShape must be [C, H, W], got [${shape.join(', ')}]`);
  if (c.numClasses === undefined) throw new Error(`${c.architecture}: numClasses is required, got nothing`);
  const [ch, h, w] = shape;
  return { inputShape: [ch, h, w], numClasses: c.numClasses };
}

const registry: Record<string, Entry> = {
  'lecture-cnn': {
    description: "The lecture's CNN: conv 32@3×3 → relu → pool → conv 64@3×3 → relu → pool → dense 1024 → dense classes",
    build: (c) => new LectureCNN(classifierShape(c)),
    defaults: { task: 'classification', inputShape: [1, 28, 28], numClasses: 10 },
  },
  'lecture-cnn-cifar': {
    description: 'The lecture CNN on 32×32 RGB images (the PyTorch slide: flattens to 64·6·6 = 2,304 features)',
    build: (c) => new LectureCNN(classifierShape(c)),
    defaults: { task: 'classification', inputShape: [3, 32, 32], numClasses: 10 },
  },
  'lecture-conv5x5': {
    description: "The lecture's example layer: ten 5×5 filters, stride 1, padding 2, on a 32×32×3 image (760 parameters)",
    build: (c) => new TorchSequential(new Conv2d(axisLength(c.inputShape, 0, `${c.architecture}: inputShape [C, H, W]`), 10, 5, { stride: 1, padding: 2 })),
    defaults: { task: 'classification', inputShape: [3, 32, 32], numClasses: 10 },
  },
};

export function listArchitectures(): { name: string; description: string }[] {
  return Object.entries(registry).map(([name, e]) => ({ name, description: e.description }));
}

/** The full config of a registered architecture, with `overrides` applied. */
export function modelConfig(architecture: string, overrides: Partial<Omit<ModelConfig, 'architecture'>> = {}): ModelConfig {
  const e = registry[architecture];
  if (!e) throw new Error(`unknown model '${architecture}' (available: ${Object.keys(registry).join(', ')})`);
  return { architecture, ...e.defaults, ...overrides };
}

export function buildModel(config: ModelConfig): Module {
  const e = registry[config.architecture];
  if (!e) throw new Error(`unknown model '${config.architecture}' (available: ${Object.keys(registry).join(', ')})`);
  return e.build(config);
}
