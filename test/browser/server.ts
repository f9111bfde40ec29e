/**
 * A static server on 127.0.0.1 for the browser tests: `/` is the page, other paths come from a map of
 * URL path → file. With `isolated`, every response carries COOP/COEP/CORP headers, so the page is
 * cross-origin isolated (SharedArrayBuffer, shared wasm memory); without, it is an ordinary page.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { extname } from 'node:path';

export interface Served {
  server: Server;
  origin: string;
  /** Paths requested, in order. */
  requests: string[];
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

export async function serve(html: string, files: ReadonlyMap<string, string>, isolated: boolean): Promise<Served> {
  const requests: string[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(path);
    const headers: Record<string, string> = isolated
      ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin', 'Cache-Control': 'no-store' }
      : { 'Cache-Control': 'no-store' };
    const send = (status: number, type: string, body: string | Buffer): void => {
      res.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)) });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (path === '/' || path === '/index.html') return send(200, MIME['.html']!, html);
    const file = files.get(path);
    if (file === undefined) return send(404, 'text/plain', 'not found');
    readFile(file).then(
      (body) => send(200, MIME[extname(file)] ?? 'application/octet-stream', body),
      (e: unknown) => send(500, 'text/plain', String(e)),
    );
  };
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`unexpected server address ${String(address)}`);
  return { server, origin: `http://127.0.0.1:${address.port}`, requests };
}
