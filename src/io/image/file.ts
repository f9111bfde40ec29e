/** Reading and writing image files (Node). */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Tensor } from '../../tensor/tensor.js';
import { writeFileAtomic } from '../atomic.js';
import { decodeImage } from './decode.js';
import { encodeJpeg, type JpegOptions } from './jpeg-encode.js';
import { encodePng } from './png.js';

/** Reads a PNG or JPEG file as uint8 [H, W, C] (see `decodeImage`). Errors name the file. */
export function readImage(path: string): Tensor {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String(e.code) : '';
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code || (e instanceof Error ? e.message : String(e));
    throw new Error(`${path}: cannot read image (${why})`);
  }
  return decodeImage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}

/**
 * Writes uint8 [H, W] or [H, W, C] as PNG (.png) or JPEG (.jpg, .jpeg), chosen by the extension, atomically
 * (a temp file then a rename: a crash never leaves half an image).
 */
export async function writeImage(path: string, image: Tensor, opts: JpegOptions = {}): Promise<void> {
  const ext = extname(path).toLowerCase();
  let bytes: Uint8Array;
  if (ext === '.png') bytes = encodePng(image);
  else if (ext === '.jpg' || ext === '.jpeg') bytes = encodeJpeg(image, opts);
  else throw new Error(`${path}: cannot tell the image format from the extension '${ext}' (use .png, .jpg or .jpeg)`);
  await writeFileAtomic(path, bytes);
}
