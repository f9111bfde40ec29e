/**
 * Drawing one X or O as a grayscale image with random geometry: the letter is a set of strokes
 * (polylines in letter coordinates [−1, 1]²), deformed (wobble, moved ends, squashed O), broken (gaps),
 * scaled, rotated and shifted into pixel coordinates, rasterised with anti-aliased round pens, and
 * finally given pixel noise. Every random number comes from the `Generator` passed in, in a fixed order,
 * so a seed reproduces the image exactly.
 */
import type { Generator } from '../../tensor/random.js';

/** The two classes; the label of a letter is its index here. */
export const XO_CLASSES = ['X', 'O'] as const;
export type XoLetter = (typeof XO_CLASSES)[number];

/** Ranges of the random deformations. `[min, max]` pairs are sampled uniformly. */
export interface LetterDeformation {
  /**
   * Size: pixels per letter unit as a fraction of half the image (the letter spans [−1, 1] units, so 1
   * would fill the image); shrunk when the rotated, deformed letter would not fit.
   */
  readonly scale: readonly [number, number];
  /** Largest rotation either way, in degrees. */
  readonly maxRotationDeg: number;
  /** Largest shift of the letter's centre either way, as a fraction of half the image (kept inside). */
  readonly maxShift: number;
  /** Half-width of the pen in pixels. */
  readonly penRadius: readonly [number, number];
  /** Largest displacement of each X end point, in letter units (the letter spans [−1, 1]). */
  readonly endJitter: number;
  /** Vertical radius of the O relative to its horizontal radius (before rotation). */
  readonly oAspect: readonly [number, number];
  /** Largest sideways wobble of a stroke, in letter units (a sum of two random sine waves). */
  readonly wobble: number;
  /** Chance that a stroke gets a gap; a second gap has the same chance again. */
  readonly gapChance: number;
  /** Length of one gap as a fraction of its stroke. */
  readonly gapLength: readonly [number, number];
  /** Standard deviation of the Gaussian pixel noise (pixels are in [0, 1]). */
  readonly noise: number;
  /** Brightness of the ink (the background is 0). */
  readonly ink: readonly [number, number];
}

/** Training letters: moderately varied. */
export const TRAIN_DEFORMATION: LetterDeformation = {
  scale: [0.45, 0.85],
  maxRotationDeg: 20,
  maxShift: 0.25,
  penRadius: [0.8, 1.9],
  endJitter: 0.15,
  oAspect: [0.7, 1],
  wobble: 0.07,
  gapChance: 0.25,
  gapLength: [0.08, 0.18],
  noise: 0.08,
  ink: [0.7, 1],
};

/** Held-out letters: stronger in every direction (rotation, wobble, broken strokes, thin/thick pens, noise). */
export const HARD_DEFORMATION: LetterDeformation = {
  scale: [0.45, 0.9],
  maxRotationDeg: 30,
  maxShift: 0.3,
  penRadius: [0.7, 2.2],
  endJitter: 0.22,
  oAspect: [0.6, 1],
  wobble: 0.12,
  gapChance: 0.5,
  gapLength: [0.1, 0.22],
  noise: 0.12,
  ink: [0.6, 1],
};

type Point = readonly [number, number];
type Stroke = Point[];

const uniform = (g: Generator, [lo, hi]: readonly [number, number]): number => lo + (hi - lo) * g.uniform();
const symmetric = (g: Generator, max: number): number => (2 * g.uniform() - 1) * max;

/** The undeformed strokes of a letter in [−1, 1]² (y down), with moved X ends and a squashed O. */
function baseStrokes(letter: XoLetter, d: LetterDeformation, g: Generator): Stroke[] {
  if (letter === 'X') {
    const end = (x: number, y: number): Point => [x + symmetric(g, d.endJitter), y + symmetric(g, d.endJitter)];
    const line = (a: Point, b: Point, n = 24): Stroke =>
      Array.from({ length: n + 1 }, (_, k) => [a[0] + ((b[0] - a[0]) * k) / n, a[1] + ((b[1] - a[1]) * k) / n] as const);
    return [line(end(-1, -1), end(1, 1)), line(end(1, -1), end(-1, 1))];
  }
  const aspect = uniform(g, d.oAspect);
  const start = 2 * Math.PI * g.uniform();
  const n = 64;
  return [Array.from({ length: n + 1 }, (_, k) => {
    const t = start + (2 * Math.PI * k) / n;
    return [Math.cos(t), aspect * Math.sin(t)] as const;
  })];
}

/** Moves each point sideways (along the stroke's normal) by a sum of two random sine waves. */
function wobble(stroke: Stroke, amplitude: number, g: Generator): Stroke {
  const waves = [0, 1].map(() => ({ a: amplitude * g.uniform(), f: 0.5 + 2.5 * g.uniform(), p: 2 * Math.PI * g.uniform() }));
  const n = stroke.length - 1;
  return stroke.map(([x, y], k) => {
    // The neighbours along the stroke; an end point is its own neighbour outward.
    const [ax, ay] = stroke[k - 1] ?? [x, y];
    const [bx, by] = stroke[k + 1] ?? [x, y];
    const len = Math.hypot(bx - ax, by - ay) || 1;
    const [nx, ny] = [-(by - ay) / len, (bx - ax) / len];
    const s = k / n;
    const off = waves.reduce((acc, w) => acc + w.a * Math.sin(2 * Math.PI * w.f * s + w.p), 0);
    return [x + off * nx, y + off * ny] as const;
  });
}

/** Cuts up to two gaps out of a stroke; returns the visible pieces (each with ≥ 2 points). */
function breakStroke(stroke: Stroke, d: LetterDeformation, g: Generator): Stroke[] {
  const n = stroke.length - 1;
  const hidden = new Uint8Array(n); // segment k joins points k and k + 1
  for (let gap = 0; gap < 2; gap++) {
    if (g.uniform() >= d.gapChance) break;
    const len = Math.max(1, Math.round(uniform(g, d.gapLength) * n));
    const from = g.int(0, n - len + 1);
    hidden.fill(1, from, from + len);
  }
  const pieces: Stroke[] = [];
  let current: Stroke = [];
  segments(stroke).forEach(([a, b], k) => {
    if (hidden[k]) {
      if (current.length >= 2) pieces.push(current);
      current = [];
      return;
    }
    if (current.length === 0) current.push(a);
    current.push(b);
  });
  if (current.length >= 2) pieces.push(current);
  return pieces;
}

/** A stroke's segments in order: segment k joins points k and k + 1. */
function segments(stroke: Stroke): [Point, Point][] {
  const out: [Point, Point][] = [];
  let prev: Point | null = null;
  for (const p of stroke) {
    if (prev) out.push([prev, p]);
    prev = p;
  }
  return out;
}

/** Distance from (px, py) to the segment a–b. */
function segmentDistance(px: number, py: number, a: Point, b: Point): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - a[0]) * dx + (py - a[1]) * dy) / len2));
  return Math.hypot(px - (a[0] + t * dx), py - (a[1] + t * dy));
}

/** Paints the strokes (pixel coordinates) into `img` [size, size] with a round pen, anti-aliased by distance. */
function rasterise(strokes: readonly Stroke[], size: number, pen: number, ink: number, img: Float32Array): void {
  for (const stroke of strokes) {
    for (const [a, b] of segments(stroke)) {
      const reach = pen + 1;
      const x0 = Math.max(0, Math.floor(Math.min(a[0], b[0]) - reach));
      const x1 = Math.min(size - 1, Math.ceil(Math.max(a[0], b[0]) + reach));
      const y0 = Math.max(0, Math.floor(Math.min(a[1], b[1]) - reach));
      const y1 = Math.min(size - 1, Math.ceil(Math.max(a[1], b[1]) + reach));
      for (let y = y0; y <= y1; y++)
        for (let x = x0; x <= x1; x++) {
          // Pixel (x, y) covers [x, x + 1) × [y, y + 1); its centre is at (x + 0.5, y + 0.5).
          const coverage = Math.min(1, Math.max(0, pen + 0.5 - segmentDistance(x + 0.5, y + 0.5, a, b)));
          const v = coverage * ink;
          // x ∈ [0, size − 1] and y ∈ [0, size − 1] (clamped above), so the pixel is inside img.
          if (v > img[y * size + x]!) img[y * size + x] = v;
        }
    }
  }
}

/** Places strokes given in letter units: rotate by `angle`, scale by `radius` pixels, centre at (cx, cy). */
function place(strokes: readonly Stroke[], angle: number, radius: number, cx: number, cy: number): Stroke[] {
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  return strokes.map((s) => s.map(([x, y]) => [cx + radius * (cos * x - sin * y), cy + radius * (sin * x + cos * y)] as const));
}

/** A centre coordinate in [lo, hi] (the positions that keep the letter inside), within ±maxShift of `mid`. */
function centre(g: Generator, mid: number, maxShift: number, lo: number, hi: number): number {
  const a = Math.max(lo, mid - maxShift);
  const b = Math.min(hi, mid + maxShift);
  const u = g.uniform(); // drawn even when the range is empty, so the sequence does not depend on it
  return a <= b ? a + (b - a) * u : (lo + hi) / 2;
}

/**
 * Draws one letter into a new [size, size] float image with values in [0, 1] (0 background, ink
 * strokes, then clamped Gaussian noise). The letter is shrunk if needed so that it never leaves the
 * image. Consumes random numbers from `g` in a fixed order.
 */
export function drawLetter(letter: XoLetter, size: number, d: LetterDeformation, g: Generator): Float32Array {
  const half = size / 2;
  const wanted = uniform(g, d.scale) * half; // pixels per letter unit
  const angle = (symmetric(g, d.maxRotationDeg) * Math.PI) / 180;
  const pen = uniform(g, d.penRadius);
  const ink = uniform(g, d.ink);
  const shapes = baseStrokes(letter, d, g).map((s) => wobble(s, d.wobble, g));
  // Bounding box of the rotated letter in letter units, to keep it (and its pen) inside the image.
  const unit = place(shapes, angle, 1, 0, 0).flat();
  const [minX, maxX] = [Math.min(...unit.map((p) => p[0])), Math.max(...unit.map((p) => p[0]))];
  const [minY, maxY] = [Math.min(...unit.map((p) => p[1])), Math.max(...unit.map((p) => p[1]))];
  const margin = pen + 1;
  const radius = Math.min(wanted, (size - 2 * margin) / Math.max(maxX - minX, maxY - minY));
  const shift = d.maxShift * half;
  const cx = centre(g, half, shift, margin - radius * minX, size - margin - radius * maxX);
  const cy = centre(g, half, shift, margin - radius * minY, size - margin - radius * maxY);
  const strokes = place(shapes.flatMap((s) => breakStroke(s, d, g)), angle, radius, cx, cy);
  const img = new Float32Array(size * size);
  rasterise(strokes, size, pen, ink, img);
  if (d.noise > 0) img.forEach((v, i) => (img[i] = Math.min(1, Math.max(0, v + d.noise * g.normal()))));
  return img;
}
