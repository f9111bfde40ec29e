/**
 * Non-null assertions (`x!`) in src/ are allowed only where the code around them guarantees the value:
 * every file that has any is listed below with its count and why they hold. A count may only go down:
 * a new `!` must be justified here (or, better, written so the type system knows), and a file whose count
 * dropped must have its entry lowered (or removed at 0), so the list never hides headroom.
 * Count them with `node --import tsx scripts/count-non-null.ts --lines`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countByFile, nonNullSites, scanSrc } from './non-null-scan.js';

interface Allowed {
  /** The file's number of non-null assertions today. */
  readonly count: number;
  /** Why they hold, concretely: which check or loop bound guarantees each read. */
  readonly why: string;
}

/** Paths relative to the repository root. */
const ALLOWED: Readonly<Record<string, Allowed>> = {
  // Reference kernels: plain loops over shapes and attributes that the ops in src/tensor/ops computed and
  // checked (output shapes, broadcast strides, normalised axes), so every index is below its array's length.
  'src/backend/reference/kernels/conv.ts': { count: 10, why: 'reference conv loops: indices bounded by the geometry checked in engine/geometry.ts (conv2dGeometry)' },
  'src/backend/reference/kernels/elementwise.ts': { count: 26, why: 'reference elementwise loops: i < out.length = the broadcast size; offsets from broadcastStrides and forEachRow (one offset per strides list)' },
  'src/backend/reference/kernels/movement.ts': { count: 21, why: 'reference copy loops: perm/begin/step/pads have one entry per axis (made by the ops in tensor/ops/movement.ts); offsets from forEachRow' },
  'src/backend/reference/kernels/pool.ts': { count: 6, why: 'reference pool loops: window indices bounded by the geometry checked in engine/geometry.ts (pool2dGeometry)' },
  'src/backend/reference/kernels/reduce.ts': { count: 18, why: 'reference reductions: axes normalised by the op; offsets from forEachRow over the input shape, acc has the output size' },
  'src/backend/reference/lib/gemm.ts': { count: 48, why: 'reference gemm: packing and micro-kernel indices bounded by M, N, K and the panel sizes the caller allocates' },
  'src/backend/reference/lib/strided.ts': { count: 11, why: 'forEachRow odometer: ax < rank and k < strides.length, one stride list per operand of the same rank' },
  'src/backend/reference/kernels/indexing.ts': { count: 37, why: "reference indexing loops: d < rank = strides.length; i < the walked size, which index has (gather's output, scatterAdd's src: both checked by tensor/ops/indexing.ts), so x[xo] and out[oo] are in-range coordinates (other axes op-checked, index values checked against the axis length first); topk heap: slots below heap.length (l, l + 1 tested against it, p < c), entries j < n = line.length, and picked holds k ≤ n (op-checked) of them; searchSorted: lo ≤ mid < hi ≤ s.length" },
  'src/backend/reference/kernels/optim.ts': { count: 29, why: 'reference optimiser loops: i < n, the flat size of g, p and the buffer (checked equal by tensor/ops/optim.ts); state is [k, n] with k checked there, so every row read r·n + i < k·n (row 2 only when k = 3, avgRow = n only when centered, momRow = (k − 1)·n)' },
  'src/backend/reference/kernels/random.ts': { count: 1, why: 'Philox lanes: j < lanes = min(4, n − base) ≤ 4 = block.length (a Uint32Array(4) that philox4x32 fills)' },

  // Wasm backend, host side.
  'src/backend/wasm/allocator.ts': { count: 8, why: 'free list: freeStarts and freeSizes are parallel arrays changed together; indices come from a loop bound or the binary search below their length' },
  'src/backend/wasm/kernels/lib/nd.ts': { count: 13, why: 'loop descriptors: d < rank and j < strides.length, every strides list as long as the shape (checked by the callers\' ops)' },
  'src/backend/wasm/kernels/conv.ts': { count: 3, why: 'weight-gradient partials: one per image range (partials[i] for range i); the summing loop runs over count floats of two count-float views' },
  'src/backend/wasm/kernels/movement.ts': { count: 6, why: 'copy geometry: perm/begin/step/pads have one entry per input axis (made by the ops in tensor/ops/movement.ts)' },
  'src/backend/wasm/kernels/reduce.ts': { count: 1, why: "collapse returns one stride list per list given (two here), so loop.strides[1] is the output's" },

  // Image codecs and pixel loops: every index is inside the image the loop walks.
  'src/io/image/jpeg.ts': { count: 14, why: "JPEG upsampling and colour loops: jpeg-js returns width × height × 3 bytes; plane has cw × ch entries and x < cw, y < ch" },
  'src/io/image/jpeg-encode.ts': { count: 5, why: 'JPEG encode pixel loop: src holds w × h pixels of c channels (rank and c checked above), i < w·h' },
  'src/io/image/png-pure.ts': { count: 11, why: "PNG unfilter/unpack: each row's bytes are checked against the inflated length before they are read; palette indices checked against PLTE's length" },
  'src/io/image/png.ts': { count: 2, why: "pixel loops: pngjs returns width × height RGBA pixels; encode reads h × w pixels of c channels (rank and c checked above)" },
  'src/io/image/browser.ts': { count: 1, why: 'pixel loop: getImageData returns width × height RGBA pixels' },
  'src/io/image/convert.ts': { count: 5, why: 'conversion pixel loops: i < src.length, and p + 2 < h·w·c when c ≥ 3' },
  'src/io/image/resize.ts': { count: 10, why: 'resize loops: the taps arrays have oh (ow) entries, clamped into [0, h − 1] ([0, w − 1]) of the source rows (columns)' },
  'src/viz/colormap.ts': { count: 4, why: 'colour-map interpolation: 0 ≤ i ≤ n − 2 keeps both stops in the table; overlay loop over h·w pixels of c and 3 channels' },
  'src/viz/grid.ts': { count: 2, why: 'tile and upscale pixel loops: tile t < K and (y, x, ch) inside its [C, H, W]; (sy, x / factor) a pixel of the source' },
  'src/vision/xo/letters.ts': { count: 1, why: 'rasteriser: x and y are clamped to [0, size − 1] before the pixel is read' },
  'src/cli/filter.ts': { count: 2, why: 'pixel loops: h·w pixels of sc ≥ planes channels in; the rescaled bytes hold planes·oh·ow values' },

  // Numeric loops outside the backends.
  'src/data/transforms.ts': { count: 2, why: 'per-element batch transforms: i < src.length (base + inner ≤ src.length for whole planes)' },
  'src/data/pixel-stats.ts': { count: 1, why: 'uint8 histogram: a Uint8Array value always indexes one of the 256 counts' },
  'src/tensor/random.ts': { count: 2, why: 'Fisher–Yates: 0 ≤ j ≤ i < n, both inside the permutation' },
  'src/tensor/tensor.ts': { count: 1, why: 'castArray, the per-element dtype conversion of a typed array: i < src.length (a for…of there is ~3x slower on mixed array types)' },
  'src/train/confusion-matrix.ts': { count: 3, why: 'IoU from counts: m.length === c·c is checked above, so k·c + j < c·c for k, j < c' },
};

const sites = scanSrc();
const counts = countByFile(sites);

test('the scanner finds non-null assertions by kind, and nothing else', () => {
  const text = [
    'const a = xs[i]!;', // element
    'const b = o.p!;', // property
    'const c = x!;', // identifier
    'const d = f()!;', // call
    'const e = (y ?? z)!;', // other
    'if (a !== b && !c) d != e;', // not assertions
    "const s = 'x!';", // in a string
    '// z!', // in a comment
  ].join('\n');
  const found = nonNullSites('example.ts', text).map((s) => `${s.line} ${s.kind} ${s.text}`);
  assert.deepEqual(found, ['1 element xs[i]', '2 property o.p', '3 identifier x', '4 call f()', '5 other (y ?? z)']);
});

test('every src/ file with non-null assertions is in the allow-list, at its current count', () => {
  const problems: string[] = [];
  for (const [file, n] of counts) {
    const allowed = ALLOWED[file];
    if (allowed === undefined) {
      const lines = sites.filter((s) => s.file === file).map((s) => `  ${file}:${s.line}  ${s.text}!`);
      problems.push(`${file} has ${n} non-null assertion(s) and no entry: write the code so the type system knows, or list it with a justification\n${lines.join('\n')}`);
    } else if (n > allowed.count) {
      const lines = sites.filter((s) => s.file === file).map((s) => `  ${file}:${s.line}  ${s.text}!`);
      problems.push(`${file} has ${n} non-null assertions, more than the ${allowed.count} allowed (${allowed.why}): remove the new ones\n${lines.join('\n')}`);
    } else if (n < allowed.count) {
      problems.push(`${file} has ${n} non-null assertions, fewer than its entry's ${allowed.count}: lower the entry to ${n}`);
    }
  }
  assert.deepEqual(problems, [], problems.join('\n\n'));
});

test('every allow-list entry still has assertions and says why', () => {
  const stale = Object.keys(ALLOWED).filter((file) => !counts.has(file));
  assert.deepEqual(stale, [], `these files have no non-null assertions any more: remove their entries (${stale.join(', ')})`);
  const vague = Object.entries(ALLOWED).filter(([, a]) => a.why.trim().length < 20 || !(a.count > 0)).map(([file]) => file);
  assert.deepEqual(vague, [], `entries need a positive count and a concrete justification: ${vague.join(', ')}`);
});
