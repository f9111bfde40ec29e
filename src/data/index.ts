/**
 * Data loading: IDX files, downloads, MNIST-family datasets, dataset utilities and the DataLoader.
 */
export { decodeIdx, encodeIdx, readIdx, writeIdx, isGzip } from './idx.js';
export type { IdxData, IdxDType, IdxArray } from './idx.js';
export { downloadFile } from './download.js';
export type { DownloadOptions } from './download.js';
export { md5Hex, fileDigests } from './checksum.js';
export type { FileDigests } from './checksum.js';
export { TensorDataset } from './dataset.js';
export type { Dataset, ImageSample, TensorSample, BulkImageDataset, BoxTarget, DetectionSample, SegmentationSample, CaptionSample } from './dataset.js';
export { Subset, subset, randomSplit } from './subset.js';
export { DataLoader } from './dataloader.js';
export type { DataLoaderOptions, DataLoaderSettings, Batch } from './dataloader.js';
export {
  collateSamples, stackTensors, stackLabels, stackFloats, padSequences, detectionCollate, segmentationCollate, captionCollate,
} from './collate.js';
export type { LoaderSample, Collate, PaddedSequences, PadOptions, DetectionBatch, SegmentationBatch, CaptionBatch } from './collate.js';
export { toUnitFloat, normalize, preprocessingTransform } from './transforms.js';
export type { HostTransform, Standardization } from './transforms.js';
export { pixelStats, channelPixelStats } from './pixel-stats.js';
export type { BatchTransform } from './transforms.js';
export { FashionMNIST, MNIST, MnistFamily } from './mnist.js';
export type { MnistOptions, MnistLoadOptions } from './mnist.js';
export type { DataOrigin, LocatedFiles } from './locate.js';
export { FASHION_MNIST_SPEC, MNIST_SPEC } from './mnist-specs.js';
export type { MnistSpec, RemoteFile } from './mnist-specs.js';
