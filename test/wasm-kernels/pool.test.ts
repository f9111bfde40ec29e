/**
 * The pool family on the wasm backend (both builds) against the reference's arrays: 80 random
 * geometries each (dilation, padding, ceil mode, ties, NaN, −∞; countIncludePad and divisorOverride
 * for average pooling) through `Backend.run` on 1 thread and on 3 threads split by planes, plus raw
 * plane sub-range calls of the exports.
 */
import type { Pool2dGeometry } from '../../src/engine/geometry.js';
import { after, test } from 'node:test';
import { makeRng, randInt } from '../helpers/rng.js';
import {
  avgPool2dGradArrays, avgPool2dArrays, maxPool2dGradArrays, maxPool2dArrays,
} from '../../src/backend/reference/kernels/pool.js';
import type { AvgPool2dAttrs, Pool2dAttrs } from '../../src/engine/primitives.js';
import { BUILDS, assertClose, assertIdentical, backendFor, closeBackends, randArray, rawModule, runPrim, upload } from './harness.js';

after(closeBackends);

/** PyTorch's output size, with ceil mode (last window must start inside the image or left padding). */
function outSize(size: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  const eff = size + 2 * p - d * (k - 1) - 1;
  let o = (ceil ? Math.ceil(eff / s) : Math.floor(eff / s)) + 1;
  if (ceil && (o - 1) * s >= size + p) o--;
  return o;
}

function randomGeoms(seed: number, count: number, dilation: boolean): Pool2dGeometry[] {
  const rng = makeRng(seed);
  const out: Pool2dGeometry[] = [
    { n: 2, c: 3, h: 26, w: 26, oh: 13, ow: 13, kh: 2, kw: 2, strideH: 2, strideW: 2, padH: 0, padW: 0, dilationH: 1, dilationW: 1 },
    { n: 2, c: 3, h: 11, w: 11, oh: 5, ow: 5, kh: 2, kw: 2, strideH: 2, strideW: 2, padH: 0, padW: 0, dilationH: 1, dilationW: 1 },
    { n: 1, c: 2, h: 11, w: 11, oh: 6, ow: 6, kh: 2, kw: 2, strideH: 2, strideW: 2, padH: 0, padW: 0, dilationH: 1, dilationW: 1 },
  ];
  while (out.length < count) {
    const kh = randInt(rng, 1, 4), kw = randInt(rng, 1, 4);
    const sH = randInt(rng, 1, 3), sW = randInt(rng, 1, 3);
    const pH = randInt(rng, 0, Math.floor(kh / 2)), pW = randInt(rng, 0, Math.floor(kw / 2));
    const dH = dilation ? randInt(rng, 1, 2) : 1, dW = dilation ? randInt(rng, 1, 2) : 1;
    const h = randInt(rng, 1, 12), w = randInt(rng, 1, 12);
    const ceil = rng() < 0.5;
    const oh = outSize(h, kh, sH, pH, dH, ceil), ow = outSize(w, kw, sW, pW, dW, ceil);
    if (oh < 1 || ow < 1) continue;
    out.push({ n: randInt(rng, 1, 3), c: randInt(rng, 1, 4), h, w, oh, ow, kh, kw, strideH: sH, strideW: sW,
      padH: pH, padW: pW, dilationH: dH, dilationW: dW });
  }
  return out;
}

function poolAttrs(g: Pool2dGeometry): Pool2dAttrs {
  return { kernelSize: [g.kh, g.kw], stride: [g.strideH, g.strideW], padding: [g.padH, g.padW], dilation: [g.dilationH, g.dilationW] };
}

function label(g: Pool2dGeometry): string {
  return `N${g.n} C${g.c} ${g.h}x${g.w}->${g.oh}x${g.ow} k${g.kh}x${g.kw} s${g.strideH},${g.strideW} p${g.padH},${g.padW} d${g.dilationH},${g.dilationW}`;
}

for (const build of BUILDS) {
  test(`wasm max pool (${build}): forward / backward vs reference, ties, NaN, -Infinity`, async () => {
    const rng = makeRng(31337);
    for (const threads of [1, 3]) {
      const b = await backendFor(build, threads);
      const jobs0 = b.parallelJobs;
      for (const g of randomGeoms(7, 80, true)) {
        const nx = g.n * g.c * g.h * g.w, ny = g.n * g.c * g.oh * g.ow;
        const x = randArray(rng, nx);
        // quantize to force ties; sprinkle NaN and -Infinity
        for (let i = 0; i < nx; i++) {
          const r = rng();
          if (r < 0.3) x[i] = Math.round(x[i]! * 2) / 2;
          else if (r < 0.35) x[i] = NaN;
          else if (r < 0.45) x[i] = -Infinity;
        }
        const dy = randArray(rng, ny);
        const xShape = [g.n, g.c, g.h, g.w], yShape = [g.n, g.c, g.oh, g.ow];
        const xa = upload(b, x, xShape), dya = upload(b, dy, yShape);
        const y = runPrim(b, 'maxPool2d', [xa], poolAttrs(g), yShape);
        const dx = runPrim(b, 'maxPool2dGrad', [xa, dya], poolAttrs(g), xShape);
        const l = `${build} threads=${threads} ${label(g)}`;
        assertIdentical(y, maxPool2dArrays(x, g), `${l} forward`);
        assertClose(dx, maxPool2dGradArrays(x, dy, g), `${l} backward`, 1e-6);
      }
      if (threads > 1 && b.parallelJobs === jobs0) throw new Error('the 3-thread backend never split a max pool');
    }
  });

  test(`wasm avg pool (${build}): forward / backward vs reference, countIncludePad, divisorOverride, ceil mode`, async () => {
    const rng = makeRng(4242);
    for (const threads of [1, 3]) {
      const b = await backendFor(build, threads);
      const jobs0 = b.parallelJobs;
      for (const g of randomGeoms(11, 80, false)) {
        for (const countIncludePad of [false, true]) {
          for (const divisorOverride of [null, 3]) {
            const nx = g.n * g.c * g.h * g.w, ny = g.n * g.c * g.oh * g.ow;
            const x = randArray(rng, nx), dy = randArray(rng, ny);
            const attrs: AvgPool2dAttrs = { ...poolAttrs(g), countIncludePad, divisorOverride };
            const xShape = [g.n, g.c, g.h, g.w], yShape = [g.n, g.c, g.oh, g.ow];
            const y = runPrim(b, 'avgPool2d', [upload(b, x, xShape)], attrs, yShape);
            const dx = runPrim(b, 'avgPool2dGrad', [upload(b, dy, yShape)], attrs, xShape);
            const l = `${build} threads=${threads} ${label(g)} cip=${countIncludePad} div=${divisorOverride}`;
            assertClose(y, avgPool2dArrays(x, g, countIncludePad, divisorOverride), `${l} forward`, 1e-6);
            assertClose(dx, avgPool2dGradArrays(dy, g, countIncludePad, divisorOverride), `${l} backward`, 1e-6);
          }
        }
      }
      if (threads > 1 && b.parallelJobs === jobs0) throw new Error('the 3-thread backend never split an average pool');
    }
  });

  test(`wasm pools (${build}): raw plane sub-ranges overwrite only their planes`, async () => {
    const m = await rawModule(build);
    const rng = makeRng(3);
    const g: Pool2dGeometry = { n: 2, c: 3, h: 7, w: 6, oh: 4, ow: 3, kh: 3, kw: 2, strideH: 2, strideW: 2, padH: 1, padW: 0, dilationH: 1, dilationW: 1 };
    const nx = g.n * g.c * g.h * g.w, ny = g.n * g.c * g.oh * g.ow;
    const x = m.upload(randArray(rng, nx)), dy = m.upload(randArray(rng, ny));
    const geom = m.words([g.n, g.c, g.h, g.w, g.oh, g.ow, g.kh, g.kw, g.strideH, g.strideW, g.padH, g.padW, 1, 1]);
    const full = { y: m.alloc(ny * 4), dx: m.alloc(nx * 4), ay: m.alloc(ny * 4), adx: m.alloc(nx * 4) };
    const part = { y: m.alloc(ny * 4), dx: m.alloc(nx * 4), ay: m.alloc(ny * 4), adx: m.alloc(nx * 4) };
    for (const p of [part.y, part.ay]) m.f32(p, ny).fill(NaN);
    for (const p of [part.dx, part.adx]) m.f32(p, nx).fill(NaN);
    const e = m.exports;
    const run = (o: typeof full, p0: number, p1: number): void => {
      e.maxPool2d_f32(geom, x, o.y, p0, p1);
      e.maxPool2dGrad_f32(geom, x, dy, o.dx, p0, p1);
      e.avgPool2d_f32(geom, x, o.ay, 1, 0, p0, p1);
      e.avgPool2dGrad_f32(geom, dy, o.adx, 0, 0, p0, p1);
    };
    run(full, 0, 6);
    for (const [p0, p1] of [[4, 6], [0, 1], [1, 4]] as const) run(part, p0, p1);
    assertIdentical(m.download(part.y, ny), m.download(full.y, ny), 'max forward');
    assertIdentical(m.download(part.dx, nx), m.download(full.dx, nx), 'max backward');
    assertIdentical(m.download(part.ay, ny), m.download(full.ay, ny), 'avg forward');
    assertIdentical(m.download(part.adx, nx), m.download(full.adx, nx), 'avg backward');
  });
}
