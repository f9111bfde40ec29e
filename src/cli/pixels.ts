/** `striate pixels IMAGE`: the pixel values as a matrix of integers, like the lecture's "images are numbers" slide. */
import { readImage } from '../io/image/file.js';
import { toGrayscale } from '../io/image/convert.js';
import { checkRegion, crop, type Region } from '../io/image/transforms.js';
import type { Tensor } from '../tensor/tensor.js';
import { UsageError } from './args.js';

export type ChannelName = 'r' | 'g' | 'b' | 'a' | 'gray';
const CHANNELS: readonly ChannelName[] = ['r', 'g', 'b', 'a', 'gray'];
const CHANNEL_LABEL: Record<ChannelName, string> = { r: 'red', g: 'green', b: 'blue', a: 'alpha', gray: 'gray' };

/** The largest region shown by default: the whole image when it fits, else its top-left corner. */
export const DEFAULT_REGION_SIZE = 16;

export interface PixelsArgs {
  region?: Region;
  channel?: ChannelName;
}

/** `--region x,y,w,h` → Region (x, y ≥ 0; w, h ≥ 1). */
export function regionOption(v: string): Region {
  const parts = v.split(',').map((p) => Number(p.trim()));
  const [x, y, width, height] = parts;
  if (
    x === undefined || y === undefined || width === undefined || height === undefined || parts.length !== 4 ||
    !parts.every(Number.isInteger) || x < 0 || y < 0 || width < 1 || height < 1
  )
    throw new UsageError(`--region must be x,y,width,height with x, y ≥ 0 and width, height ≥ 1 (e.g. 0,0,12,16), got '${v}'`);
  return { x, y, width, height };
}

export function channelOption(v: string): ChannelName {
  const found = CHANNELS.find((name) => name === v.toLowerCase());
  if (!found) throw new UsageError(`--channel must be one of ${CHANNELS.join(', ')}, got '${v}'`);
  return found;
}

const STORED: Record<number, string> = { 1: '1 channel (gray)', 2: '2 channels (gray, alpha)', 3: '3 channels (RGB)', 4: '4 channels (RGBA)' };

/** Index of a named channel in an image with c stored channels, or null when it has none such. */
function channelIndex(name: Exclude<ChannelName, 'gray'>, c: number): number | null {
  if (name === 'a') return c === 2 ? 1 : c === 4 ? 3 : null;
  if (c <= 2) return null;
  return { r: 0, g: 1, b: 2 }[name];
}

/** Digits of the widest value of one channel (element i·stride + offset of each of the height·width pixels). */
function widestValue(values: ArrayLike<number>, count: number, stride: number, offset: number): number {
  let wide = 1;
  for (let i = 0; i < count; i++) wide = Math.max(wide, String(values[i * stride + offset]).length);
  return wide;
}

/** Rows of right-aligned integers, one space apart, every column `wide` characters (default: the widest value). */
export function formatMatrix(values: ArrayLike<number>, height: number, width: number, stride = 1, offset = 0, wide = widestValue(values, height * width, stride, offset)): string[] {
  const lines: string[] = [];
  for (let y = 0; y < height; y++) {
    const row: string[] = [];
    for (let x = 0; x < width; x++) row.push(String(values[(y * width + x) * stride + offset]).padStart(wide));
    lines.push(row.join(' '));
  }
  return lines;
}

export function pixelsCommand(path: string, args: PixelsArgs, out: (s: string) => void): void {
  const img = readImage(path);
  const [h, w, c] = img.shape as [number, number, number];
  let region = args.region;
  let note = '';
  if (!region) {
    region = { x: 0, y: 0, width: Math.min(w, DEFAULT_REGION_SIZE), height: Math.min(h, DEFAULT_REGION_SIZE) };
    if (region.width < w || region.height < h)
      note = ` (the top-left ${region.width}×${region.height} of the image; choose another with --region x,y,width,height)`;
  }
  try {
    checkRegion(region, w, h, '--region');
  } catch (e) {
    throw new UsageError(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const part = crop(img, region);
  // What to print: one channel, or each stored colour channel (alpha only when asked for).
  let planes: { label: string; image: Tensor; index: number; stride: number }[];
  if (args.channel === 'gray') {
    planes = [{ label: c >= 3 ? "gray (ITU-R 601 luma, as PIL's convert('L'))" : 'gray', image: toGrayscale(part), index: 0, stride: 1 }];
  } else if (args.channel) {
    const index = channelIndex(args.channel, c);
    if (index === null) throw new UsageError(`${path}: has ${STORED[c] ?? `${c} channels`}, no ${CHANNEL_LABEL[args.channel]} channel`);
    planes = [{ label: CHANNEL_LABEL[args.channel], image: part, index, stride: c }];
  } else {
    const colour = c >= 3 ? (['r', 'g', 'b'] as const) : (['gray'] as const);
    planes = colour.map((name, index) => ({ label: CHANNEL_LABEL[name], image: part, index, stride: c }));
  }
  out(`${path}: ${w}×${h} pixels (width × height), ${STORED[c] ?? `${c} channels`}, 8-bit values 0–255`);
  out(`region x=${region.x}, y=${region.y}, width=${region.width}, height=${region.height}: columns ${region.x}–${region.x + region.width - 1}, rows ${region.y}–${region.y + region.height - 1}${note}`);
  // One column width for every printed channel, so that their matrices line up.
  const n = region.width * region.height;
  const wide = Math.max(...planes.map((p) => widestValue(p.image.dataView(), n, p.stride, p.index)));
  for (const p of planes) {
    out('');
    out(`${p.label}:`);
    for (const line of formatMatrix(p.image.dataView(), region.height, region.width, p.stride, p.index, wide)) out(line);
  }
}
