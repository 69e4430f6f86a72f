#!/usr/bin/env node
// Minimal static file server for the web demo (no dependencies):
//   /        -> web-demo/
//   /web/    -> build/web/ (the built widget and core modules)
// Usage: node scripts/serve-static.mjs [--port N] [--host H]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png',
  '.svg': 'image/svg+xml', '.ndjson': 'application/x-ndjson', '.csv': 'text/csv; charset=utf-8', '.ts': 'text/plain',
};

export function createStaticServer() {
  return http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let rel = decodeURIComponent(url.pathname);
    let base = path.join(root, 'web-demo');
    if (rel.startsWith('/web/')) {
      base = path.join(root, 'build/web');
      rel = rel.slice(4);
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.normalize(path.join(base, rel));
    if (!file.startsWith(base + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(data);
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const port = Number(args[args.indexOf('--port') + 1] || 8080) || 8080;
  const host = args.includes('--host') ? args[args.indexOf('--host') + 1] : '127.0.0.1';
  createStaticServer().listen(port, host, () => {
    console.log(`earshot demo: open http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/  (Ctrl-C to stop)`);
  });
}
