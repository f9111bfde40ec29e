import type { Tensor } from '../tensor/tensor.js';
import type { AdamHyperParams, AdamOptions } from './adam.js';
import { Adam, AdamW } from './adam.js';
import type { Optimizer, ParamsInput } from './optimizer.js';
import type { RMSpropHyperParams, RMSpropOptions } from './rmsprop.js';
import { RMSprop } from './rmsprop.js';
import type { SGDHyperParams, SGDOptions } from './sgd.js';
import { SGD } from './sgd.js';

/** Names accepted by {@link createOptimizer}. */
export const OPTIMIZER_NAMES = ['sgd', 'adam', 'adamw', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

function isOptimizerName(name: string): name is OptimizerName {
  return (OPTIMIZER_NAMES as readonly string[]).includes(name);
}

/**
 * Builds an optimiser by name (case-insensitive), e.g. from a config file or the command line. Options are
 * those of the class (`SGD` needs `lr`); unknown names and unknown options throw errors listing the valid ones.
 */
export function createOptimizer(name: 'sgd', params: ParamsInput<SGDHyperParams>, opts: SGDOptions): SGD;
export function createOptimizer(name: 'adam' | 'adamw', params: ParamsInput<AdamHyperParams>, opts?: AdamOptions): Adam | AdamW;
export function createOptimizer(name: 'rmsprop', params: ParamsInput<RMSpropHyperParams>, opts?: RMSpropOptions): RMSprop;
export function createOptimizer(name: string, params: readonly Tensor[], opts?: Record<string, unknown>): Optimizer;
export function createOptimizer(name: string, params: readonly Tensor[] | readonly { params: readonly Tensor[] }[], opts: object = {}): Optimizer {
  const key = String(name).trim().toLowerCase();
  if (!isOptimizerName(key)) throw new Error(`createOptimizer: unknown optimizer ${JSON.stringify(name)}; valid names are ${OPTIMIZER_NAMES.join(', ')}`);
  switch (key) {
    case 'sgd':
      return new SGD(params, opts);
    case 'adam':
      return new Adam(params, opts);
    case 'adamw':
      return new AdamW(params, opts);
    case 'rmsprop':
      return new RMSprop(params, opts);
  }
}
