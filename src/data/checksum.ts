/**
 * MD5 checksums of downloaded files, in both forms that published dataset checksums come in: of the
 * file's bytes, and (for gzip files) of the decompressed content, since recompressed copies (Debian's,
 * for instance) keep the content but change the .gz bytes.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** MD5s of a file: `raw` of its bytes; `decompressed` of its gunzipped content when it is gzip data. */
export interface FileDigests {
  readonly raw: string;
  readonly decompressed: string | null;
}

/** Lowercase hex MD5 of `bytes`. */
export function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** Streams `path` once for its MD5, and once more through gunzip if it starts with `1f 8b`. */
export async function fileDigests(path: string): Promise<FileDigests> {
  let first: Uint8Array | null = null;
  const rawHash = createHash('md5');
  for await (const chunk of createReadStream(path)) {
    const buf = chunk instanceof Uint8Array ? chunk : Buffer.from(String(chunk));
    if (first === null) first = buf;
    rawHash.update(buf);
  }
  const raw = rawHash.digest('hex');
  const gz = first !== null && first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
  if (!gz) return { raw, decompressed: null };
  const inner = createHash('md5');
  try {
    for await (const chunk of createReadStream(path).pipe(createGunzip())) {
      inner.update(chunk instanceof Uint8Array ? chunk : Buffer.from(String(chunk)));
    }
  } catch {
    return { raw, decompressed: null };
  }
  return { raw, decompressed: inner.digest('hex') };
}

/** True when either digest equals one of `expected` (case-insensitive). */
export function digestsMatch(digests: FileDigests, expected: readonly string[]): boolean {
  const want = expected.map((e) => e.toLowerCase());
  return want.includes(digests.raw) || (digests.decompressed !== null && want.includes(digests.decompressed));
}

/** `raw` and, when present, `decompressed` digests for an error message. */
export function describeDigests(d: FileDigests): string {
  return d.decompressed === null ? `${d.raw} (file bytes)` : `${d.raw} (file bytes), ${d.decompressed} (decompressed content)`;
}
