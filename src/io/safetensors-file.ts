/** Reading and (atomically) writing safetensors files on disk. */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic.js';
import { decodeSafetensors } from './safetensors-decode.js';
import { encodeSafetensors } from './safetensors-encode.js';
import type { NamedArray } from './safetensors-dtypes.js';

/** Encodes `tensors` and writes them to `path` with {@link writeFileAtomic}. */
export async function saveSafetensorsFile(
  path: string,
  tensors: Record<string, NamedArray>,
  metadata?: Record<string, string>,
): Promise<void> {
  await writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

/** Reads and decodes the safetensors file at `path`; errors name the path. */
export async function loadSafetensorsFile(
  path: string,
): Promise<{ tensors: Record<string, NamedArray>; metadata: Record<string, string> }> {
  const buf = await readFile(path);
  return decodeSafetensors(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), path);
}
