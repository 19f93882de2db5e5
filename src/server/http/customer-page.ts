// Serves the built customer call-link page (dist/customer) at /call/ with a strict CSP.
// Files are read per request so a `npm run build` after start is picked up; without a build, 503.
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export const CUSTOMER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "media-src 'self' blob: mediastream:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.woff2': 'font/woff2',
};

/** The repository (or packaged app) root: the nearest ancestor with a package.json. Works from src/ and from a bundle in dist/. */
export function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return start;
    dir = up;
  }
}

export function defaultCustomerDist(): string {
  return path.join(findRoot(import.meta.dirname), 'dist', 'customer');
}

export async function customerPageRoutes(app: FastifyInstance, distDir: string): Promise<void> {
  const root = path.resolve(distDir);

  app.get('/call', async (req, reply) => {
    const q = req.url.indexOf('?');
    return reply.redirect(`/call/${q >= 0 ? req.url.slice(q) : ''}`, 302);
  });

  app.get('/call/*', async (req, reply) => {
    let rel: string;
    try { rel = decodeURIComponent((req.params as { '*': string })['*'] ?? ''); } catch { return reply.status(400).type('text/plain').send('Bad path.'); }
    const file = path.resolve(root, rel === '' ? 'index.html' : rel);
    // Never serve anything outside dist/customer (../ tricks, absolute paths).
    if (file !== root && !file.startsWith(root + path.sep)) return reply.status(404).type('text/plain').send('Not found.');
    if (!existsSync(path.join(root, 'index.html'))) {
      return reply.status(503).type('text/plain; charset=utf-8')
        .send('The customer call page is not built yet: run `npm run build` in the companion server directory, then reload.');
    }
    const info = await stat(file).catch(() => undefined);
    // Unknown extension-less paths under /call/ get the page itself (call links will carry a token in the path).
    if (!info?.isFile() && path.extname(rel) !== '') return reply.status(404).type('text/plain').send('Not found.');
    const target = info?.isFile() ? file : path.join(root, 'index.html');
    const ext = path.extname(target);
    const body = await readFile(target);
    reply.header('content-security-policy', CUSTOMER_CSP);
    reply.header('cache-control', ext === '.html' ? 'no-cache' : 'public, max-age=3600');
    return reply.type(TYPES[ext] ?? 'application/octet-stream').send(body);
  });
}
