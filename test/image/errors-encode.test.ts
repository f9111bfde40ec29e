import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decodeImage, decodeImageAsync, readImage, writeImage, encodePng, toFloatNCHW, fromFloatNCHW, toGrayscale, crop, pad, normalize,
} from '../../src/io/image/index.js';
import { fromTypedArray, tensor } from '../../src/tensor/tensor.js';
import { fixturePath } from './helpers.js';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'striate-image-'));
});

describe('bad files give errors that name the file', () => {
  test('missing file', () => {
    const p = join(dir, 'nope.png');
    assert.throws(() => readImage(p), (e: Error) => e.message === `${p}: cannot read image (no such file)`);
  });
  test('a directory', () => assert.throws(() => readImage(dir), new RegExp(`${dir}: cannot read image \\(is a directory\\)`)));
  test('unknown format names what it looks like and the first bytes', () => {
    const p = join(dir, 'pic.png');
    writeFileSync(p, Buffer.from('GIF89a\x01\x00\x01\x00'));
    assert.throws(() => readImage(p), new RegExp(`${p}: not a valid PNG or JPEG image: unknown format \\(looks like GIF\\), first bytes 47 49 46 38 39 61 01 00`));
  });
  test('empty file', () => {
    const p = join(dir, 'empty.jpg');
    writeFileSync(p, Buffer.alloc(0));
    assert.throws(() => readImage(p), /empty\.jpg: not a valid PNG or JPEG image: the file is empty/);
  });
  for (const [file, keep] of [['rgb8.png', 0.6], ['rgb8.png', 0.95], ['gray16.png', 0.5], ['rgb.jpg', 0.5], ['rgb.jpg', 0.9]] as const) {
    test(`${file} truncated to ${keep * 100}% is a corrupt/truncated error`, () => {
      const bytes = readFileSync(fixturePath(file));
      const p = join(dir, `cut-${keep}-${file}`);
      writeFileSync(p, bytes.subarray(0, Math.floor(bytes.length * keep)));
      const format = file.endsWith('.png') ? 'PNG' : 'JPEG';
      assert.throws(() => readImage(p), (e: Error) => e.message.startsWith(`${p}: corrupt or truncated ${format} image (`));
    });
  }
  test('corrupt PNG data (flipped bytes inside IDAT) is a corrupt error', () => {
    const bytes = Buffer.from(readFileSync(fixturePath('rgb8.png')));
    const idat = bytes.indexOf('IDAT');
    for (let i = idat + 6; i < idat + 30; i++) bytes[i] = bytes[i]! ^ 0x5a;
    const p = join(dir, 'flipped.png');
    writeFileSync(p, bytes);
    assert.throws(() => readImage(p), /flipped\.png: corrupt or truncated PNG image/);
  });
  test('decodeImage of bytes names the source it was given', () => {
    assert.throws(() => decodeImage(new Uint8Array([1, 2, 3]), 'upload #3'), /^Error: upload #3: not a valid PNG or JPEG image/);
  });
});

describe('encoding round-trips', () => {
  const cases: [string, number][] = [['gray8.png', 1], ['gray-alpha8.png', 2], ['rgb8.png', 3], ['rgba8.png', 4]];
  for (const [file, c] of cases) {
    test(`${file}: encodePng → decodeImage is identical, C = ${c}`, () => {
      const img = readImage(fixturePath(file));
      const back = decodeImage(encodePng(img));
      assert.deepEqual(back.shape, img.shape);
      assert.deepEqual(Array.from(back.dataView()), Array.from(img.dataView()));
    });
  }
  test('writeImage .png and .jpg (format by extension, atomic: no temp files left)', async () => {
    const img = readImage(fixturePath('rgb8.png'));
    await writeImage(join(dir, 'out.png'), img);
    assert.deepEqual(Array.from(readImage(join(dir, 'out.png')).dataView()), Array.from(img.dataView()));
    const smooth = readImage(fixturePath('rgb.jpg'));
    await writeImage(join(dir, 'out.jpg'), smooth, { quality: 95 });
    const back = readImage(join(dir, 'out.jpg'));
    assert.deepEqual(back.shape, smooth.shape);
    const a = back.dataView();
    const b = smooth.dataView();
    let maxDiff = 0;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
    assert.ok(maxDiff <= 12, `JPEG q95 round trip differs by ${maxDiff} levels`);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp-')), []);
  });
  test('writeImage: unknown extension names the file', async () => {
    const img = readImage(fixturePath('rgb8.png'));
    await assert.rejects(writeImage(join(dir, 'x.gif'), img), /x\.gif: cannot tell the image format from the extension '\.gif'/);
  });
  test('decodeImageAsync (Node: no canvas, falls back to pngjs) equals decodeImage', async () => {
    for (const f of ['palette-trns.png', 'rgb.jpg']) {
      const bytes = readFileSync(fixturePath(f));
      const a = await decodeImageAsync(bytes, f);
      assert.deepEqual(Array.from(a.dataView()), Array.from(decodeImage(bytes, f).dataView()));
    }
  });
});

describe('conversions and transforms', () => {
  test('toFloatNCHW / fromFloatNCHW round trip and layout', () => {
    const img = readImage(fixturePath('rgba8.png')); // [5, 7, 4]
    const x = toFloatNCHW(img);
    assert.deepEqual(x.shape, [4, 5, 7]);
    assert.equal(x.dtype, 'float32');
    // pixel (row 2, col 3), channel 1
    assert.equal(x.dataView()[1 * 35 + 2 * 7 + 3], Math.fround(img.dataView()[(2 * 7 + 3) * 4 + 1]! / 255));
    assert.deepEqual(Array.from(fromFloatNCHW(x).dataView()), Array.from(img.dataView()));
    const batch = toFloatNCHW(img.reshape(1, 5, 7, 4));
    assert.deepEqual(batch.shape, [1, 4, 5, 7]);
    assert.deepEqual(fromFloatNCHW(batch).shape, [1, 5, 7, 4]);
  });
  test('fromFloatNCHW clamps and rounds', () => {
    const t = tensor([-0.5, 0, 0.5 / 255, 1.49 / 255, 1, 7, Number.NaN], { shape: [1, 1, 7] });
    assert.deepEqual(Array.from(fromFloatNCHW(t).dataView()), [0, 0, 1, 1, 255, 255, 0]);
  });
  test('toGrayscale (uint8) equals PIL convert("L") on the RGB fixture', () => {
    // The photo test compares whole-image sums with PIL; here a hand check of the fixed-point formula.
    const rgb = fromTypedArray(new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]), [2, 2, 3], 'uint8');
    assert.deepEqual(Array.from(toGrayscale(rgb).dataView()), [76, 150, 29, 18]);
    const f = toGrayscale(toFloatNCHW(rgb));
    assert.deepEqual(f.shape, [1, 2, 2]);
    assert.ok(Math.abs(f.dataView()[0]! - 0.299) < 1e-6);
  });
  test('crop, pad, normalize', () => {
    const img = readImage(fixturePath('rgb8.png')); // [5, 7, 3]
    const c = crop(img, { x: 2, y: 1, width: 3, height: 2 });
    assert.deepEqual(c.shape, [2, 3, 3]);
    assert.equal(c.dataView()[0], img.dataView()[(1 * 7 + 2) * 3]);
    assert.throws(() => crop(img, { x: 5, y: 0, width: 3, height: 2 }), /crop: region x=5, y=0, width=3, height=2 \(columns 5–7, rows 0–1\) is not inside the 7×5 image/);
    const p = pad(toFloatNCHW(img), { top: 1, bottom: 0, left: 2, right: 3 }, -1);
    assert.deepEqual(p.shape, [3, 6, 12]);
    assert.equal(p.dataView()[0], -1);
    const x = toFloatNCHW(img).unsqueeze(0);
    const n = normalize(x, [0.5, 0.25, 0], [0.5, 0.25, 2]);
    assert.ok(Math.abs(n.dataView()[0]! - (x.dataView()[0]! - 0.5) / 0.5) < 1e-6);
    assert.throws(() => normalize(x, [0.5], [0.5]), /normalize: image has 3 channels but mean has 1 and std 1 entries/);
  });
});
