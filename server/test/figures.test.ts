import { readFileSync } from 'node:fs';
import { addDays, type FigureResult, localDate } from '@gongjian/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { members, units } from '#server/db/schema/index.ts';
import { FIGURE_CATALOGUE } from '#server/modules/insight/figures/catalogue.ts';
import { factories } from './factories.ts';
import { type Client, createTenant, fakeIdNumber, type Tenant, useTestApp } from './helpers.ts';

/**
 * The figure catalogue: every figure, for every role that may read it, equals the total of the
 * list its rows drill into — a loop over the catalogue, so a figure added later is held to it
 * without a line here.
 */
/** A fixed clock, in the past, so that logs dated before it are not "in the future" either way. */
const NOW = new Date('2026-09-28T10:00:00+08:00');
const t = useTestApp({}, { now: () => NOW });
const today = localDate(NOW);
const at = (days: number) => `${addDays(today, days)}T10:00:00+08:00`;

let tn: Tenant;

/** The roles the desk home shows figures to, each bound inside S1/C1. */
const DESK_ROLES = ['district_admin', 'street_admin', 'community_admin', 'unit_admin'] as const;
/** Roles that read no figure of the catalogue yet (the phone's members and residents). */
const PHONE_ROLES = ['member', 'resident'] as const;

const figure = async (c: Client, code: string, query: Record<string, string | number> = {}) => {
  const qs = new URLSearchParams(
    Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  return c.get<FigureResult & { error: { code: string; details: unknown } }>(
    `/api/figures/${code}${qs ? `?${qs}` : ''}`,
  );
};

/** The total of a drill's list, fetched the way the desk list fetches its first page. */
async function drillTotal(c: Client, drill: FigureResult['rows'][number]['drill']) {
  const qs = new URLSearchParams(
    Object.entries(drill.query).map(([k, v]): [string, string] => [k, String(v)]),
  );
  qs.set('page', '1');
  qs.set('pageSize', '1');
  const res = await c.get(`${drill.api}?${qs}`);
  expect(res.status, `${drill.api}?${qs} ${JSON.stringify(res.body)}`).toBe(200);
  return res.body.total as number;
}

beforeAll(async () => {
  tn = await createTenant(t);
  const make = factories(t, tn);
  const { db } = t.database;
  // Enough spread that every group-by has more than one group, in and out of each scope.
  await db.insert(units).values([
    { areaId: tn.areas.community.id, name: `机关-${tn.tag}`, type: 'agency' },
    { areaId: tn.areas.building.id, name: `学校-${tn.tag}`, type: 'school' },
    { areaId: tn.areas.community2.id, name: `医院-${tn.tag}`, type: 'hospital' },
    { areaId: tn.areas.community3.id, name: `外街机关-${tn.tag}`, type: 'agency' },
  ]);
  const member = (areaId: number, category: string, unitId: number | null, name: string) => ({
    areaId,
    name,
    gender: 'male' as const,
    idNumber: fakeIdNumber(),
    category,
    unitId,
  });
  await db
    .insert(members)
    .values([
      member(tn.areas.building.id, 'retired', null, '离退休甲'),
      member(tn.areas.building.id, 'retired', tn.inside.unitId, '离退休乙'),
      member(tn.areas.compound.id, 'mobile', tn.inside.unitId, '流动丙'),
      member(tn.areas.community2.id, 'veteran', null, '退役丁'),
      member(tn.areas.community3.id, 'hardship', tn.outside.unitId, '困难戊'),
    ]);
  // Logs in every state and exemptions of two reasons, by C1's appointee; one visit of C3's.
  const { inC1, inC3 } = await make.appointmentsInAndOut(addDays(today, -40));
  const log = async (c: Client, body: Record<string, unknown>) => {
    const res = await c.post('/api/work-logs', { content: '工作纪实', ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as number;
  };
  const contact = { appointmentId: inC1, kind: 'contact', withWhom: '村居书记' };
  for (const days of [-5, -4, -3, -2]) await log(tn.clients.member, { ...contact, occurredAt: at(days) });
  const ids = (await tn.clients.community_admin.get('/api/work-logs?pageSize=2')).body.data.map(
    (r: { id: number }) => r.id,
  );
  expect((await tn.clients.community_admin.post(`/api/work-logs/${ids[0]}/confirm`, {})).status).toBe(200);
  const reject = await tn.clients.community_admin.post(`/api/work-logs/${ids[1]}/reject`, {
    comment: '不清楚',
  });
  expect(reject.status, JSON.stringify(reject.body)).toBe(200);
  await log(tn.clients.outsideCommunityAdmin, {
    appointmentId: inC3,
    kind: 'visit',
    occurredAt: at(-1),
    targetType: 'unit',
    targetUnitId: tn.inside.unitId,
  });
  const choices = (await tn.clients.member.get(`/api/duty-exemptions/choices?appointmentId=${inC1}`)).body
    .rules;
  const reasons = ['illness', 'leave'];
  for (const [i, rule] of choices.slice(0, 2).entries()) {
    const asked = await tn.clients.member.post('/api/duty-exemptions', {
      appointmentId: inC1,
      ruleCode: rule.ruleCode,
      periodKey: rule.periods.find((p: { current: boolean }) => p.current).key,
      reasonKind: reasons[i],
      reason: reasons[i] === 'leave' ? '出差' : '',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  }

  await make.org({ areaId: tn.areas.community.id });
  await make.org({ areaId: tn.areas.community2.id });
  await make.org({ areaId: tn.areas.community3.id });
});

describe('the figure catalogue', () => {
  it('gives every figure a unique code, and a drill list that is a real list route and desk page', async () => {
    const codes = FIGURE_CATALOGUE.map((f) => f.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/);

    const doc = (await t.client().get('/api/openapi.json')).body;
    const deskRoutes = readFileSync(new URL('../../web/src/routes.tsx', import.meta.url), 'utf8');
    for (const f of FIGURE_CATALOGUE) {
      // A list: a GET whose answer carries the `total` a figure equals.
      const op = doc.paths[f.list.api]?.get;
      expect(op, `${f.code}: GET ${f.list.api}`).toBeDefined();
      const ok = op.responses['200'].content['application/json'].schema;
      const shape = ok.$ref ? doc.components.schemas[ok.$ref.split('/').pop()] : ok;
      expect(shape.properties, `${f.code}: ${f.list.api} answers a total`).toHaveProperty('total');
      expect(deskRoutes, `${f.code}: desk page ${f.list.path}`).toContain(`path: '${f.list.path}'`);
      // Every parameter a figure takes is one its list takes, so its drill can carry it.
      const listParams = (op.parameters ?? []).map((p: { name: string }) => p.name);
      for (const p of Object.keys(f.query.shape)) expect(listParams, `${f.code}: ${p}`).toContain(p);
      // And the figure itself is an operation of the document.
      expect(doc.paths[`/api/figures/${f.code}`]?.get, f.code).toBeDefined();
    }
  });

  it('lists for each role exactly the figures it may read, and refuses the others with 403', async () => {
    for (const role of [...DESK_ROLES, ...PHONE_ROLES]) {
      const c = tn.clients[role];
      const res = await c.get('/api/figures');
      expect(res.status).toBe(200);
      const listed = (res.body.data as { code: string }[]).map((f) => f.code);
      for (const f of FIGURE_CATALOGUE) {
        const status = (await figure(c, f.code)).status;
        expect(status, `${role} ${f.code}`).toBe(listed.includes(f.code) ? 200 : 403);
      }
    }
    // The home pages' figures are readable where the desk shows them.
    const codes = async (role: (typeof DESK_ROLES)[number]) =>
      ((await tn.clients[role].get('/api/figures')).body.data as { code: string }[]).map((f) => f.code);
    expect(await codes('community_admin')).toEqual(
      expect.arrayContaining(['areas.count', 'members.byCategory', 'units.byType', 'accounts.count']),
    );
    expect(await codes('unit_admin')).toEqual(expect.arrayContaining(['orgs.count', 'members.byCategory']));
    expect((await t.client().get('/api/figures')).status).toBe(401);
  });

  it('equals, row by row, the total of the list each row drills into — every figure, every desk role', async () => {
    let checked = 0;
    const counted = new Set<string>();
    for (const role of DESK_ROLES) {
      const c = tn.clients[role];
      const readable = new Set(
        ((await c.get('/api/figures')).body.data as { code: string }[]).map((f) => f.code),
      );
      for (const f of FIGURE_CATALOGUE) {
        if (!readable.has(f.code)) continue;
        const queries: Record<string, number>[] = [{}];
        // C1 is inside every desk role's sight here (the unit admin's unit sits in it).
        if ('within' in f.query.shape) queries.push({ within: tn.areas.community.id });
        for (const query of queries) {
          const res = await figure(c, f.code, query);
          expect(res.status, `${role} ${f.code} ${JSON.stringify(res.body)}`).toBe(200);
          expect(res.body.code).toBe(f.code);
          for (const row of res.body.rows) {
            expect(row.drill.list, `${f.code} drills into its list`).toBe(f.list.path);
            expect(row.drill.api).toBe(f.list.api);
            // The drill keeps the figure's own filters, so the list is the figure's rows.
            expect(row.drill.query).toMatchObject(query);
            expect(
              await drillTotal(c, row.drill),
              `${role} ${f.code} ${row.key} ${JSON.stringify(query)}`,
            ).toBe(row.value);
            checked += 1;
            if (row.value > 0) counted.add(f.code);
          }
        }
      }
    }
    // Not a loop over nothing: every figure of the catalogue counted real records for someone.
    expect(checked).toBeGreaterThan(FIGURE_CATALOGUE.length);
    expect([...counted].sort()).toEqual(FIGURE_CATALOGUE.map((f) => f.code).sort());
  });

  it('counts in the caller scope: the same figure differs by role, and group-bys add up', async () => {
    const byCategory = async (c: Client, query = {}) =>
      Object.fromEntries(
        (await figure(c, 'members.byCategory', query)).body.rows.map((r) => [r.key, r.value]),
      );
    const district = await byCategory(tn.clients.district_admin);
    const street = await byCategory(tn.clients.street_admin);
    expect(district).toMatchObject({ in_service: 2, retired: 2, mobile: 1, veteran: 1, hardship: 1 });
    expect(street).toEqual({ in_service: 1, retired: 2, mobile: 1, veteran: 1 });
    expect(await byCategory(tn.clients.street_admin, { within: tn.areas.zone.id })).toEqual({
      retired: 2,
      mobile: 1,
    });
    // The unit admin sees its unit's members, wherever they live.
    expect(await byCategory(tn.clients.unit_admin)).toEqual({ in_service: 1, retired: 1, mobile: 1 });

    const total = (await figure(tn.clients.street_admin, 'members.count')).body.rows;
    expect(total).toEqual([
      { key: 'total', value: 5, drill: { list: '/members', api: '/api/members', query: {} } },
    ]);
    const types = (await figure(tn.clients.community_admin, 'units.byType')).body.rows;
    expect(types.map((r) => [r.key, r.value, r.label?.['zh-CN']])).toEqual([
      ['agency', 1, '机关'],
      ['soe', 1, '国有企业'],
      ['school', 1, '学校'],
    ]);
    expect(types[0]!.drill.query).toEqual({ type: 'agency' });
    // Work logs: C1 sees the visit to its unit by C3's appointee, received (within) elsewhere.
    const counts = async (c: Client, code: string, query = {}) =>
      Object.fromEntries((await figure(c, code, query)).body.rows.map((r) => [r.key, r.value]));
    expect(await counts(tn.clients.community_admin, 'workLogs.byStatus')).toEqual({
      pending: 3,
      confirmed: 1,
      rejected: 1,
    });
    expect(
      await counts(tn.clients.community_admin, 'workLogs.byStatus', { within: tn.areas.community.id }),
    ).toEqual({ pending: 2, confirmed: 1, rejected: 1 });
    expect(await counts(tn.clients.member, 'workLogs.byStatus')).toEqual({
      pending: 2,
      confirmed: 1,
      rejected: 1,
    });
    expect(await counts(tn.clients.street_admin, 'exemptions.byReason')).toEqual({ leave: 1, illness: 1 });
    expect(await counts(tn.clients.outsideStreetAdmin, 'exemptions.byReason')).toEqual({});
    const levels = (await figure(tn.clients.street_admin, 'areas.byLevel')).body.rows;
    expect(levels.map((r) => r.key)).toEqual(['street', 'community', 'zone', 'compound', 'building']);
    expect(levels.find((r) => r.key === 'community')).toMatchObject({
      value: 2,
      label: { 'zh-CN': '社区/村' },
      drill: { query: { level: 'community' } },
    });
  });
});

describe('figure errors', () => {
  it('answers an unknown code 404 and an unknown or bad parameter 400, field by field', async () => {
    const c = tn.clients.district_admin;
    const unknown = await c.get('/api/figures/members.nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');

    const bad = await figure(c, 'members.byCategory', { category: 'retired', within: 'x' });
    expect(bad.status).toBe(400);
    const paths = (bad.body.error.details as { path: string; code: string }[]).map((d) => [d.path, d.code]);
    expect(paths).toEqual(expect.arrayContaining([['category', 'unrecognized_key']]));
    expect(paths.map(([p]) => p)).toContain('within');
    // Paging is the list's, not the figure's.
    expect((await figure(c, 'members.count', { pageSize: 1 })).status).toBe(400);
  });

  it('answers an area out of the caller sight 404, and a role that may not read it 403', async () => {
    const out = await figure(tn.clients.street_admin, 'members.byCategory', {
      within: tn.areas.community3.id,
    });
    expect(out.status).toBe(404);
    expect(out.body.error.code).toBe('NOT_FOUND');
    expect(
      (await figure(tn.clients.community_admin, 'units.count', { within: tn.areas.community2.id })).status,
    ).toBe(404);
    expect(
      (await figure(tn.clients.community_admin, 'areas.byLevel', { within: 2_000_000_000 })).status,
    ).toBe(404);
    expect(
      (await figure(tn.clients.district_admin, 'accounts.count', { areaId: tn.areas.community3.id })).status,
    ).toBe(200);
    expect(
      (await figure(tn.clients.street_admin, 'accounts.count', { areaId: tn.areas.community3.id })).status,
    ).toBe(404);
    const refused = await figure(tn.clients.member, 'members.count');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect((await figure(tn.clients.unit_admin, 'residents.count')).status).toBe(403);
  });
});
