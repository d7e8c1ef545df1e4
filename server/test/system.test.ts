import { describe, expect, it } from 'vitest';
import { useTestApp } from './helpers.ts';

const t = useTestApp();

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('system endpoints', () => {
  it('reports the app and the database as up, to anyone', async () => {
    const res = await t.client().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { status: 'ok' } });
    expect(res.body.database.version).toMatch(/^\d+/);
    expect(typeof res.body.database.latencyMs).toBe('number');
    expect(typeof res.body.version).toBe('string');
    expect(res.body.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('publishes an OpenAPI 3 document covering every module, without signing in', async () => {
    const res = await t.client().get('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body as {
      openapi: string;
      paths: Record<string, Record<string, { summary?: string; tags?: string[]; parameters?: unknown[] }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/api/health',
      '/api/auth/login',
      '/api/auth/me',
      '/api/auth/tokens',
      '/api/areas',
      '/api/areas/{id}',
      '/api/accounts',
      '/api/accounts/{id}',
      '/api/dictionaries',
      '/api/dictionaries/types',
      '/api/audit',
      '/api/audit/{id}',
    ])
      expect(paths, p).toContain(p);
    expect(paths).not.toContain('/api/openapi.json');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'session']);
    // Every operation of every module is named and grouped, so the docs page stays readable.
    for (const [p, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        if (!HTTP_METHODS.includes(method)) continue;
        expect(op.summary, `${method} ${p}`).toBeTruthy();
        expect(op.tags?.length, `${method} ${p}`).toBeGreaterThan(0);
      }
    const auditParams = (doc.paths['/api/audit']?.get?.parameters ?? []) as { name: string }[];
    expect(auditParams.map((x) => x.name)).toEqual(
      expect.arrayContaining(['from', 'to', 'entityType', 'page']),
    );
  });

  it('serves the interactive API docs as HTML', async () => {
    const res = await fetch(`${t.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/swagger/i);
  });

  it('answers an unknown route with 404 in the error shape, in the caller’s language', async () => {
    const c = await t.platform();
    const res = await c.get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: '记录不存在' } });
    c.lang = 'en';
    const en = await c.request('DELETE', '/api/health');
    expect(en.status).toBe(404);
    expect(en.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Not found' } });
    // Without a session the API does not say which routes exist.
    const anonymous = await t.client().get('/api/no-such-thing');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('answers malformed JSON and a wrong content type with 400-class errors in the error shape', async () => {
    const post = async (body: string, contentType: string) => {
      const res = await fetch(`${t.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      return { status: res.status, body: (await res.json()) as { error: { code: string; message: string } } };
    };
    const malformed = await post('{"username": "a", ', 'application/json');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('BAD_REQUEST');
    expect(malformed.body.error.message).toMatch(/JSON/);
    const wrongType = await post('<login/>', 'application/xml');
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error.code).toBe('BAD_REQUEST');
    const notObject = await post('"just a string"', 'application/json');
    expect(notObject.status).toBe(400);
    expect(notObject.body.error.code).toBe('VALIDATION_FAILED');
  });
});
