/**
 * The conv family on the wasm backend (both builds) against the reference's arrays: 70 geometries
 * (lecture convs, pointwise, grouped, depthwise, several position chunks, output 0x0, random), through
 * `Backend.run` on 1 thread and on 3 threads split per image (forward and input grad bit-identical,
 * weight grad within rounding), plus raw sub-range calls of the exports.
 */
import type { Conv2dGeometry } from '../../src/engine/geometry.js';
import { after, test } from 'node:test';
import { makeRng, randInt } from '../helpers/rng.js';
import {
  conv2dArrays, conv2dInputGradArrays, conv2dWeightGradArrays,
} from '../../src/backend/reference/kernels/conv.js';
import type { Conv2dAttrs } from '../../src/engine/primitives.js';
import type { WasmBackend } from '../../src/backend/wasm/index.js';
import { BUILDS, assertClose, assertIdentical, backendFor, closeBackends, randArray, rawModule, runPrim, upload } from './harness.js';

after(closeBackends);

function outSize(size: number, k: number, stride: number, pad: number, dil: number): number {
  return Math.floor((size + 2 * pad - dil * (k - 1) - 1) / stride) + 1;
}

interface Case { g: Conv2dGeometry; bias: boolean }

function makeCase(n: number, c: number, h: number, w: number, oc: number, kh: number, kw: number,
  s: [number, number], p: [number, number], d: [number, number], groups: number, bias: boolean): Case {
  return {
    g: {
      n, c, h, w, oc, kh, kw, oh: outSize(h, kh, s[0], p[0], d[0]), ow: outSize(w, kw, s[1], p[1], d[1]),
      strideH: s[0], strideW: s[1], padH: p[0], padW: p[1], dilationH: d[0], dilationW: d[1], groups,
    },
    bias,
  };
}

function randomCases(seed: number, count: number): Case[] {
  const rng = makeRng(seed);
  const cases: Case[] = [
    makeCase(3, 1, 28, 28, 32, 3, 3, [1, 1], [0, 0], [1, 1], 1, true),        // lecture conv1
    makeCase(3, 32, 13, 13, 64, 3, 3, [1, 1], [0, 0], [1, 1], 1, true),       // lecture conv2
    makeCase(2, 8, 9, 7, 12, 1, 1, [1, 1], [0, 0], [1, 1], 2, true),          // pointwise, grouped
    makeCase(2, 6, 10, 11, 6, 3, 3, [2, 1], [1, 1], [1, 2], 6, false),        // depthwise
    makeCase(2, 4, 8, 8, 8, 3, 3, [1, 1], [1, 1], [1, 1], 4, true),           // depthwise multiplier 2
    makeCase(1, 8, 64, 64, 4, 3, 3, [1, 1], [1, 1], [1, 1], 1, false),        // several position chunks
    makeCase(1, 512, 10, 10, 4, 3, 3, [1, 1], [1, 1], [1, 1], 1, true),       // tiny chunks (kdim > 4096)
    makeCase(2, 3, 5, 5, 4, 1, 1, [2, 2], [1, 1], [1, 1], 1, true),           // 1x1 but strided/padded
    makeCase(2, 2, 4, 4, 3, 5, 5, [1, 1], [0, 0], [1, 1], 1, true),           // output 0x0
  ];
  while (cases.length < count) {
    const groups = randInt(rng, 1, 3);
    const cg = randInt(rng, 1, 4), ocg = randInt(rng, 1, 5);
    const kh = randInt(rng, 1, 4), kw = randInt(rng, 1, 4);
    const s: [number, number] = [randInt(rng, 1, 3), randInt(rng, 1, 3)];
    const d: [number, number] = [randInt(rng, 1, 2), randInt(rng, 1, 2)];
    const p: [number, number] = [randInt(rng, 0, 2), randInt(rng, 0, 2)];
    const h = randInt(rng, 1, 12), w = randInt(rng, 1, 12);
    const c = makeCase(randInt(rng, 1, 4), cg * groups, h, w, ocg * groups, kh, kw, s, p, d, groups, rng() < 0.5);
    if (c.g.oh < 1 || c.g.ow < 1) continue;
    cases.push(c);
  }
  return cases;
}

function attrsOf(g: Conv2dGeometry): Conv2dAttrs {
  return { stride: [g.strideH, g.strideW], padding: [g.padH, g.padW], dilation: [g.dilationH, g.dilationW], groups: g.groups };
}

function label(g: Conv2dGeometry): string {
  return `N${g.n} C${g.c} ${g.h}x${g.w} OC${g.oc} k${g.kh}x${g.kw} s${g.strideH},${g.strideW} p${g.padH},${g.padW} d${g.dilationH},${g.dilationW} g${g.groups}`;
}

function runAll(b: WasmBackend, cs: Case, x: Float32Array, w: Float32Array, bias: Float32Array, dy: Float32Array):
  { y: Float32Array; dx: Float32Array; dw: Float32Array } {
  const { g } = cs;
  const xShape = [g.n, g.c, g.h, g.w], wShape = [g.oc, g.c / g.groups, g.kh, g.kw], yShape = [g.n, g.oc, g.oh, g.ow];
  const attrs = attrsOf(g);
  const xa = upload(b, x, xShape), wa = upload(b, w, wShape), dya = upload(b, dy, yShape);
  return {
    y: runPrim(b, 'conv2d', cs.bias ? [xa, wa, upload(b, bias, [g.oc])] : [xa, wa], attrs, yShape),
    dx: runPrim(b, 'conv2dInputGrad', [dya, wa], attrs, xShape),
    dw: runPrim(b, 'conv2dWeightGrad', [xa, dya], attrs, wShape),
  };
}

for (const build of BUILDS) {
  test(`wasm conv2d (${build}): forward / input grad / weight grad vs reference, 1 and 3 threads`, async () => {
    const b1 = await backendFor(build, 1);
    const b3 = await backendFor(build, 3);
    const jobs0 = b3.parallelJobs;
    const rng = makeRng(5150);
    for (const cs of randomCases(42, 70)) {
      const { g } = cs;
      const x = randArray(rng, g.n * g.c * g.h * g.w);
      const w = randArray(rng, g.oc * (g.c / g.groups) * g.kh * g.kw);
      const b = randArray(rng, g.oc);
      const dy = randArray(rng, g.n * g.oc * g.oh * g.ow);
      const ey = conv2dArrays(x, w, cs.bias ? b : null, g);
      const edx = conv2dInputGradArrays(dy, w, g);
      const edw = conv2dWeightGradArrays(x, dy, g);
      const r1 = runAll(b1, cs, x, w, b, dy);
      const l = `${build} ${label(g)} bias=${cs.bias}`;
      assertClose(r1.y, ey, `${l} forward`);
      assertClose(r1.dx, edx, `${l} input grad`);
      assertClose(r1.dw, edw, `${l} weight grad`);
      // image ranges split over 3 threads: forward / input grad bit-identical, weight grad close
      const r3 = runAll(b3, cs, x, w, b, dy);
      assertIdentical(r3.y, r1.y, `${l} forward, 3 threads`);
      assertIdentical(r3.dx, r1.dx, `${l} input grad, 3 threads`);
      assertClose(r3.dw, r1.dw, `${l} weight grad, 3 threads`);
    }
    if (b3.parallelJobs === jobs0) throw new Error('the 3-thread backend never split a conv');
    if (b1.parallelJobs !== 0) throw new Error('the 1-thread backend ran split calls');
  });

  test(`wasm conv2d (${build}): raw sub-range calls equal one full-range call`, async () => {
    const m = await rawModule(build);
    const e = m.exports;
    const rng = makeRng(8);
    const cs = makeCase(5, 4, 9, 9, 6, 3, 3, [1, 1], [1, 1], [1, 1], 2, true);
    const { g } = cs;
    const x = m.upload(randArray(rng, g.n * g.c * g.h * g.w));
    const w = m.upload(randArray(rng, g.oc * (g.c / g.groups) * g.kh * g.kw));
    const b = m.upload(randArray(rng, g.oc));
    const dy = m.upload(randArray(rng, g.n * g.oc * g.oh * g.ow));
    const geom = m.words([g.n, g.c, g.h, g.w, g.oc, g.kh, g.kw, g.oh, g.ow, g.strideH, g.strideW, g.padH, g.padW, g.dilationH, g.dilationW, g.groups]);
    const s = m.alloc(e.conv2d_f32_scratch_bytes(geom));
    const ny = g.n * g.oc * g.oh * g.ow, nx = g.n * g.c * g.h * g.w, nw = g.oc * (g.c / g.groups) * 9;
    const y1 = m.alloc(ny * 4), y2 = m.alloc(ny * 4), dx1 = m.alloc(nx * 4), dx2 = m.alloc(nx * 4);
    m.f32(y2, ny).fill(NaN);
    m.f32(dx2, nx).fill(NaN);
    e.conv2d_f32(geom, x, w, b, y1, 0, g.n, s);
    e.conv2dInputGrad_f32(geom, dy, w, dx1, 0, g.n, s);
    for (const [n0, n1] of [[3, 5], [0, 1], [1, 3]] as const) {
      e.conv2d_f32(geom, x, w, b, y2, n0, n1, s);
      e.conv2dInputGrad_f32(geom, dy, w, dx2, n0, n1, s);
    }
    assertIdentical(m.download(y2, ny), m.download(y1, ny), 'forward pieces');
    assertIdentical(m.download(dx2, nx), m.download(dx1, nx), 'input grad pieces');
    // weight grad: partial sums over [0,2) and [2,5) add up to the full one
    const dwFull = m.alloc(nw * 4), dwA = m.alloc(nw * 4), dwB = m.alloc(nw * 4);
    m.f32(dwA, nw).fill(NaN);
    e.conv2dWeightGrad_f32(geom, x, dy, dwFull, 0, g.n, s);
    e.conv2dWeightGrad_f32(geom, x, dy, dwA, 0, 2, s);
    e.conv2dWeightGrad_f32(geom, x, dy, dwB, 2, g.n, s);
    const a = m.download(dwA, nw), bb = m.download(dwB, nw);
    assertClose(a.map((v, i) => v + bb[i]!), m.download(dwFull, nw), 'weight grad partials');
  });
}
