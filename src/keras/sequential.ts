import type { Tensor } from '../tensor/tensor.js';
import { axisLength, formatShape, hasRank } from '../engine/shape.js';
import { defaultGenerator } from '../tensor/random.js';
import { noGrad } from '../tensor/autograd/node.js';
import { Module } from '../nn/module.js';
import { summarize } from '../nn/summary.js';
import type { SummaryReport } from '../nn/summary.js';
import { permute, concat } from '../tensor/ops/movement.js';
import { indexSelect } from '../tensor/ops/indexing.js';
import { arange, fromTypedArray } from '../tensor/tensor.js';
import { crossEntropy, mseLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits, nllLoss, l1Loss } from '../nn/losses.js';
import { log } from '../tensor/ops/elementwise.js';
import { createOptimizer } from '../optim/index.js';
import type { OptimizerName } from '../optim/index.js';
import type { Callback } from '../train/callbacks.js';
import type { History } from '../train/callbacks.js';
import type { Batch, BatchIterable, OptimizerLike } from '../train/fit.js';
import { fitLoop } from '../train/fit.js';
import { evaluateBatches } from '../train/evaluate.js';
import { SupervisedTask } from '../train/supervised.js';
import { defaultProgress } from '../train/progress.js';
import type { Layer } from './layers.js';

export type LossName =
  | 'sparse_categorical_crossentropy' | 'categorical_crossentropy' | 'binary_crossentropy' | 'mse' | 'mae';

export interface CompileOptions {
  /** 'adam', 'sgd', 'rmsprop', 'adamw', { name, lr, … }, or a ready optimiser. */
  optimizer: OptimizerName | ({ name: OptimizerName } & Record<string, number | boolean | number[] | string>) | OptimizerLike;
  loss: LossName | ((output: Tensor, target: Tensor) => Tensor);
  /** Only 'accuracy' is recognised. */
  metrics?: 'accuracy'[];
  /** Set when the last layer outputs logits rather than probabilities (Keras' fromLogits). */
  fromLogits?: boolean;
}

export interface FitArgs {
  epochs?: number;
  batchSize?: number;
  validationData?: [Tensor, Tensor] | BatchIterable;
  validationSplit?: number;
  shuffle?: boolean;
  callbacks?: Callback[];
  verbose?: 0 | 1 | 2;
  /** Read losses and metrics back every this many steps (default 10; see `fitLoop`): `onBatchEnd` logs refresh then. */
  logEvery?: number;
}

/** Batches of (x, y) rows, reshuffled from the global generator at the start of each pass. */
class TensorBatches implements BatchIterable {
  private readonly rows: number;
  constructor(private readonly x: Tensor, private readonly y: Tensor, private readonly batchSize: number, private readonly shuffle: boolean) {
    this.rows = axisLength(x.shape, 0, 'fit: inputs x [N, ...]');
  }
  get length(): number {
    return Math.ceil(this.rows / this.batchSize);
  }
  *[Symbol.iterator](): Iterator<Batch> {
    const n = this.rows;
    const order = this.shuffle ? defaultGenerator.permutation(n) : null;
    for (let start = 0; start < n; start += this.batchSize) {
      const end = Math.min(n, start + this.batchSize);
      const idx = order ? fromTypedArray(order.slice(start, end), [end - start], 'int32') : arange(start, end);
      yield { x: indexSelect(this.x, 0, idx), y: indexSelect(this.y, 0, idx) };
    }
  }
}

/**
 * A Keras-style model: a stack of layers with `compile`, `fit`, `evaluate`, `predict` and `summary`.
 * Image inputs are channels-last [N, H, W, C] as in Keras (`dataFormat: 'channelsFirst'` takes NCHW);
 * layers are built lazily from the first input's shape.
 */
export class Sequential extends Module {
  readonly layers: Layer[];
  readonly dataFormat: 'channelsLast' | 'channelsFirst';
  private compiled: { loss: (o: Tensor, t: Tensor) => Tensor; optimizerSpec: CompileOptions['optimizer']; accuracy: boolean } | null = null;
  private optimizer: OptimizerLike | null = null;
  readonly modelName: string;

  constructor(layers: Layer[], opts: { name?: string; dataFormat?: 'channelsLast' | 'channelsFirst' } = {}) {
    super();
    this.layers = layers;
    this.dataFormat = opts.dataFormat ?? 'channelsLast';
    this.modelName = opts.name ?? 'sequential';
  }

  override namedChildren(): [string, Module][] {
    return this.layers.map((l) => [l.name, l]);
  }

  override imageDataFormat(): 'channelsFirst' | 'channelsLast' {
    return this.dataFormat;
  }

  /** The declared input shape (first layer's inputShape), in the model's data format. */
  get inputShape(): number[] | undefined {
    return this.layers[0]?.inputShape;
  }

  /** x in the model's data format → NCHW for the layers. */
  private toInternal(x: Tensor): Tensor {
    const declared = this.inputShape;
    if (declared && (x.rank !== declared.length + 1 || declared.some((d, i) => d !== x.shape[i + 1])))
      throw new Error(`${this.modelName}: expected input of shape ${formatShape([-1, ...declared])}, got ${formatShape(x.shape)}`);
    return this.dataFormat === 'channelsLast' && x.rank === 4 ? permute(x, [0, 3, 1, 2]) : x;
  }

  forward(x: Tensor): Tensor {
    let y = this.toInternal(x);
    for (const layer of this.layers) y = layer.call(y);
    return y;
  }

  /** Creates every layer's weights by running one example of `inputShape` (or the declared one). */
  build(inputShape?: number[]): this {
    const shape = inputShape ?? this.inputShape;
    if (!shape) throw new Error(`${this.modelName}: cannot build without an input shape: give the first layer inputShape, or call build([H, W, C])`);
    this.summaryReport(shape);
    return this;
  }

  private summaryReport(shape: number[]): SummaryReport {
    const internal = this.dataFormat === 'channelsLast' && hasRank(shape, 3) ? [shape[2], shape[0], shape[1]] : shape;
    const inner = new LayerStack(this.layers);
    return summarize(inner, internal, { title: this.modelName, style: this.dataFormat === 'channelsLast' ? 'keras' : 'torch', displayName: (_p, m) => (m as Layer).name });
  }

  /** Keras' model.summary(): each layer's output shape and parameter count, with totals. Returns the text. */
  summary(inputShape?: number[], print: (line: string) => void = console.log): string {
    const shape = inputShape ?? this.inputShape;
    if (!shape) throw new Error(`${this.modelName}: summary needs an input shape: give the first layer inputShape, or pass one`);
    const text = this.summaryReport(shape).text;
    print(text);
    return text;
  }

  compile(opts: CompileOptions): void {
    this.compiled = { loss: resolveLoss(opts.loss, opts.fromLogits ?? false), optimizerSpec: opts.optimizer, accuracy: (opts.metrics ?? []).includes('accuracy') };
    this.optimizer = null;
  }

  private ensureOptimizer(sample: Tensor): OptimizerLike {
    if (!this.compiled) throw new Error(`${this.modelName}: call compile({ optimizer, loss }) before fit`);
    if (this.optimizer) return this.optimizer;
    noGrad(() => this.eval().forward(sample)); // builds lazy layers
    this.train();
    const spec = this.compiled.optimizerSpec;
    // Keras' `optimizer: 'sgd'` means SGD(learning_rate=0.01); the others' PyTorch defaults need no lr.
    if (typeof spec === 'string') this.optimizer = createOptimizer(spec, this.parameters(), spec.toLowerCase() === 'sgd' ? { lr: 0.01 } : {});
    // A ready optimiser also has a string `name` ('Adam'), so recognise it by its `step` method first.
    else if (isOptimizerLike(spec)) this.optimizer = spec;
    else {
      const { name, ...rest } = spec;
      this.optimizer = createOptimizer(name, this.parameters(), name.toLowerCase() === 'sgd' ? { lr: 0.01, ...rest } : rest);
    }
    return this.optimizer;
  }

  /**
   * Trains for `epochs` over (x, y) tensors or a batch iterable through `fitLoop`, with the
   * `SupervisedTask` of this model, the compiled loss and accuracy; returns the History.
   */
  async fit(x: Tensor | BatchIterable, y?: Tensor | FitArgs, args: FitArgs = {}): Promise<History> {
    const fitArgs = isTensorLike(y) ? args : (y ?? args);
    if (!this.compiled) throw new Error(`${this.modelName}: call compile({ optimizer, loss }) before fit`);
    let train: BatchIterable;
    let validation: BatchIterable | null = null;
    const batchSize = fitArgs.batchSize ?? 32;
    if (isTensorLike(x)) {
      if (!isTensorLike(y)) throw new Error(`${this.modelName}.fit: targets y are required with tensor inputs`);
      let xs = x;
      let ys = y;
      const split = fitArgs.validationSplit ?? 0;
      if (split > 0) {
        if (!(split < 1)) throw new Error(`${this.modelName}.fit: validationSplit must be in [0, 1), got ${split}`);
        const n = axisLength(x.shape, 0, `${this.modelName}.fit: inputs x [N, ...]`);
        const nTrain = Math.floor(n * (1 - split));
        xs = x.slice([0], [nTrain]);
        ys = y.slice([0], [nTrain]);
        validation = new TensorBatches(x.slice([nTrain]), y.slice([nTrain]), batchSize, false);
      }
      train = new TensorBatches(xs, ys, batchSize, fitArgs.shuffle ?? true);
    } else train = x;
    const vd = fitArgs.validationData;
    if (vd) validation = Array.isArray(vd) ? new TensorBatches(vd[0], vd[1], batchSize, false) : (vd as BatchIterable);
    const first = train[Symbol.iterator]().next();
    if (first.done) throw new Error(`${this.modelName}.fit: the training data is empty`);
    const optimizer = this.ensureOptimizer(first.value.x);
    const task = new SupervisedTask({ model: this, loss: this.compiled.loss, accuracy: this.compiled.accuracy });
    return fitLoop({
      task, optimizer, train, validation, epochs: fitArgs.epochs ?? 1, callbacks: fitArgs.callbacks, progress: defaultProgress(fitArgs.verbose ?? 1),
      logEvery: fitArgs.logEvery,
    });
  }

  /** Loss (and accuracy when compiled with it) over (x, y). */
  evaluate(x: Tensor | BatchIterable, y?: Tensor, opts: { batchSize?: number } = {}): { loss: number; accuracy?: number } {
    if (!this.compiled) throw new Error(`${this.modelName}: call compile before evaluate`);
    let data: BatchIterable;
    if (isTensorLike(x)) {
      if (y === undefined) throw new Error(`${this.modelName}.evaluate: targets y are required with tensor inputs`);
      data = new TensorBatches(x, y, opts.batchSize ?? 32, false);
    } else data = x;
    const r = evaluateBatches(this, data, this.compiled.loss);
    return this.compiled.accuracy ? { loss: r.loss, accuracy: r.accuracy } : { loss: r.loss };
  }

  /** Outputs for every row of x, in batches, in eval mode without gradients. */
  predict(x: Tensor, opts: { batchSize?: number } = {}): Tensor {
    const bs = opts.batchSize ?? 32;
    const wasTraining = this.training;
    this.eval();
    try {
      return noGrad(() => {
        const outs: Tensor[] = [];
        const n = axisLength(x.shape, 0, `${this.modelName}.predict: inputs x [N, ...]`);
        for (let s = 0; s < n; s += bs) outs.push(this.forward(x.slice([s], [s + bs])));
        return concat(outs, 0);
      });
    } finally {
      this.train(wasTraining);
    }
  }

  /** The optimiser created by compile/fit (null before the first fit). */
  getOptimizer(): OptimizerLike | null {
    return this.optimizer;
  }
}

/** The layers as a plain container, so summaries see them already in NCHW. */
class LayerStack extends Module {
  constructor(readonly layers: Layer[]) {
    super();
  }
  override namedChildren(): [string, Module][] {
    return this.layers.map((l) => [l.name, l]);
  }
  forward(x: Tensor): Tensor {
    let y = x;
    for (const l of this.layers) y = l.call(y);
    return y;
  }
}

function isOptimizerLike(v: CompileOptions['optimizer']): v is OptimizerLike {
  return typeof v === 'object' && v !== null && typeof Reflect.get(v, 'step') === 'function';
}

function isTensorLike(v: unknown): v is Tensor {
  return v instanceof Module ? false : typeof v === 'object' && v !== null && 'shape' in v && 'dtype' in v && 'handle' in v;
}

function resolveLoss(loss: CompileOptions['loss'], fromLogits: boolean): (o: Tensor, t: Tensor) => Tensor {
  if (typeof loss === 'function') return loss;
  switch (loss) {
    case 'sparse_categorical_crossentropy':
      return fromLogits ? (o, t) => crossEntropy(o, t) : (o, t) => nllLoss(log(o.clamp(1e-7, 1)), t);
    case 'categorical_crossentropy':
      return (o, t) => {
        const logp = fromLogits ? o.logSoftmax(1) : log(o.clamp(1e-7, 1));
        return logp.mul(t).sum(1).neg().mean();
      };
    case 'binary_crossentropy':
      return fromLogits ? (o, t) => binaryCrossEntropyWithLogits(o, t) : (o, t) => binaryCrossEntropy(o.clamp(1e-7, 1 - 1e-7), t);
    case 'mse':
      return (o, t) => mseLoss(o, t);
    case 'mae':
      return (o, t) => l1Loss(o, t);
    default:
      throw new Error(`compile: unknown loss '${String(loss)}' (expected sparse_categorical_crossentropy, categorical_crossentropy, binary_crossentropy, mse or mae)`);
  }
}

/** Keras' `tf.keras.Sequential([...])`. */
export function sequential(layers: Layer[], opts: { name?: string; dataFormat?: 'channelsLast' | 'channelsFirst' } = {}): Sequential {
  return new Sequential(layers, opts);
}
