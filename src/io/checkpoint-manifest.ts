/**
 * The completeness marker of a checkpoint directory: `MANIFEST.json`, written last, lists every
 * file with its byte size and SHA-256. A directory without a valid manifest, or whose files do
 * not match it, is incomplete and never loaded.
 */
import { createHash } from 'node:crypto';

/** File name of the manifest inside a checkpoint directory. */
export const MANIFEST_NAME = 'MANIFEST.json';

/** Contents of `MANIFEST.json`. */
export interface CheckpointManifest {
  format: 'striate-checkpoint';
  version: 1;
  /** 1 for the first save to a directory, then one more than the checkpoint it replaced. */
  generation: number;
  /** ISO-8601 time the checkpoint was written. */
  createdAt: string;
  files: Record<string, { size: number; sha256: string }>;
}

/** Hex SHA-256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Builds the manifest for a set of file contents. */
export function buildManifest(files: Record<string, Uint8Array>, generation: number): CheckpointManifest {
  const entries: CheckpointManifest['files'] = {};
  for (const [name, bytes] of Object.entries(files)) entries[name] = { size: bytes.length, sha256: sha256Hex(bytes) };
  return { format: 'striate-checkpoint', version: 1, generation, createdAt: new Date().toISOString(), files: entries };
}

/**
 * Throws unless `name` is usable as a file in a checkpoint directory: a plain, non-hidden file
 * name (no path separators) other than the manifest's.
 */
export function checkFileName(name: string): void {
  if (name.length === 0 || name.startsWith('.') || /[/\\\0]/.test(name) || name === MANIFEST_NAME) {
    throw new Error(`invalid checkpoint file name ${JSON.stringify(name)}: use a plain file name other than ${MANIFEST_NAME}`);
  }
}

/** Parses manifest text, returning `null` when it is not a well-formed manifest. */
export function parseManifest(text: string): CheckpointManifest | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || value.format !== 'striate-checkpoint' || value.version !== 1) return null;
  const { generation, createdAt, files } = value;
  if (typeof generation !== 'number' || !Number.isSafeInteger(generation) || typeof createdAt !== 'string') return null;
  if (!isRecord(files)) return null;
  const out: CheckpointManifest['files'] = {};
  for (const [name, entry] of Object.entries(files)) {
    if (!isRecord(entry)) return null;
    const { size, sha256 } = entry;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 || typeof sha256 !== 'string') return null;
    try {
      checkFileName(name);
    } catch {
      return null;
    }
    out[name] = { size, sha256 };
  }
  return { format: 'striate-checkpoint', version: 1, generation, createdAt, files: out };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
