import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandler } from '#server/http/error-handler.ts';
import { registerSecurityHeaders, requestIdOf } from '#server/http/security.ts';
import { registerStatic } from '#server/http/static.ts';
import { useTestApp } from './helpers.ts';

const t = useTestApp();

/** A CSP header as directive → sources. */
function directives(header: string | null): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out[name] = sources;
  }
  return out;
}

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });

function expectCommonHeaders(res: Response) {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
}

/** The desk's policy as the brief for it reads: scripts from the app only, styles inline too. */
function expectDeskPolicy(res: Response) {
  const csp = directives(res.headers.get('content-security-policy'));
  expect(csp['default-src']).toEqual(["'self'"]);
  expect(csp['script-src']).toEqual(["'self'"]);
  expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
  expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:']);
  expect(csp['connect-src']).toEqual(["'self'"]);
  expect(csp['frame-ancestors']).toEqual(["'none'"]);
  expect(csp['object-src']).toEqual(["'none'"]);
}

describe('security headers', () => {
  it('gives API answers nosniff, no-store and a nothing-may-run policy, errors and successes alike', async () => {
    const anonymous = await get(`${t.url}/api/auth/me`);
    expect(anonymous.status).toBe(401);
    const signedIn = await t.platform();
    const list = await signedIn.get('/api/accounts');
    expect(list.status).toBe(200);
    const unknown = await signedIn.get('/api/no-such-thing');
    expect(unknown.status).toBe(404);
    const spec = await get(`${t.url}/api/openapi.json`);
    expect(spec.status).toBe(200);
    const health = await get(`${t.url}/api/health`);
    for (const headers of [anonymous.headers, list.headers, unknown.headers, spec.headers, health.headers]) {
      const res = { headers } as Response;
      expectCommonHeaders(res);
      expect(headers.get('cache-control')).toBe('no-store');
      expect(directives(headers.get('content-security-policy'))).toEqual({
        'default-src': ["'none'"],
        'frame-ancestors': ["'none'"],
      });
    }
  });

  it('serves the Swagger UI under its own policy, and it loads (page, scripts, spec)', async () => {
    const page = await get(`${t.url}/api/docs/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui-bundle.js');
    // Every script the page loads is a file of the app's own origin: script-src 'self' holds.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const csp = directives(page.headers.get('content-security-policy'));
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expectCommonHeaders(page);
    const bundle = await get(`${t.url}/api/docs/static/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-security-policy')).toBe(page.headers.get('content-security-policy'));
    expect((await get(`${t.url}/api/docs/json`)).status).toBe(200);
  });

  it('gives the desk page its policy whether or not the desk is built', async () => {
    const res = await get(`${t.url}/members`);
    // 200 with the page, or 503 saying to build it: either way under the desk's policy.
    expect([200, 503]).toContain(res.status);
    expectCommonHeaders(res);
    expectDeskPolicy(res);
  });

  describe('the desk’s files (a built desk of its own, served as the app serves web/dist)', () => {
    let root: string;
    let desk: FastifyInstance;
    let url: string;
    beforeAll(async () => {
      root = await mkdtemp(path.join(tmpdir(), 'gongjian-desk-'));
      await mkdir(path.join(root, 'assets'));
      await writeFile(
        path.join(root, 'index.html'),
        '<!doctype html><html><head><script type="module" src="/assets/app-1.js"></script></head><body></body></html>',
      );
      await writeFile(path.join(root, 'assets', 'app-1.js'), 'console.log(1);');
      await writeFile(path.join(root, 'assets', 'app-1.css'), 'body{margin:0}');
      desk = Fastify({ genReqId: requestIdOf });
      registerErrorHandler(desk);
      registerSecurityHeaders(desk);
      registerStatic(desk, root);
      url = await desk.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await desk?.close();
      await rm(root, { recursive: true, force: true });
    });

    it('puts the policy, nosniff, DENY and the referrer policy on the page, its routes and its assets', async () => {
      for (const file of ['/', '/members', '/assets/app-1.js', '/assets/app-1.css']) {
        const res = await get(`${url}${file}`);
        expect(res.status, file).toBe(200);
        expectCommonHeaders(res);
        expectDeskPolicy(res);
      }
      // Hashed assets stay cacheable; only API answers are no-store.
      expect((await get(`${url}/assets/app-1.js`)).headers.get('cache-control')).toContain('immutable');
      const missing = await get(`${url}/assets/gone-0.js`);
      expect(missing.status).toBe(404);
      expectDeskPolicy(missing);
    });
  });

  describe('X-Request-Id', () => {
    /** The request id the audit trail holds for the one failed sign-in of this username. */
    async function auditedId(username: string) {
      const { rows } = await t.database.pool.query(
        `select request_id from audit_events where action = 'login_failed' and summary = $1`,
        [username],
      );
      expect(rows).toHaveLength(1);
      return rows[0].request_id as string;
    }
    const failSignIn = (username: string, requestId?: string) =>
      fetch(`${t.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}) },
        body: JSON.stringify({ username, password: 'Wrong2026pw' }),
      });
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

    it('keeps a safe id the client sends, echoes it, and writes it to the audit trail', async () => {
      const id = `probe.run:42-${Date.now()}`;
      const username = `rid-${Date.now()}-a`;
      const res = await failSignIn(username, id);
      expect(res.status).toBe(401);
      expect(res.headers.get('x-request-id')).toBe(id);
      expect(await auditedId(username)).toBe(id);
    });

    it('replaces an unsafe or oversized id with a fresh one, echoed and audited instead', async () => {
      const markup = `<script>alert(1)</script>${'<b>x</b>'.repeat(1000)}`.slice(0, 8015);
      const unsafe = [markup, 'a'.repeat(65), 'has space', 'quote"d', 'semi;colon'];
      for (const [i, sent] of unsafe.entries()) {
        const username = `rid-${Date.now()}-${i}`;
        const res = await failSignIn(username, sent);
        expect(res.status).toBe(401);
        const used = res.headers.get('x-request-id') ?? '';
        expect(used).toMatch(UUID);
        expect(await auditedId(username)).toBe(used);
      }
      const none = await failSignIn(`rid-${Date.now()}-none`);
      expect(none.headers.get('x-request-id')).toMatch(UUID);
      // 64 characters is the longest kept.
      const longest = 'b'.repeat(64);
      expect((await failSignIn(`rid-${Date.now()}-64`, longest)).headers.get('x-request-id')).toBe(longest);
    });

    it('gives every request its own id when none is sent', async () => {
      const a = await get(`${t.url}/api/health`);
      const b = await get(`${t.url}/api/health`);
      expect(a.headers.get('x-request-id')).toMatch(UUID);
      expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
    });
  });
});
