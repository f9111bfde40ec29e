/**
 * Checkpoint I/O: the safetensors tensor format, crash-safe single-file writes, and crash-safe
 * checkpoint directories (several files that change together).
 */
export {
  encodeSafetensors, decodeSafetensors, SafetensorsError, int64ToInt32, isSafetensorsDType, DTYPE_BYTES,
} from './safetensors.js';
export type { NamedArray, NamedArrayData, SafetensorsDType } from './safetensors.js';
export { saveSafetensorsFile, loadSafetensorsFile } from './safetensors-file.js';
export {
  writeFileAtomic, writeCheckpointDir, readCheckpointDir, resolveCheckpointDir, recoverCheckpointDir, cleanupStale,
} from './atomic.js';
export type {
  FileData, CheckpointManifest, CheckpointStep, CleanupOptions, WriteCheckpointOptions, ResolvedCheckpoint, LoadedCheckpoint,
} from './atomic.js';

