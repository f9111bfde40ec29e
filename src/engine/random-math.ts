/**
 * What every backend's `randomUniform` kernel shares: the Philox4x32-10 constants (Salmon et al.,
 * "Parallel random numbers: as easy as 1, 2, 3", SC 2011) and how a seed becomes the 2-word key.
 * Element i of the output is word i mod 4 of the block for counter (⌊i/4⌋ mod 2³², ⌊i/2³⁴⌋, 0, 0),
 * its top 24 bits times 2⁻²⁴: a float32 in [0, 1) that is exact, so every backend gives the same bits.
 */

/** The round multipliers (for counter words 0 and 2). */
export const PHILOX_M0 = 0xd2511f53;
export const PHILOX_M1 = 0xcd9e8d57;
/** The key increments between rounds (the golden ratio and √3 − 1, as 32-bit fractions). */
export const PHILOX_W0 = 0x9e3779b9;
export const PHILOX_W1 = 0xbb67ae85;
/** Rounds per block. */
export const PHILOX_ROUNDS = 10;

/** The largest seed + 1: seeds are integers in [0, 2⁵³) so that they survive JSON and float64 exactly. */
export const SEED_LIMIT = 2 ** 53;

/** Whether `seed` is a valid `randomUniform` seed. */
export function isSeed(seed: number): boolean {
  return Number.isInteger(seed) && seed >= 0 && seed < SEED_LIMIT;
}

/** The Philox key of `seed`: its low and high 32-bit words. */
export function philoxKey(seed: number): [number, number] {
  return [seed % 2 ** 32 >>> 0, Math.floor(seed / 2 ** 32) >>> 0];
}
