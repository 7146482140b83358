/**
 * A static file server over the repository for the browser tests (what `python3 -m http.server`
 * does for the demo), with the MIME types Chromium needs (`application/wasm`, `text/javascript`),
 * optional cross-origin isolation headers (COOP/COEP, so wasm may use threads), and one made-up
 * file: `/__corrupt/<task>.safetensors`, the shipped model with one weight byte flipped.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.png': 'image/png',
};

export interface StaticServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function serveStatic(root: string, options: { isolated?: boolean } = {}): Promise<StaticServer> {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    if (options.isolated) Object.assign(headers, { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' });
    const corrupt = /^\/__corrupt\/([\w-]+)\.safetensors$/.exec(pathname);
    if (corrupt) {
      const bytes = Buffer.from(fs.readFileSync(path.join(root, 'tasks', corrupt[1]!, 'model.safetensors')));
      bytes[bytes.length - 5]! ^= 0x40; // a weight in the data buffer: the header still parses
      res.writeHead(200, { ...headers, 'content-type': 'application/octet-stream' });
      res.end(bytes);
      return;
    }
    let file = path.join(root, pathname);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) {
      res.writeHead(404, headers).end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
