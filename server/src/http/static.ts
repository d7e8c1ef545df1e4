import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '#server/errors.ts';

/** Where `vite build` writes the desk (web/dist), relative to this file. */
export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.map']);

interface Cached {
  mtimeMs: number;
  body: Buffer;
  gzip: Buffer | null;
}

/**
 * Serve the built web desk from the API process: files from `web/dist`, `index.html` for every
 * other non-API path (client-side routes), hashed assets cached for a year, the page itself
 * revalidated on each load so a new build is picked up at once. Files are read once per build
 * and kept gzipped in memory: the whole bundle is a few megabytes.
 */
export function registerStatic(app: FastifyInstance, root: string = WEB_DIST) {
  const cache = new Map<string, Cached>();

  const read = (file: string): Cached | null => {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(file);
    } catch {
      return null;
    }
    if (!st.isFile()) return null;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs) return hit;
    const body = readFileSync(file);
    const ext = path.extname(file);
    const gzip = COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body, { level: 9 }) : null;
    const entry = { mtimeMs: st.mtimeMs, body, gzip };
    cache.set(file, entry);
    return entry;
  };

  const send = (
    req: FastifyRequest,
    reply: FastifyReply,
    file: string,
    entry: Cached,
    cacheControl: string,
  ) => {
    const ext = path.extname(file);
    reply.header('content-type', TYPES[ext] ?? 'application/octet-stream');
    reply.header('cache-control', cacheControl);
    // nosniff, the CSP and the framing rules come with every answer (security.ts).
    if (entry.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      reply.header('content-encoding', 'gzip');
      reply.header('vary', 'accept-encoding');
      return reply.send(entry.gzip);
    }
    return reply.send(entry.body);
  };

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const url = req.url.split('?')[0] ?? '/';
    // Unknown API paths keep the API's JSON 404 rather than getting the page.
    if (url === '/api' || url.startsWith('/api/')) throw notFound();
    let rel: string;
    try {
      rel = decodeURIComponent(url);
    } catch {
      throw notFound();
    }
    const file = path.join(root, path.normalize(rel));
    // path.join + normalize cannot climb above root with a leading '/', but check anyway.
    if (file.startsWith(root + path.sep) && rel !== '/') {
      const entry = read(file);
      if (entry) {
        const immutable = rel.startsWith('/assets/');
        return send(req, reply, file, entry, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      }
      // A missing file with an extension is a real 404 (an old hashed chunk), not a page route.
      if (path.extname(rel)) throw notFound();
    }
    const index = path.join(root, 'index.html');
    const page = read(index);
    if (!page) {
      reply.status(503).header('content-type', 'text/plain; charset=utf-8');
      return reply.send('The web desk is not built yet: run `npm run build` (npm start does it for you).');
    }
    return send(req, reply, index, page, 'no-cache');
  };

  // Not public: non-API paths skip the auth hook anyway, and unknown /api paths keep answering 401
  // to anonymous callers exactly as before the desk was mounted.
  app.route({ method: ['GET', 'HEAD'], url: '/*', schema: { hide: true }, handler });
  app.route({ method: ['GET', 'HEAD'], url: '/', schema: { hide: true }, handler });
}
