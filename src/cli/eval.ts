import { existsSync } from 'node:fs';
import { FashionMNIST } from '../data/mnist.js';
import { DataLoader } from '../data/dataloader.js';
import { preprocessingTransform } from '../data/transforms.js';
import { crossEntropy } from '../nn/losses.js';
import { evaluateBatches } from '../train/fit.js';
import { loadCheckpoint } from '../models/checkpoint.js';
import { confusionMatrix } from '../train/metrics.js';
import { noGrad } from '../tensor/autograd/node.js';
import { fromTypedArray } from '../tensor/tensor.js';
import { concat } from '../tensor/ops/movement.js';
import type { Tensor } from '../tensor/tensor.js';
import { UsageError } from './args.js';

/** `striate eval --checkpoint DIR`: test accuracy, loss and the confusion matrix. */
export async function evalCommand(a: { checkpoint: string; data?: string; json: boolean }, log: (s: string) => void): Promise<Record<string, unknown>> {
  if (!existsSync(a.checkpoint)) throw new UsageError(`--checkpoint: '${a.checkpoint}' does not exist`);
  const ck = await loadCheckpoint(a.checkpoint);
  const dataDir = a.data ?? (typeof ck.config.training?.['data'] === 'string' ? ck.config.training['data'] : 'shipped');
  const test = dataDir === 'shipped' ? FashionMNIST.shipped({ train: false }) : new FashionMNIST({ root: dataDir, train: false });
  const loader = new DataLoader(test, { batchSize: 500, transform: preprocessingTransform(ck.config.preprocessing) });
  const r = evaluateBatches(ck.model, loader, (o, t) => crossEntropy(o, t));
  const preds: Tensor[] = [];
  ck.model.eval();
  noGrad(() => {
    for (const { x } of loader) preds.push(ck.model.call(x).argmax(1));
  });
  const labels = fromTypedArray(Int32Array.from(test.labels), [test.length], 'int32');
  const cm = confusionMatrix(concat(preds), labels, ck.config.numClasses);
  if (!a.json) {
    log(`${test.length} test images from ${test.source}`);
    log(`Test accuracy: ${(100 * r.accuracy).toFixed(2)}%  loss: ${r.loss.toFixed(4)}`);
    log('Confusion matrix (rows: true class, columns: predicted):');
    log(cm.toString());
  }
  return { test_accuracy: r.accuracy, test_loss: r.loss, count: r.count, confusion_matrix: cm.tolist() };
}
