/** Turning a float feature map into viewable 0–255 bytes, and saying how. Browser-safe. */

export type RescaleMode = 'linear' | 'abs' | 'clip';

export interface Rescaled {
  bytes: Uint8Array;
  /** One line saying how values were mapped, e.g. "linear: min −312 → 0, max 405 → 255". */
  description: string;
}

/** Numbers as the lecture writes them: integers plainly, others with up to 3 decimals; a real minus sign. */
export function formatValue(v: number): string {
  const s = Number.isInteger(v) ? String(v) : String(Number(v.toFixed(3)));
  return s.replace('-', '−');
}

/**
 * Maps values to bytes (rounded to nearest, halves up):
 * - 'linear': min → 0, max → 255 (a constant map becomes all 0);
 * - 'abs': |v|, 0 → 0, max |v| → 255 (edge maps: strong responses of either sign are bright);
 * - 'clip': v itself, clamped to [0, 255] (for kernels that keep the brightness range, such as sharpen).
 */
export function rescaleForViewing(values: ArrayLike<number> & Iterable<number>, mode: RescaleMode): Rescaled {
  let min = Infinity;
  let max = -Infinity;
  let maxAbs = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
  }
  const toByte = (v: number): number => (v <= 0 ? 0 : v >= 255 ? 255 : Math.floor(v + 0.5));
  if (mode === 'clip') {
    let clipped = 0;
    const bytes = Uint8Array.from(values, (v) => {
      if (v < 0 || v > 255) clipped++;
      return toByte(v);
    });
    const pct = ((100 * clipped) / Math.max(1, values.length)).toFixed(1);
    return { bytes, description: `clip: values kept as they are, clamped to 0–255 (min ${formatValue(min)}, max ${formatValue(max)}; ${clipped} values = ${pct}% clipped)` };
  }
  if (mode === 'abs') {
    const scale = maxAbs > 0 ? 255 / maxAbs : 0;
    const bytes = Uint8Array.from(values, (v) => toByte(Math.abs(v) * scale));
    return { bytes, description: `abs: |v|, 0 → 0, max |v| ${formatValue(maxAbs)} → 255, linear (min ${formatValue(min)}, max ${formatValue(max)})` };
  }
  const range = max - min;
  const scale = range > 0 ? 255 / range : 0;
  const bytes = Uint8Array.from(values, (v) => toByte((v - min) * scale));
  return { bytes, description: range > 0 ? `linear: min ${formatValue(min)} → 0, max ${formatValue(max)} → 255` : `linear: every value is ${formatValue(min)} → 0` };
}
