/** downloadFile against a loopback HTTP server: checksums in both forms, redirects, HTTP errors, cleanup. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { md5Hex } from '../../src/data/checksum.js';
import { downloadFile } from '../../src/data/download.js';
import { encodeIdx } from '../../src/data/idx.js';
import { startLoopback, tempDir, type Loopback } from './helpers.js';

const content = encodeIdx(Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) % 256), [3000]);
const gz = new Uint8Array(gzipSync(content, { level: 6 }));
const gzMd5 = md5Hex(gz);
const contentMd5 = md5Hex(content);
let server: Loopback;

before(async () => {
  server = await startLoopback({ 'small.gz': gz });
});
after(async () => {
  await server.close();
});

async function inTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const { dir, cleanup } = tempDir();
  try {
    await fn(dir);
  } finally {
    cleanup();
  }
}

test('downloads and verifies the MD5 of the file bytes', () =>
  inTemp(async (dir) => {
    const dest = join(dir, 'sub', 'small.gz');
    await downloadFile(`${server.base}/files/small.gz`, dest, { md5: gzMd5, timeoutMs: 5000 });
    assert.deepEqual(new Uint8Array(readFileSync(dest)), gz);
    assert.deepEqual(readdirSync(join(dir, 'sub')), ['small.gz']);
  }));

test('accepts the MD5 of the decompressed content (recompressed copies)', () =>
  inTemp(async (dir) => {
    const dest = join(dir, 'small.gz');
    await downloadFile(`${server.base}/files/small.gz`, dest, { md5: [contentMd5.toUpperCase()], timeoutMs: 5000 });
    assert.ok(existsSync(dest));
  }));

test('follows redirects (relative Location), at most 5', () =>
  inTemp(async (dir) => {
    const dest = join(dir, 'small.gz');
    await downloadFile(`${server.base}/hop/5/files/small.gz`, dest, { md5: gzMd5 });
    assert.deepEqual(new Uint8Array(readFileSync(dest)), gz);
    const url = `${server.base}/hop/6/files/small.gz`;
    await assert.rejects(downloadFile(url, join(dir, 'x.gz')), (e: Error) => e.message.includes(url) && /more than 5 redirects/.test(e.message));
    assert.deepEqual(readdirSync(dir), ['small.gz']);
  }));

test('HTTP 404: error names the status and URL, leaves nothing behind', () =>
  inTemp(async (dir) => {
    const url = `${server.base}/files/missing.gz`;
    await assert.rejects(downloadFile(url, join(dir, 'missing.gz')), (e: Error) => {
      assert.ok(e.message.includes(url), e.message);
      assert.match(e.message, /HTTP 404/);
      return true;
    });
    assert.deepEqual(readdirSync(dir), []);
  }));

test('404 after a redirect names both URLs', () =>
  inTemp(async (dir) => {
    const url = `${server.base}/hop/1/files/nope.gz`;
    await assert.rejects(downloadFile(url, join(dir, 'nope.gz')), (e: Error) => e.message.includes(url) && e.message.includes('/files/nope.gz') && /HTTP 404/.test(e.message));
  }));

test('MD5 mismatch: error gives expected and actual hashes and the URL; no leftover files', () =>
  inTemp(async (dir) => {
    const url = `${server.base}/corrupt/small.gz`;
    const dest = join(dir, 'small.gz');
    await assert.rejects(downloadFile(url, dest, { md5: [gzMd5, contentMd5] }), (e: Error) => {
      assert.match(e.message, /MD5 mismatch/);
      assert.ok(e.message.includes(url), e.message);
      assert.ok(e.message.includes(gzMd5) && e.message.includes(contentMd5), e.message);
      const corrupted = Uint8Array.from(gz);
      corrupted[corrupted.length >> 1] = corrupted[corrupted.length >> 1]! ^ 0xff;
      assert.ok(e.message.includes(md5Hex(corrupted)), 'actual hash of the bytes');
      return true;
    });
    assert.deepEqual(readdirSync(dir), []);
  }));

test('an existing destination is only replaced by a verified download', () =>
  inTemp(async (dir) => {
    const dest = join(dir, 'small.gz');
    await downloadFile(`${server.base}/files/small.gz`, dest);
    await assert.rejects(downloadFile(`${server.base}/corrupt/small.gz`, dest, { md5: gzMd5 }));
    assert.deepEqual(new Uint8Array(readFileSync(dest)), gz);
    assert.deepEqual(readdirSync(dir), ['small.gz']);
  }));

test('connection refused and bad protocols are reported with the URL', () =>
  inTemp(async (dir) => {
    await assert.rejects(downloadFile('http://127.0.0.1:1/x.gz', join(dir, 'x.gz'), { timeoutMs: 2000 }), /http:\/\/127\.0\.0\.1:1\/x\.gz/);
    await assert.rejects(downloadFile('ftp://example.invalid/x.gz', join(dir, 'x.gz')), /unsupported protocol ftp:/);
    assert.deepEqual(readdirSync(dir), []);
  }));

test('an idle connection times out with the URL in the error', () =>
  inTemp(async (dir) => {
    const url = `${server.base}/stall`;
    await assert.rejects(downloadFile(url, join(dir, 'x.gz'), { timeoutMs: 200 }), (e: Error) => e.message.includes(url) && /no data for 200 ms/.test(e.message));
    assert.deepEqual(readdirSync(dir), []);
  }));
