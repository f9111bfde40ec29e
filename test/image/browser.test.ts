/**
 * The browser image path (src/io/image/browser.ts): it bundles for the browser with no Node modules at all, and in
 * headless Chromium its `decodeImage` (sync) and `decodeImageAsync` give the same pixels as Node's `decodeImage`
 * for every fixture; the canvas fallback (createImageBitmap + OffscreenCanvas) too for opaque images. The Chromium part is skipped when /usr/bin/chromium is missing.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { decodeImage } from '../../src/io/image/index.js';
import { repoRoot } from '../helpers/paths.js';
import { fixturePath } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Bundles browser.ts as an IIFE exposing `striateImage`; fails on pngjs or any static Node import. (Dynamic
 * `import('node:…')` behind the wasm backend's isNode() checks, reached through the tensor core, stay external
 * and never run in a browser.)
 */
async function bundleBrowserModule(): Promise<string> {
  const result = await build({
    // The image module with the built-in backends registered, as the package's browser entry does.
    stdin: {
      contents: `import { installBuiltinBackends } from './src/backend/builtin.ts'; installBuiltinBackends(); export * from './src/io/image/browser.ts';`,
      resolveDir: repoRoot, loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'striateImage',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
    metafile: true,
    external: ['node:*'],
  });
  assert.deepEqual(result.errors, []);
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(!inputs.some((p) => p.includes('pngjs')), `browser bundle pulls in: ${inputs.filter((p) => p.includes('node_modules')).join(', ')}`);
  for (const out of Object.values(result.metafile.outputs))
    for (const imp of out.imports) assert.ok(imp.kind === 'dynamic-import' || !imp.path.startsWith('node:'), `static import of ${imp.path}`);
  return result.outputFiles[0]!.text;
}

describe('browser image path', () => {
  test('bundles for the browser without Node modules (no pngjs, no node:*)', async () => {
    const code = await bundleBrowserModule();
    assert.ok(code.length > 1000);
  });

  const fixtures = JSON.parse(readFileSync(fixturePath('decode.json'), 'utf8')) as { cases: { file: string }[] };
  const files = fixtures.cases.map((c) => c.file);
  // The canvas fallback (no DecompressionStream) is exact only for opaque images: the canvas stores premultiplied
  // alpha, and it applies a gray/RGB tRNS colour.
  const opaque = ['gray8.png', 'rgb8.png', 'palette.png', 'gray1.png', 'gray4.png', 'gray16.png', 'rgb16.png', 'gray2-interlaced.png'];
  test('decodeImageAsync in headless Chromium equals decodeImage in Node', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} missing`, timeout: 60_000 }, async () => {
    const code = await bundleBrowserModule();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], timeout: 30_000 });
    try {
      const page = await browser.newPage();
      await page.setContent('<!doctype html><html><body></body></html>');
      await page.addScriptTag({ content: code });
      for (const file of files) {
        const b64 = readFileSync(fixturePath(file)).toString('base64');
        const got = await page.evaluate(async ([name, data]) => {
          const bytes = Uint8Array.from(atob(data), (ch) => ch.charCodeAt(0));
          type Decoded = Promise<{ shape: number[]; dataView(): ArrayLike<number> }>;
          const api = Reflect.get(globalThis, 'striateImage') as {
            decodeImageAsync: (b: Uint8Array, n: string) => Decoded;
            decodeImage: (b: Uint8Array, n: string) => Awaited<Decoded>;
            decodePngWithCanvas: (b: Uint8Array, n: string) => Decoded;
            hasCanvasDecoder: () => boolean;
            hasDecompressionStream: () => boolean;
          };
          const t = await api.decodeImageAsync(bytes, name);
          const viaCanvas = name.endsWith('.png') ? await api.decodePngWithCanvas(bytes, name) : t;
          const sync = api.decodeImage(bytes, name);
          return {
            syncData: Array.from(sync.dataView()),
            features: api.hasDecompressionStream() && api.hasCanvasDecoder(),
            shape: t.shape, data: Array.from(t.dataView()), canvasData: Array.from(viaCanvas.dataView()),
          };
        }, [file, b64] as const);
        assert.equal(got.features, true, 'Chromium has DecompressionStream, createImageBitmap and OffscreenCanvas');
        const want = decodeImage(readFileSync(fixturePath(file)), file);
        assert.deepEqual(got.shape, want.shape, file);
        assert.deepEqual(got.data, Array.from(want.dataView()), file);
        assert.deepEqual(got.syncData, Array.from(want.dataView()), `${file} via the synchronous decodeImage`);
        if (opaque.includes(file)) assert.deepEqual(got.canvasData, Array.from(want.dataView()), `${file} via the canvas`);
      }
    } finally {
      await browser.close();
    }
  });
});
