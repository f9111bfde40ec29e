/**
 * Byte-order helpers. Safetensors data is little-endian; typed arrays use the host byte order,
 * so on a (rare) big-endian host every multi-byte element is swapped on the way in and out.
 */

/** True when the host stores multi-byte numbers little-endian (every mainstream platform). */
export const HOST_IS_LITTLE_ENDIAN: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses the byte order of each `width`-byte element of `bytes`, in place. */
export function swapBytesInPlace(bytes: Uint8Array, width: number): void {
  if (width <= 1) return;
  for (let base = 0; base + width <= bytes.length; base += width) bytes.subarray(base, base + width).reverse();
}
