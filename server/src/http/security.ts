import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/**
 * What a client or proxy may name its request: short and plain, because the id goes into the
 * audit trail, the logs and a response header. Anything else (the probe sent 8,015 characters of
 * markup) is replaced by a fresh id rather than kept.
 */
export const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Fastify's `genReqId`: the caller's `X-Request-Id` when it is safe, otherwise a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  return typeof sent === 'string' && SAFE_REQUEST_ID.test(sent) ? sent : randomUUID();
}

const policy = (directives: Record<string, string>) =>
  Object.entries(directives)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');

/**
 * The desk's policy. Scripts only from the app itself (the build has no inline script); styles
 * also inline, because antd's CSS-in-JS writes <style> elements at run time and index.html carries
 * the boot screen's; images also as data: and blob: URLs (icons, photo previews before upload).
 */
export const DESK_CSP = policy({
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data: blob:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
});

/**
 * Swagger UI at /api/docs: its page loads its scripts from files next to it, but its React
 * components set inline styles and its logo is a data: image; it fetches only /api/docs/json.
 */
export const DOCS_CSP = policy({
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data:",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
});

/** API answers are data, never a page: nothing may run or load if one is opened as a document. */
export const API_CSP = policy({ 'default-src': "'none'", 'frame-ancestors': "'none'" });

const isApi = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
const isDocs = (url: string) =>
  url === '/api/docs' || url.startsWith('/api/docs/') || url.startsWith('/api/docs?');

/**
 * Headers on every answer, in one place so no route can forget them: the request id used (the
 * caller's when safe), no MIME sniffing, no framing, a referrer that never carries a path to
 * another site, and a CSP per kind of answer. API answers carry personal data, so no cache may
 * keep them (`no-store`, unless the route chose its own cache policy).
 */
export function registerSecurityHeaders(app: FastifyInstance) {
  app.addHook('onSend', async (req, reply, payload) => {
    const url = req.url;
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    if (isDocs(url)) {
      reply.header('content-security-policy', DOCS_CSP);
    } else if (isApi(url)) {
      reply.header('content-security-policy', API_CSP);
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    } else {
      reply.header('content-security-policy', DESK_CSP);
    }
    return payload;
  });
}
