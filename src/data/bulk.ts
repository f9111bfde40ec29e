/**
 * Finds contiguous arrays behind a dataset so the DataLoader can copy rows instead of calling `get`:
 * bulk image datasets (`images` / `labels` / `imageShape`), TensorDatasets, and Subsets of either
 * (whose indices are composed into one index map).
 */
import type { BulkImageDataset, Dataset } from './dataset.js';
import { elementAt, TensorDataset } from './dataset.js';
import { Subset } from './subset.js';
import type { RowSource } from './collate.js';

/** Rows of `source`; sample i of the dataset is row `index[i]` (or row i when `index` is null). */
export interface ResolvedRows {
  readonly source: RowSource;
  readonly index: Int32Array | null;
}

/** True when `ds` exposes `images` (Uint8Array), `labels` (Uint8Array or Int32Array) and `imageShape`. */
export function isBulkImageDataset(ds: Dataset<unknown>): ds is BulkImageDataset {
  if (!('images' in ds && 'labels' in ds && 'imageShape' in ds)) return false;
  const { images, labels, imageShape } = ds;
  if (!(images instanceof Uint8Array) || !(labels instanceof Uint8Array || labels instanceof Int32Array)) return false;
  if (!Array.isArray(imageShape)) return false;
  const rowLen = imageShape.reduce((a: number, b: unknown) => a * Number(b), 1);
  return labels.length === ds.length && images.length === ds.length * rowLen;
}

/** The row arrays behind `ds`, or null when it must be read sample by sample. */
export function resolveRows(ds: Dataset<unknown>): ResolvedRows | null {
  if (ds instanceof Subset) {
    const inner = resolveRows(ds.dataset);
    if (inner === null) return null;
    const outer = ds.indices;
    const innerIndex = inner.index;
    const index = innerIndex === null ? outer : outer.map((i) => elementAt(innerIndex, i, 'Subset'));
    return { source: inner.source, index };
  }
  if (ds instanceof TensorDataset) {
    return {
      source: {
        x: ds.x.dataView(),
        xShape: ds.x.shape.slice(1),
        xDtype: ds.x.dtype,
        y: ds.y.dataView(),
        yShape: ds.y.shape.slice(1),
        yDtype: ds.y.dtype,
      },
      index: null,
    };
  }
  if (isBulkImageDataset(ds)) {
    return {
      source: { x: ds.images, xShape: ds.imageShape, xDtype: 'uint8', y: ds.labels, yShape: [], yDtype: 'int32' },
      index: null,
    };
  }
  return null;
}
