import { request } from 'node:http';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type Tenant, useTestApp } from './helpers.ts';

/**
 * Every export is a complete answer whatever its filters hold: PostgreSQL refusing a NUL in a
 * text filter or an id past int4 must become an error response, never xlsx headers followed by
 * a dropped connection (issue 8 §4). The routes and their parameters come from the OpenAPI
 * document, so an export added later is walked too.
 */
const t = useTestApp();
let tn: Tenant;

/** GET with node:http, which tells a cut-off body ('aborted', a socket error) from a complete one. */
function getRaw(path: string, cookie: string) {
  return new Promise<{ status: number; type: string; body: Buffer; complete: boolean }>((resolve, reject) => {
    const req = request(`${t.url}${path}`, { headers: { cookie, 'accept-language': 'en' } }, (res) => {
      const chunks: Buffer[] = [];
      let aborted = false;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('aborted', () => {
        aborted = true;
      });
      res.on('error', () => {
        aborted = true;
      });
      res.on('close', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks),
          complete: res.complete && !aborted,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

interface Param {
  name: string;
  schema: { type?: string; anyOf?: { type?: string }[] };
}

const typeOf = (p: Param) => p.schema.type ?? p.schema.anyOf?.find((s) => s.type)?.type;

beforeAll(async () => {
  tn = await createTenant(t);
});

describe('exports with input PostgreSQL refuses', () => {
  it('every export answers a complete 4xx JSON or a readable workbook for a NUL text and an int4-overflow id', async () => {
    const doc = (await tn.clients.district_admin.get('/api/openapi.json')).body;
    const exports = Object.entries(doc.paths as Record<string, any>).filter(
      ([path, item]) => /^\/api\/excel\/[^/]+\/export$/.test(path) && item.get,
    );
    // Units, members, residents and the generic lists and reports.
    expect(exports.length).toBeGreaterThanOrEqual(17);
    const cookie = tn.clients.district_admin.cookie ?? '';
    let probes = 0;
    let refused = 0;
    for (const [path, item] of exports) {
      const params = ((item.get.parameters ?? []) as (Param & { in: string })[]).filter(
        (p) => p.in === 'query',
      );
      const cases: string[] = [];
      for (const p of params) {
        const type = typeOf(p);
        if (type === 'string') cases.push(`${p.name}=%00`, `${p.name}=a%00b`);
        if (type === 'integer' || type === 'number') cases.push(`${p.name}=2147483648`);
      }
      // Every export takes some filter; one that took none could not be probed.
      expect(cases.length, path).toBeGreaterThan(0);
      for (const q of cases) {
        const res = await getRaw(`${path}?${q}`, cookie);
        probes++;
        const label = `${path}?${q} → ${res.status} ${res.type}`;
        expect(res.complete, label).toBe(true);
        expect(res.status, label).toBeLessThan(500);
        if (res.status >= 400) {
          refused++;
          expect(res.type, label).toContain('application/json');
          const body = JSON.parse(res.body.toString('utf8'));
          expect(body.error.code, label).toEqual(expect.any(String));
          expect(body.error.message, label).toEqual(expect.any(String));
        } else {
          expect(res.status, label).toBe(200);
          const wb = new ExcelJS.Workbook();
          await wb.xlsx.load(res.body as unknown as ArrayBuffer);
          expect(wb.worksheets.length, label).toBeGreaterThan(0);
        }
      }
    }
    // The inputs are refused somewhere: the probe reaches PostgreSQL's refusals, not just empty lists.
    expect(refused).toBeGreaterThan(0);
    expect(probes).toBeGreaterThan(exports.length);
  }, 120_000);
});
