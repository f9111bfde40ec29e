/**
 * Downloads one file over HTTP(S) with redirects, a timeout, an atomic rename into place and an optional
 * MD5 check. Uses only node:http / node:https.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { describeDigests, digestsMatch, fileDigests } from './checksum.js';

export interface DownloadOptions {
  /**
   * Accepted MD5s (hex). The download passes when the MD5 of the file's bytes, or of its gunzipped
   * content, equals any of them. Omit to skip the check.
   */
  md5?: string | readonly string[];
  /** Abort when the connection is idle for this long (default 60,000 ms). */
  timeoutMs?: number;
  /** Redirects to follow before giving up (default 5). */
  maxRedirects?: number;
}

/** Redirect statuses that carry a `Location` header. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Downloads `url` to `dest` (creating its folder). The body goes to a temporary file beside `dest`, is
 * checked against `md5` if given, and is then renamed onto `dest`, so `dest` is never left half-written.
 * On any failure the temporary file is removed and the error names the URL (and, for a checksum
 * mismatch, the expected and actual hashes).
 */
export async function downloadFile(url: string, dest: string, opts: DownloadOptions = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const maxRedirects = opts.maxRedirects ?? 5;
  await mkdir(dirname(dest), { recursive: true });
  const tmp = join(dirname(dest), `.${basename(dest)}.${process.pid}.${Date.now().toString(36)}.part`);
  try {
    const res = await openFollowingRedirects(url, maxRedirects, timeoutMs);
    await pipeline(res, createWriteStream(tmp));
    if (opts.md5 !== undefined) {
      const expected = typeof opts.md5 === 'string' ? [opts.md5] : opts.md5;
      const digests = await fileDigests(tmp);
      if (!digestsMatch(digests, expected))
        throw new Error(`MD5 mismatch for ${url}: expected ${expected.join(' or ')}, got ${describeDigests(digests)}`);
    }
    await rename(tmp, dest);
  } catch (err) {
    await rm(tmp, { force: true });
    const why = err instanceof Error ? err.message : String(err);
    throw why.includes(url) ? err : new Error(`Download of ${url} failed: ${why}`, { cause: err });
  }
}

/** GETs `url`, following up to `maxRedirects` redirects; resolves with a 2xx response stream. */
async function openFollowingRedirects(url: string, maxRedirects: number, timeoutMs: number): Promise<IncomingMessage> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const res = await request(current, timeoutMs);
    const status = res.statusCode ?? 0;
    if (REDIRECTS.has(status)) {
      res.resume();
      const location = res.headers.location;
      if (!location) throw new Error(`Download of ${url} failed: HTTP ${status} redirect from ${current} has no Location header`);
      if (hop >= maxRedirects) throw new Error(`Download of ${url} failed: more than ${maxRedirects} redirects`);
      current = new URL(location, current).toString();
      continue;
    }
    if (status < 200 || status >= 300) {
      res.resume();
      const where = current === url ? url : `${url} (redirected to ${current})`;
      throw new Error(`Download of ${where} failed: HTTP ${status} ${res.statusMessage ?? ''}`.trimEnd());
    }
    return res;
  }
}

function request(url: string, timeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      reject(new Error(`Download failed: invalid URL ${url}`));
      return;
    }
    const get = parsed.protocol === 'https:' ? httpsGet : parsed.protocol === 'http:' ? httpGet : null;
    if (get === null) {
      reject(new Error(`Download of ${url} failed: unsupported protocol ${parsed.protocol}`));
      return;
    }
    const req = get(parsed, { headers: { 'user-agent': 'striate' } }, resolve);
    // The idle timeout keeps applying while the body streams.
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`Download of ${url} failed: no data for ${timeoutMs} ms`)));
    req.on('error', (err) => reject(new Error(`Download of ${url} failed: ${err.message}`, { cause: err })));
  });
}
