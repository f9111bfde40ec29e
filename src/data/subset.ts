/**
 * Views of a dataset through a list of indices: `subset` and `randomSplit` (like torch.utils.data).
 */
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { elementAt, type Dataset } from './dataset.js';

/** Sample `i` of a Subset is sample `indices[i]` of `dataset`. */
export class Subset<T> implements Dataset<T> {
  readonly indices: Int32Array;

  constructor(
    readonly dataset: Dataset<T>,
    indices: ArrayLike<number>,
  ) {
    this.indices = Int32Array.from(indices, (i, k) => {
      if (!Number.isInteger(i) || i < 0 || i >= dataset.length)
        throw new RangeError(`subset: index ${i} (position ${k}) out of range [0, ${dataset.length})`);
      return i;
    });
  }

  get length(): number {
    return this.indices.length;
  }

  get(i: number): T {
    return this.dataset.get(elementAt(this.indices, i, 'Subset.get'));
  }
}

/** The samples of `dataset` at `indices`, in that order. */
export function subset<T>(dataset: Dataset<T>, indices: ArrayLike<number>): Subset<T> {
  return new Subset(dataset, indices);
}

/**
 * Splits `dataset` into non-overlapping random subsets. `lengths` are counts summing to the dataset's
 * length, or fractions summing to 1 (the remainder after flooring goes to the first parts, one each,
 * as PyTorch does). The permutation comes from `generator` (default: the global generator).
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[], generator: Generator = defaultGenerator): Subset<T>[] {
  const n = dataset.length;
  const counts = toCounts(lengths, n);
  const perm = generator.permutation(n);
  const parts: Subset<T>[] = [];
  let offset = 0;
  for (const c of counts) {
    parts.push(new Subset(dataset, perm.subarray(offset, offset + c)));
    offset += c;
  }
  return parts;
}

function toCounts(lengths: readonly number[], n: number): number[] {
  if (lengths.length === 0) throw new Error('randomSplit: lengths is empty');
  if (lengths.some((l) => !(l >= 0))) throw new Error(`randomSplit: lengths must be non-negative, got [${lengths.join(', ')}]`);
  const total = lengths.reduce((a, b) => a + b, 0);
  const isCounts = lengths.every(Number.isInteger) && total === n;
  if (!isCounts && Math.abs(total - 1) < 1e-6) {
    const floors = lengths.map((f) => Math.floor(f * n));
    // The remainder, one each, round-robin from the first part.
    const rest = n - floors.reduce((a, b) => a + b, 0);
    const rounds = Math.floor(rest / floors.length);
    const extra = rest % floors.length;
    return floors.map((c, i) => c + rounds + (i < extra ? 1 : 0));
  }
  if (!isCounts)
    throw new Error(`randomSplit: lengths [${lengths.join(', ')}] must sum to the dataset length ${n} (or be fractions summing to 1)`);
  return [...lengths];
}
