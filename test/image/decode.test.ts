import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage, decodePngAsync, decodePngSync, readImage, toGrayscale, crop } from '../../src/io/image/index.js';
import { decodeImage as decodeImageBrowser } from '../../src/io/image/browser.js';
import type { GoldenTensor } from '../helpers/paths.js';
import { sharedData } from '../helpers/paths.js';
import { assertClose, fixturePath, readFixtureJson } from './helpers.js';

interface SmallCase {
  file: string;
  note: string;
  expected: GoldenTensor;
}
interface PhotoCase {
  file: string;
  mode: string;
  shape: number[];
  region: { x: number; y: number; width: number; height: number };
  regionPixels: GoldenTensor;
  sum: number;
  channelMeans: number[];
  graySum: number;
}
const fixture = readFixtureJson<{ cases: SmallCase[]; photos: PhotoCase[] }>('decode.json');

/**
 * JPEG tolerance, our decoder (jpeg-js + libjpeg's chroma upsampling and colour rounding) versus PIL's
 * libjpeg-turbo, in levels per pixel and channel. Only the IDCTs differ (by ≤ 1 level in Y, Cb, Cr, which the
 * colour conversion can turn into 3). Measured: max 3 on every fixture (4:4:4, 4:2:0, 4:2:2; 88–89% of values
 * equal, mean |diff| ≤ 0.15), 0 on the gray one; rocket.jpg: max 3, 91% equal, channel means within 0.13.
 */
const JPEG_TOL = 3;
const JPEG_PHOTO_TOL = 3;
const jpegTolerance = (_file: string): number => JPEG_TOL;

function sumOf(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

describe('decodeImage equals PIL/skimage on every PNG colour type and depth', () => {
  for (const c of fixture.cases) {
    test(`${c.file}: ${c.note}`, () => {
      const img = readImage(fixturePath(c.file));
      assert.equal(img.dtype, 'uint8');
      assertClose(img, c.expected, c.file, c.file.endsWith('.jpg') ? jpegTolerance(c.file) : 0);
    });
  }
});

describe('format is sniffed from the bytes, not the name', () => {
  test('a PNG named .jpg and a JPEG passed as bytes', () => {
    const png = readFileSync(fixturePath('rgb8.png'));
    const a = decodeImage(png, 'looks-like.jpg');
    assert.deepEqual(a.shape, [5, 7, 3]);
    const jpg = decodeImage(readFileSync(fixturePath('gray.jpg')));
    assert.deepEqual(jpg.shape, [16, 24, 1]);
  });
});

describe('shared photos (../shared/data/photos)', { skip: sharedData === null ? 'no ../shared/data' : false }, () => {
  for (const p of fixture.photos) {
    test(`${p.file} region ${p.region.x},${p.region.y},${p.region.width},${p.region.height} equals PIL`, () => {
      const img = readImage(join(sharedData!, 'photos', p.file));
      assert.deepEqual([...img.shape], p.shape);
      const isJpeg = p.file.endsWith('.jpg');
      assertClose(crop(img, p.region), p.regionPixels, p.file, isJpeg ? JPEG_PHOTO_TOL : 0);
      const [, , ch] = img.shape as [number, number, number];
      const data = img.dataView();
      if (!isJpeg) {
        assert.equal(sumOf(data), p.sum, `${p.file}: sum of all pixels`);
        assert.equal(sumOf(toGrayscale(img).dataView()), p.graySum, `${p.file}: sum of PIL convert('L')`);
      }
      for (let c = 0; c < ch; c++) {
        let s = 0;
        for (let i = c; i < data.length; i += ch) s += data[i]!;
        const mean = s / (data.length / ch);
        assert.ok(Math.abs(mean - p.channelMeans[c]!) <= (isJpeg ? 0.2 : 1e-6), `${p.file}: channel ${c} mean ${mean} vs PIL ${p.channelMeans[c]}`);
      }
    });
  }
});

describe('the browser PNG decoder (png-pure.ts: sync over inflate.ts, async over DecompressionStream) equals pngjs', () => {
  const pngs = fixture.cases.map((c) => c.file).filter((f) => f.endsWith('.png'));
  test(`${pngs.length} fixtures in every colour type, depth and interlacing`, async () => {
    for (const f of pngs) {
      const bytes = readFileSync(fixturePath(f));
      const want = Array.from(decodeImage(bytes, f).dataView());
      for (const got of [await decodePngAsync(bytes, f), decodePngSync(bytes, f), decodeImageBrowser(bytes, f)]) {
        assert.deepEqual(got.shape, decodeImage(bytes, f).shape, f);
        assert.deepEqual(Array.from(got.dataView()), want, f);
      }
    }
  });
  test('shared photos', { skip: sharedData === null ? 'no ../shared/data' : false }, async () => {
    for (const f of ['coins.png', 'chelsea.png', 'horse.png', 'page.png']) {
      const bytes = readFileSync(join(sharedData!, 'photos', f));
      const b = decodeImage(bytes, f);
      for (const a of [await decodePngAsync(bytes, f), decodePngSync(bytes, f)]) {
        assert.deepEqual(a.shape, b.shape, f);
        assert.ok(Buffer.from(a.dataView()).equals(Buffer.from(b.dataView())), `${f}: pixels differ`);
      }
    }
  });
  test('truncated and corrupt input: errors name the input', async () => {
    const bytes = readFileSync(fixturePath('rgb8.png'));
    await assert.rejects(decodePngAsync(bytes.subarray(0, 60), 'cut.png'), /^Error: cut\.png: corrupt or truncated PNG image \(/);
    const flipped = Buffer.from(bytes);
    const idat = flipped.indexOf('IDAT');
    for (let i = idat + 6; i < idat + 30; i++) flipped[i] = flipped[i]! ^ 0x5a;
    await assert.rejects(decodePngAsync(flipped, 'flipped.png'), /^Error: flipped\.png: corrupt or truncated PNG image/);
    assert.throws(() => decodePngSync(bytes.subarray(0, 60), 'cut.png'), /^Error: cut\.png: corrupt or truncated PNG image \(/);
    assert.throws(() => decodePngSync(flipped, 'flipped.png'), /^Error: flipped\.png: corrupt or truncated PNG image/);
  });
});
