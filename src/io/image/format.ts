/** Image formats recognised by their first bytes (never by the file name). Browser-safe: no Node imports. */
export type ImageFormat = 'png' | 'jpeg';

/** Formats we can name in an error but do not decode. */
const OTHER_SIGNATURES: readonly [string, readonly number[]][] = [
  ['GIF', [0x47, 0x49, 0x46, 0x38]],
  ['BMP', [0x42, 0x4d]],
  ['TIFF', [0x49, 0x49, 0x2a, 0x00]],
  ['TIFF', [0x4d, 0x4d, 0x00, 0x2a]],
  ['WebP (RIFF)', [0x52, 0x49, 0x46, 0x46]],
  ['gzip', [0x1f, 0x8b]],
];

export const PNG_SIGNATURE: readonly number[] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE: readonly number[] = [0xff, 0xd8, 0xff];

function startsWith(bytes: Uint8Array, sig: readonly number[]): boolean {
  return bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
}

/** 'png' or 'jpeg' from the magic bytes, else null. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, JPEG_SIGNATURE)) return 'jpeg';
  return null;
}

/** The error for bytes that are neither PNG nor JPEG: names the input, what it looks like, and the first bytes. */
export function unknownFormatError(bytes: Uint8Array, name: string): Error {
  if (bytes.length === 0) return new Error(`${name}: not a valid PNG or JPEG image: the file is empty`);
  const other = OTHER_SIGNATURES.find(([, sig]) => startsWith(bytes, sig));
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return new Error(
    `${name}: not a valid PNG or JPEG image: unknown format${other ? ` (looks like ${other[0]})` : ''}, first bytes ${head}; expected PNG (89 50 4e 47 …) or JPEG (ff d8 ff)`,
  );
}

/** Error for a file that starts like `format` but cannot be decoded (corrupt or truncated). */
export function corruptImageError(format: ImageFormat, name: string, cause: unknown): Error {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new Error(`${name}: corrupt or truncated ${format.toUpperCase()} image (${why})`);
}
