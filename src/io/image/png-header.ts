/**
 * Reading a PNG's chunk list without decoding it (browser-safe): the IHDR fields that decide how many channels a
 * decoded image keeps, and removal of chunks we deliberately ignore.
 */
import { PNG_SIGNATURE } from './format.js';

export interface PngHeader {
  width: number;
  height: number;
  /** Bits per sample: 1, 2, 4, 8 or 16. */
  bitDepth: number;
  /** 0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA. */
  colorType: number;
  /** 1 for Adam7 interlacing, 0 for none. */
  interlace: number;
  /** A tRNS (simple transparency) chunk is present. */
  hasTransparencyChunk: boolean;
}

/** What a decoder needs from the chunks: the header, PLTE and tRNS contents, and all IDAT data joined. */
export interface PngChunks {
  header: PngHeader;
  palette: Uint8Array | null;
  transparency: Uint8Array | null;
  /** The zlib stream (the IDAT chunks' data, concatenated). */
  imageData: Uint8Array;
}

interface Chunk {
  type: string;
  /** Offset of the chunk's length field; the chunk spans [start, end). */
  start: number;
  end: number;
}

/** IHDR's data: width, height (4 bytes each), bit depth, colour type, compression, filter, interlace. */
const IHDR_BYTES = 13;

/**
 * The chunks of a PNG, in order, IHDR first. Throws (a plain message, the caller adds the file name) when
 * the list is cut short, does not start with a whole IHDR or does not end with IEND.
 */
function listChunks(bytes: Uint8Array): [Chunk, ...Chunk[]] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: Chunk[] = [];
  let at = PNG_SIGNATURE.length;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) throw new Error(`chunk header cut off at byte ${at} of ${bytes.length}`);
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const end = at + 12 + length;
    if (end > bytes.length) throw new Error(`${type} chunk needs ${length} bytes but the file ends ${bytes.length - at - 12} bytes in`);
    chunks.push({ type, start: at, end });
    if (type === 'IEND') break;
    at = end;
  }
  const [first, ...rest] = chunks;
  if (first?.type !== 'IHDR') throw new Error('first chunk is not IHDR');
  if (first.end - first.start - 12 !== IHDR_BYTES)
    throw new Error(`IHDR chunk has ${first.end - first.start - 12} bytes of data, expected ${IHDR_BYTES}`);
  if (chunks.at(-1)?.type !== 'IEND') throw new Error(`no IEND chunk: the file ends after ${bytes.length} bytes`);
  return [first, ...rest];
}

export function readPngHeader(bytes: Uint8Array): PngHeader {
  const chunks = listChunks(bytes);
  // listChunks checked that IHDR holds its 13 bytes, so these reads stay inside it.
  const ihdr = new DataView(bytes.buffer, bytes.byteOffset + chunks[0].start + 8, IHDR_BYTES);
  return {
    width: ihdr.getUint32(0),
    height: ihdr.getUint32(4),
    bitDepth: ihdr.getUint8(8),
    colorType: ihdr.getUint8(9),
    interlace: ihdr.getUint8(12),
    hasTransparencyChunk: chunks.some((c) => c.type === 'tRNS'),
  };
}

export function readPngChunks(bytes: Uint8Array): PngChunks {
  const chunks = listChunks(bytes);
  const body = (c: Chunk): Uint8Array => bytes.subarray(c.start + 8, c.end - 4);
  const find = (type: string): Uint8Array | null => {
    const c = chunks.find((k) => k.type === type);
    return c ? body(c) : null;
  };
  const idat = chunks.filter((c) => c.type === 'IDAT').map(body);
  if (!idat.length) throw new Error('no IDAT chunk');
  const imageData = new Uint8Array(idat.reduce((s, d) => s + d.length, 0));
  let at = 0;
  for (const d of idat) {
    imageData.set(d, at);
    at += d.length;
  }
  return { header: readPngHeader(bytes), palette: find('PLTE'), transparency: find('tRNS'), imageData };
}

/** The PNG without its chunks of the given type (e.g. tRNS on a gray or RGB image, which we ignore). */
export function withoutChunks(bytes: Uint8Array, type: string): Uint8Array {
  const keep = listChunks(bytes).filter((c) => c.type !== type);
  const out = new Uint8Array(PNG_SIGNATURE.length + keep.reduce((s, c) => s + c.end - c.start, 0));
  out.set(bytes.subarray(0, PNG_SIGNATURE.length));
  let at = PNG_SIGNATURE.length;
  for (const c of keep) {
    out.set(bytes.subarray(c.start, c.end), at);
    at += c.end - c.start;
  }
  return out;
}

/**
 * Channels a decoded PNG keeps, as stored: gray 1, gray + alpha 2, RGB 3, RGBA 4; a palette image is RGB (3),
 * or RGBA (4) when it has a tRNS chunk (like PIL's `convert('RGBA')` of a 'P' image with transparency).
 * A tRNS chunk on a gray or RGB image (one colour marked transparent) is ignored, as PIL's `convert('RGB')` does.
 */
export function pngChannels(h: PngHeader): 1 | 2 | 3 | 4 {
  switch (h.colorType) {
    case 0: return 1;
    case 4: return 2;
    case 2: return 3;
    case 6: return 4;
    case 3: return h.hasTransparencyChunk ? 4 : 3;
    default: throw new Error(`unknown PNG colour type ${h.colorType}`);
  }
}
