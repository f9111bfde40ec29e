import type { Conv2dGeometry } from '../../src/engine/geometry.js';
import { test } from 'node:test';
import { makeRng, randInt } from '../helpers/rng.js';
import {
  conv2dArrays, conv2dInputGradArrays, conv2dWeightGradArrays,
} from '../../src/backend/reference/kernels/conv.js';
import type { Conv2dAttrs } from '../../src/engine/primitives.js';
import { conv2dInputGradWasm, conv2dWasm, conv2dWeightGradWasm } from '../../src/backend/wasm/kernels/conv.js';
import { BUILDS, assertClose, assertIdentical, makeContext, randArray, type TestContext } from './harness.js';

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

function runAll(ctx: TestContext, cs: Case, x: Float32Array, w: Float32Array, b: Float32Array, dy: Float32Array):
  { y: Float32Array; dx: Float32Array; dw: Float32Array } {
  const { g } = cs;
  const xShape = [g.n, g.c, g.h, g.w], wShape = [g.oc, g.c / g.groups, g.kh, g.kw], yShape = [g.n, g.oc, g.oh, g.ow];
  const attrs = attrsOf(g);
  const xb = { ptr: ctx.upload(x), shape: xShape }, wb = { ptr: ctx.upload(w), shape: wShape };
  const dyb = { ptr: ctx.upload(dy), shape: yShape };
  const bb = cs.bias ? { ptr: ctx.upload(b), shape: [g.oc] } : null;
  const yPtr = conv2dWasm(ctx, xb, wb, bb, attrs, yShape);
  const dxPtr = conv2dInputGradWasm(ctx, dyb, wb, attrs, xShape);
  const dwPtr = conv2dWeightGradWasm(ctx, xb, dyb, attrs, wShape);
  return {
    y: ctx.download(yPtr, dy.length),
    dx: ctx.download(dxPtr, x.length),
    dw: ctx.download(dwPtr, w.length),
  };
}

for (const build of BUILDS) {
  test(`wasm conv2d (${build}): forward / input grad / weight grad vs reference`, async () => {
    const ctx1 = await makeContext(build, 1);
    const ctx3 = await makeContext(build, 3);
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
      const r1 = runAll(ctx1, cs, x, w, b, dy);
      const l = `${build} ${label(g)} bias=${cs.bias}`;
      assertClose(r1.y, ey, `${l} forward`);
      assertClose(r1.dx, edx, `${l} input grad`);
      assertClose(r1.dw, edw, `${l} weight grad`);
      // image ranges split over 3 parts: forward / input grad bit-identical, weight grad close
      const r3 = runAll(ctx3, cs, x, w, b, dy);
      assertIdentical(r3.y, r1.y, `${l} forward, 3 parts`);
      assertIdentical(r3.dx, r1.dx, `${l} input grad, 3 parts`);
      assertClose(r3.dw, r1.dw, `${l} weight grad, 3 parts`);
    }
  });

  test(`wasm conv2d (${build}): raw sub-range calls equal one full-range call`, async () => {
    const ctx = await makeContext(build, 1);
    const rng = makeRng(8);
    const cs = makeCase(5, 4, 9, 9, 6, 3, 3, [1, 1], [1, 1], [1, 1], 2, true);
    const { g } = cs;
    const x = ctx.upload(randArray(rng, g.n * g.c * g.h * g.w));
    const w = ctx.upload(randArray(rng, g.oc * (g.c / g.groups) * g.kh * g.kw));
    const b = ctx.upload(randArray(rng, g.oc));
    const dy = ctx.upload(randArray(rng, g.n * g.oc * g.oh * g.ow));
    const words = [g.n, g.c, g.h, g.w, g.oc, g.kh, g.kw, g.oh, g.ow, g.strideH, g.strideW, g.padH, g.padW, g.dilationH, g.dilationW, g.groups];
    const geom = ctx.alloc(64);
    new Int32Array(ctx.memory.buffer, geom, 16).set(words);
    const s = ctx.alloc(ctx.exports.conv2d_f32_scratch_bytes(geom));
    const ny = g.n * g.oc * g.oh * g.ow, nx = g.n * g.c * g.h * g.w, nw = g.oc * (g.c / g.groups) * 9;
    const y1 = ctx.alloc(ny * 4), y2 = ctx.alloc(ny * 4), dx1 = ctx.alloc(nx * 4), dx2 = ctx.alloc(nx * 4);
    ctx.f32(y2, ny).fill(NaN);
    ctx.f32(dx2, nx).fill(NaN);
    ctx.exports.conv2d_f32(geom, x, w, b, y1, 0, g.n, s);
    ctx.exports.conv2d_input_grad_f32(geom, dy, w, dx1, 0, g.n, s);
    for (const [n0, n1] of [[3, 5], [0, 1], [1, 3]]) {
      ctx.exports.conv2d_f32(geom, x, w, b, y2, n0!, n1!, s);
      ctx.exports.conv2d_input_grad_f32(geom, dy, w, dx2, n0!, n1!, s);
    }
    assertIdentical(ctx.download(y2, ny), ctx.download(y1, ny), 'forward pieces');
    assertIdentical(ctx.download(dx2, nx), ctx.download(dx1, nx), 'input grad pieces');
    // weight grad: partial sums over [0,2) and [2,5) add up to the full one
    const dwFull = ctx.alloc(nw * 4), dwA = ctx.alloc(nw * 4), dwB = ctx.alloc(nw * 4);
    ctx.f32(dwA, nw).fill(NaN);
    ctx.exports.conv2d_weight_grad_f32(geom, x, dy, dwFull, 0, g.n, s);
    ctx.exports.conv2d_weight_grad_f32(geom, x, dy, dwA, 0, 2, s);
    ctx.exports.conv2d_weight_grad_f32(geom, x, dy, dwB, 2, g.n, s);
    const a = ctx.download(dwA, nw), bb = ctx.download(dwB, nw);
    assertClose(a.map((v, i) => v + bb[i]!), ctx.download(dwFull, nw), 'weight grad partials');
  });
}
