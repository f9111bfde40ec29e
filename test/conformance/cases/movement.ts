/**
 * Cases of the data-movement primitives (permute, slice, pad, concat, broadcastTo). Movement is exact,
 * so every dtype runs (32- and 8-bit kernels) and special values (NaN, -0) must come through bit for
 * bit; shapes go up to rank 5, with size-0 axes, empty concat parts, strided slices and pad values that
 * int32 and uint8 convert (−1.5, Infinity, 300).
 */
import type { CaseDType, PrimitiveCase, Rng } from '../case.js';
import { describeInputs, forCase as data, int, rngFor, shapeOf, uniform } from '../case.js';

const DTYPES: readonly CaseDType[] = ['float', 'int32', 'uint8', 'bool'];

/** A random permutation of 0..n-1. */
function permutation(rng: Rng, n: number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = int(rng, 0, i);
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

function permuteCases(): PrimitiveCase<'permute'>[] {
  const rng = rngFor('permute');
  const cases: PrimitiveCase<'permute'>[] = [];
  for (let i = 0; i < 8; i++) {
    // The first four are smooth float cases (gradient-checked); then every dtype once, floats with specials.
    const gradient = i < 4;
    const dt = gradient ? 'float' : DTYPES[i % 4]!;
    const shape = shapeOf(rng, gradient ? 1 : 0, gradient ? 4 : 5, 4, gradient ? 0 : 0.1);
    const perm = permutation(rng, shape.length);
    const x = data(rng, dt, shape, gradient);
    cases.push({ name: `#${i} ${describeInputs([x])} perm [${perm.join(',')}]`, inputs: [x], attrs: { perm }, out: perm.map((p) => shape[p]!), gradient });
  }
  const x = uniform(rng, [2, 3, 4]);
  cases.push({ name: 'smooth, reverse axes', inputs: [x], attrs: { perm: [2, 1, 0] }, out: [4, 3, 2], gradient: true });
  const big = uniform(rng, [17, 33, 3]);
  cases.push({ name: 'larger', inputs: [big], attrs: { perm: [1, 2, 0] }, out: [33, 3, 17], gradient: false });
  return cases;
}

function sliceCases(): PrimitiveCase<'slice'>[] {
  const rng = rngFor('slice');
  const cases: PrimitiveCase<'slice'>[] = [];
  for (let i = 0; i < 8; i++) {
    // The first four are smooth float cases (gradient-checked); then every dtype once, floats with specials.
    const gradient = i < 4;
    const dt = gradient ? 'float' : DTYPES[i % 4]!;
    const shape = shapeOf(rng, 1, 5, 6);
    const begin = shape.map((d) => int(rng, 0, Math.max(0, d - 1)));
    const step = shape.map(() => int(rng, 1, 3));
    // Any length up to what fits from begin with this step (0 included).
    const out = shape.map((d, a) => int(rng, gradient ? Math.min(1, d - begin[a]!) : 0, Math.ceil((d - begin[a]!) / step[a]!)));
    const x = data(rng, dt, shape, gradient);
    cases.push({ name: `#${i} ${describeInputs([x])} begin [${begin.join(',')}] step [${step.join(',')}]`, inputs: [x], attrs: { begin, step }, out, gradient });
  }
  const x = uniform(rng, [0, 4]);
  cases.push({ name: 'empty input', inputs: [x], attrs: { begin: [0, 1], step: [1, 2] }, out: [0, 2], gradient: false });
  return cases;
}

function padCases(): PrimitiveCase<'pad'>[] {
  const rng = rngFor('pad');
  const cases: PrimitiveCase<'pad'>[] = [];
  // Moderate values for the four gradient cases (a large pad value makes L large, and its rounding noise too),
  // then values that int32 and uint8 convert (300 wraps in uint8; Infinity is 0 in both).
  const valuesToTry = [0, -1.5, 0.5, 2, Infinity, -1.5, 300, Infinity];
  for (let i = 0; i < 8; i++) {
    // The first four are smooth float cases (gradient-checked); then every dtype once, floats with specials.
    const gradient = i < 4;
    const dt = gradient ? 'float' : DTYPES[i % 4]!;
    const shape = shapeOf(rng, gradient ? 1 : 0, 4, 4, gradient ? 0 : 0.1);
    const pads = shape.map((): [number, number] => [int(rng, 0, 2), int(rng, 0, 2)]);
    const value = valuesToTry[i]!;
    const x = data(rng, dt, shape, gradient);
    const out = shape.map((d, a) => d + pads[a]![0] + pads[a]![1]);
    cases.push({ name: `#${i} ${describeInputs([x])} pads ${JSON.stringify(pads)} value ${value}`, inputs: [x], attrs: { pads, value }, out, gradient });
  }
  const x = uniform(rng, [3, 40]);
  cases.push({ name: 'NaN fill', inputs: [x], attrs: { pads: [[1, 0], [0, 3]], value: NaN }, out: [4, 43], gradient: false });
  return cases;
}

function concatCases(): PrimitiveCase<'concat'>[] {
  const rng = rngFor('concat');
  const cases: PrimitiveCase<'concat'>[] = [];
  for (let i = 0; i < 8; i++) {
    // The first four are smooth float cases (gradient-checked); then every dtype once, floats with specials.
    const gradient = i < 4;
    const dt = gradient ? 'float' : DTYPES[i % 4]!;
    const shape = shapeOf(rng, 1, 4, 4);
    const axis = int(rng, 0, shape.length - 1);
    const count = int(rng, 1, 4);
    const parts = Array.from({ length: count }, () => data(rng, dt, shape.map((d, a) => (a === axis ? int(rng, gradient ? 1 : 0, 3) : d)), gradient));
    const out = shape.map((d, a) => (a === axis ? parts.reduce((s, p) => s + p.shape[a]!, 0) : d));
    cases.push({ name: `#${i} ${describeInputs(parts)} axis ${axis}`, inputs: parts, attrs: { axis }, out, gradient });
  }
  const parts = [uniform(rng, [2, 0, 3]), uniform(rng, [2, 5, 3]), uniform(rng, [2, 0, 3])];
  cases.push({ name: 'empty parts', inputs: parts, attrs: { axis: 1 }, out: [2, 5, 3], gradient: false });
  return cases;
}

function broadcastToCases(): PrimitiveCase<'broadcastTo'>[] {
  const rng = rngFor('broadcastTo');
  const cases: PrimitiveCase<'broadcastTo'>[] = [];
  for (let i = 0; i < 8; i++) {
    // The first four are smooth float cases (gradient-checked); then every dtype once, floats with specials.
    const gradient = i < 4;
    const dt = gradient ? 'float' : DTYPES[i % 4]!;
    const out = shapeOf(rng, 1, 5, 4);
    const lead = int(rng, 0, out.length - 1);
    const src = out.slice(lead).map((d) => (rng() < 0.5 ? 1 : d));
    const x = data(rng, dt, src, gradient);
    cases.push({ name: `#${i} ${describeInputs([x])} → [${out.join(',')}]`, inputs: [x], attrs: {}, out, gradient });
  }
  const x = uniform(rng, []);
  cases.push({ name: 'scalar to a long row', inputs: [x], attrs: {}, out: [1001], gradient: false });
  cases.push({ name: 'to an empty shape', inputs: [uniform(rng, [1, 3])], attrs: {}, out: [0, 3], gradient: false });
  return cases;
}

export const movementCaseTable = {
  permute: permuteCases(),
  slice: sliceCases(),
  pad: padCases(),
  concat: concatCases(),
  broadcastTo: broadcastToCases(),
};
