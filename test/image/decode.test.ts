import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage, readImage, toGrayscale, crop } from '../../src/io/image/index.js';
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
 * JPEG tolerance, jpeg-js versus PIL's libjpeg (levels per pixel and channel). Full-resolution chroma (4:4:4,
 * and gray): only the IDCTs differ; measured ≤ 3 (rocket.jpg: 91% of values equal, channel means within 0.13).
 * 4:2:0 chroma: jpeg-js replicates chroma samples where libjpeg interpolates ("fancy upsampling"); measured ≤ 10.
 */
const JPEG_TOL = 3;
const JPEG_420_TOL = 10;
const JPEG_PHOTO_TOL = 3;
const jpegTolerance = (file: string): number => (file.includes('420') ? JPEG_420_TOL : JPEG_TOL);

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
