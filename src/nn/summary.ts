import { Tensor, zeros } from '../tensor/tensor.js';
import type { Shape } from '../engine/shape.js';
import { hasRank } from '../engine/shape.js';
import { noGrad } from '../tensor/autograd/node.js';
import type { AnyModule, Module } from './module.js';

export interface SummaryRow {
  /** Dotted module name, e.g. `conv1` or `layers.0`. */
  name: string;
  type: string;
  /** Output shape with the batch axis as −1 (shown as None in Keras style); of the first tensor for a layer returning several. */
  outputShape: number[];
  /** Shapes of every tensor the layer returned (one entry for a plain tensor; tuples and records in order). */
  outputShapes: number[][];
  params: number;
  trainable: number;
}

export interface SummaryReport {
  title: string;
  rows: SummaryRow[];
  totalParams: number;
  trainableParams: number;
  text: string;
}

export interface SummaryOptions {
  /** Model name printed in the header. */
  title?: string;
  /** 'keras' prints (None, H, W, C) for 4-d outputs; 'torch' prints [-1, C, H, W]. */
  style?: 'keras' | 'torch';
  /** Per-layer display names (Keras layer names); defaults to the module path. */
  displayName?: (path: string, module: AnyModule) => string;
}

/** The tensors in a layer's output: the tensor itself, or those in a tuple/array or a record (one level deep). */
function outputTensors(out: unknown): Tensor[] {
  if (out instanceof Tensor) return [out];
  const items = Array.isArray(out) ? out : typeof out === 'object' && out !== null ? Object.values(out) : [];
  return items.filter((v): v is Tensor => v instanceof Tensor);
}

function groupThousands(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Runs one forward pass on zeros [1, ...inputShape] (eval mode, no gradients) and records every leaf
 * layer's output shape and parameter count, like Keras' `model.summary()` and torchsummary. The model
 * takes one image batch; its output may be a tensor, a tuple or a record (leaf layers likewise).
 */
export function summarize(model: Module<[Tensor], unknown>, inputShape: Shape, opts: SummaryOptions = {}): SummaryReport {
  const style = opts.style ?? 'torch';
  const rows: SummaryRow[] = [];
  const leaves = model.namedModules().filter(([, m]) => m.children().length === 0);
  const removers = leaves.map(([path, m]) =>
    m.registerForwardHook((mod, _inputs, out) => {
      const params = mod.parameters();
      const shapes = outputTensors(out).map((t) => [-1, ...t.shape.slice(1)]);
      rows.push({
        name: opts.displayName ? opts.displayName(path, mod) : path || mod.constructor.name,
        type: mod.constructor.name,
        outputShape: shapes[0] ?? [],
        outputShapes: shapes,
        params: params.reduce((n, p) => n + p.size, 0),
        trainable: params.filter((p) => p.requiresGrad).reduce((n, p) => n + p.size, 0),
      });
    }),
  );
  const wasTraining = model.training;
  try {
    model.eval();
    noGrad(() => model.call(zeros([1, ...inputShape])));
  } finally {
    model.train(wasTraining);
    for (const r of removers) r();
  }
  const totalParams = model.numParameters();
  const trainableParams = model.parameters().filter((p) => p.requiresGrad).reduce((n, p) => n + p.size, 0);
  const fmtShape = (s: number[]): string => {
    const shown = style === 'keras' && hasRank(s, 4) ? [s[0], s[2], s[3], s[1]] : s;
    return style === 'keras' ? `(${shown.map((d) => (d === -1 ? 'None' : String(d))).join(', ')})` : `[${shown.join(', ')}]`;
  };
  type Row = readonly [string, string, string];
  const table = rows.map((r): Row => [`${r.name} (${r.type})`, r.outputShapes.map(fmtShape).join(', '), groupThousands(r.params)]);
  const header: Row = ['Layer (type)', 'Output Shape', 'Param #'];
  const columnWidth = (cell: (row: Row) => string): number => Math.max(cell(header).length, ...table.map((row) => cell(row).length)) + 3;
  const [nameWidth, shapeWidth, paramWidth] = [columnWidth((r) => r[0]), columnWidth((r) => r[1]), columnWidth((r) => r[2])];
  const line = ([name, shape, params]: Row): string => name.padEnd(nameWidth) + shape.padEnd(shapeWidth) + params.padStart(paramWidth - 3);
  const width = nameWidth + shapeWidth + paramWidth;
  const title = opts.title ?? model.constructor.name;
  const text = [
    `Model: "${title}"`,
    '_'.repeat(width),
    line(header),
    '='.repeat(width),
    ...table.map(line),
    '='.repeat(width),
    `Total params: ${groupThousands(totalParams)}`,
    `Trainable params: ${groupThousands(trainableParams)}`,
    `Non-trainable params: ${groupThousands(totalParams - trainableParams)}`,
    '_'.repeat(width),
  ].join('\n');
  return { title, rows, totalParams, trainableParams, text };
}
