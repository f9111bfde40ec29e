import { existsSync } from 'node:fs';
import { FashionMNIST } from '../data/mnist.js';
import { DataLoader } from '../data/dataloader.js';
import { loadCheckpoint } from '../models/checkpoint.js';
import { evaluateClassifier, inputTransform } from '../models/inference.js';
import { UsageError } from './args.js';

/** `striate eval --checkpoint DIR`: test accuracy, loss and the confusion matrix (`evaluateClassifier`, inputs prepared as the config says). */
export async function evalCommand(a: { checkpoint: string; data?: string; json: boolean }, log: (s: string) => void): Promise<Record<string, unknown>> {
  if (!existsSync(a.checkpoint)) throw new UsageError(`--checkpoint: '${a.checkpoint}' does not exist`);
  const ck = await loadCheckpoint(a.checkpoint);
  if (ck.config.task !== 'classification' || ck.config.numClasses === undefined)
    throw new UsageError(`--checkpoint: eval measures classifiers; this model's task is '${ck.config.task}'`);
  const dataDir = a.data ?? (typeof ck.config.training?.['data'] === 'string' ? ck.config.training['data'] : 'shipped');
  const test = dataDir === 'shipped' ? FashionMNIST.shipped({ train: false }) : new FashionMNIST({ root: dataDir, train: false });
  const loader = new DataLoader(test, { batchSize: 500, transform: inputTransform(ck.config) });
  const r = evaluateClassifier(ck.model, loader, ck.config.numClasses);
  if (!a.json) {
    log(`${test.length} test images from ${test.source}`);
    log(`Test accuracy: ${(100 * r.accuracy).toFixed(2)}%  loss: ${r.loss.toFixed(4)}`);
    log('Confusion matrix (rows: true class, columns: predicted):');
    log(r.confusion.toString());
  }
  return { test_accuracy: r.accuracy, test_loss: r.loss, count: r.count, confusion_matrix: r.confusion.tolist() };
}
