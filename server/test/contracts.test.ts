import type { AnyEndpoint } from '@gongjian/common';
import * as common from '@gongjian/common';
import Fastify, { type RouteOptions } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '#server/config.ts';
import { type Database, openDatabase } from '#server/db/client.ts';
import { zodValidatorCompiler } from '#server/http/validation.ts';
import { moduleRoutes } from '#server/modules/index.ts';

/**
 * Endpoint contracts (common/src/contract.ts) against the routes the modules really register:
 * a migrated module registers every route from a contract, every contract common exports is
 * registered exactly once, at its own method and path, and no method + path is registered twice.
 */

/** Modules whose routes all come from contracts. */
const MIGRATED = [
  'healthRoutes',
  'authRoutes',
  'areaRoutes',
  'accountRoutes',
  'dictionaryRoutes',
  'auditRoutes',
  'memberRoutes',
  'residentRoutes',
  'unitRoutes',
  'orgRoutes',
  'excelRoutes',
  'dutyRuleRoutes',
  'coverageRoutes',
  'notificationRoutes',
  'todoRoutes',
];
/** Still registered by hand: their services and history routes are being rewritten (C3). */
const NOT_YET = ['appointmentRoutes', 'batchRoutes', 'workLogRoutes', 'complianceRoutes'];
/**
 * Registered from a catalogue instead: one operation per figure, its query schema the figure's own
 * (insight/figures/catalogue.ts), so the catalogue, not common, is where each is written once.
 */
const FROM_CATALOGUE = ['figureRoutes'];

interface Registered {
  module: string;
  method: string;
  url: string;
  contract?: AnyEndpoint;
  /** Answers a file or takes an upload: no JSON body a contract's schema could describe. */
  file: boolean;
}

let database: Database;
const routes: Registered[] = [];

beforeAll(async () => {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
  database = openDatabase(inject('databaseUrl'), 1);
  // The modules on a bare instance, each in a scope of its own so every route is known by module;
  // registering touches no database.
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  for (const plugin of moduleRoutes) {
    await app.register(
      async (scope) => {
        scope.addHook('onRoute', (r: RouteOptions) => {
          const schema = (r.schema ?? {}) as { response?: Record<string, unknown>; consumes?: string[] };
          const jsonSuccess = Object.keys(schema.response ?? {}).some((s) => s.startsWith('2'));
          for (const method of [r.method].flat())
            if (method !== 'HEAD')
              routes.push({
                module: plugin.name,
                method,
                url: r.url,
                contract: r.config?.contract,
                file: !jsonSuccess || !!schema.consumes?.includes('multipart/form-data'),
              });
        });
        await plugin(scope.withTypeProvider<ZodTypeProvider>(), { db: database.db, config });
      },
      { prefix: '/api' },
    );
  }
  await app.ready();
  await app.close();
});
afterAll(async () => database?.close());

/** Every contract `@gongjian/common` exports, from its `<domain>Api` objects. */
const contracts = Object.entries(common)
  .filter(([name, value]) => name.endsWith('Api') && value && typeof value === 'object')
  .flatMap(([api, value]) =>
    Object.entries(value as Record<string, AnyEndpoint>).map(([key, c]) => ({ name: `${api}.${key}`, c })),
  );

describe('endpoint contracts', () => {
  it('knows every module as migrated or not yet', () => {
    const names = moduleRoutes.map((p) => p.name);
    expect([...names].sort()).toEqual([...MIGRATED, ...NOT_YET, ...FROM_CATALOGUE].sort());
    expect(new Set(routes.map((r) => r.module))).toEqual(new Set(names));
  });

  it('registers every route of a migrated module from a contract (Excel files apart)', () => {
    const migrated = routes.filter((r) => MIGRATED.includes(r.module));
    expect(migrated.length).toBeGreaterThan(70);
    const byHand = migrated.filter((r) => !r.contract);
    // The workbook template, the upload and the downloads answer files, not a JSON body.
    for (const r of byHand)
      expect(r, `${r.method} ${r.url}`).toMatchObject({ module: 'excelRoutes', file: true });
    expect(byHand.length).toBeGreaterThan(0);
    // No module waiting for its rewrite has half of its routes on contracts.
    expect(routes.filter((r) => NOT_YET.includes(r.module) && r.contract)).toEqual([]);
  });

  it('registers every contract exactly once, at its own method and path', () => {
    expect(contracts.length).toBeGreaterThan(70);
    const problems: string[] = [];
    for (const { name, c } of contracts) {
      const at = routes.filter((r) => r.contract === c);
      if (at.length !== 1) problems.push(`${name}: registered ${at.length} times`);
      for (const r of at)
        if (r.method !== c.method || r.url !== `/api${c.path}`)
          problems.push(`${name}: ${c.method} ${c.path} registered as ${r.method} ${r.url}`);
    }
    // And no route carries a contract common does not export.
    const exported = new Set(contracts.map((x) => x.c));
    for (const r of routes)
      if (r.contract && !exported.has(r.contract)) problems.push(`${r.method} ${r.url}: unexported contract`);
    expect(problems).toEqual([]);
  });

  it('gives every method + path one route and one contract', () => {
    const seen = new Map<string, number>();
    for (const r of routes) seen.set(`${r.method} ${r.url}`, (seen.get(`${r.method} ${r.url}`) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
    const keys = contracts.map(({ c }) => `${c.method} ${c.path}`);
    expect(keys.length).toBe(new Set(keys).size);
  });

  it('fills paths from their parameters and refuses one left out', () => {
    expect(common.fillPath(common.orgApi.updateSeat.path, { orgId: 3, seatId: 9 })).toBe('/orgs/3/seats/9');
    expect(common.fillPath('/duty-rules/:code', { code: 'a/b c' })).toBe('/duty-rules/a%2Fb%20c');
    expect(() => common.fillPath(common.orgApi.updateSeat.path, { orgId: 3 })).toThrow(/seatId/);
  });
});
