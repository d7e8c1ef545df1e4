import { idNumberWithCheck } from '@gongjian/common';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createTenant,
  fakeIdNumber,
  type Tenant,
  uid,
  unitInAnotherDistrict,
  useTestApp,
} from './helpers.ts';

const t = useTestApp();

interface AuditRow {
  action: string;
  actor_role: string | null;
  before: Record<string, any> | null;
  after: Record<string, any> | null;
}

async function auditFor(entityId: number | string) {
  const rows = await t.database.pool.query(
    `select * from audit_events where entity_type = 'resident' and entity_id = $1 order by id`,
    [String(entityId)],
  );
  return rows.rows as AuditRow[];
}

let tn: Tenant;

/** Resident events anywhere in this tenant's district, to prove a refused request wrote nothing. */
async function residentEventCount() {
  const rows = await t.database.pool.query(
    `select count(*)::int as n from audit_events
      where entity_type = 'resident' and area_id in (select id from areas where path like $1)`,
    [`${tn.areas.district.path}%`],
  );
  return rows.rows[0].n as number;
}

async function residentTotal() {
  return (await tn.clients.district_admin.get('/api/residents?pageSize=1')).body.total as number;
}

const paths = (res: { body: any }) =>
  (res.body.error.details as { path: string }[]).map((d) => d.path).sort();
const detail = (res: { body: any }, path: string) =>
  (res.body.error.details as { path: string; message: string }[]).find((d) => d.path === path)?.message;

/** A valid create body: a resident of compound P1. */
function residentBody(overrides: Record<string, unknown> = {}) {
  return {
    areaId: tn.areas.compound.id,
    name: `王${uid()}`,
    gender: 'female',
    phone: '13612345678',
    idNumber: fakeIdNumber(),
    address: '1号楼 2单元 301',
    ...overrides,
  };
}

async function create(c: Client, overrides: Record<string, unknown> = {}) {
  const res = await c.post('/api/residents', residentBody(overrides));
  if (res.status !== 201) throw new Error(`resident create failed: ${JSON.stringify(res.body)}`);
  return res.body;
}

beforeAll(async () => {
  tn = await createTenant(t);
});

describe('residents registry', () => {
  it('a community admin registers, edits and removes a resident, and every step is audited', async () => {
    const c = tn.clients.community_admin;
    const idNumber = idNumberWithCheck('11010519920304222');
    const created = await c.post('/api/residents', residentBody({ idNumber, areaId: tn.areas.building.id }));
    expect(created.status).toBe(201);
    const r = created.body;
    expect(r).toMatchObject({
      areaId: tn.areas.building.id,
      areaName: tn.areas.building.name,
      areaLabel: `${tn.areas.community.name} / ${tn.areas.compound.name} / ${tn.areas.building.name}`,
      gender: 'female',
      phone: '136****5678',
      idNumber: `110105********${idNumber.slice(-4)}`,
      address: '1号楼 2单元 301',
    });
    expect(r.actions).toEqual(['update', 'delete', 'reveal']);

    const edited = await c.patch(`/api/residents/${r.id}`, { address: '3号楼', phone: null, gender: null });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ address: '3号楼', phone: null, gender: null });

    expect((await c.del(`/api/residents/${r.id}`)).status).toBe(200);
    expect((await c.get(`/api/residents/${r.id}`)).status).toBe(404);

    const events = await auditFor(r.id);
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(events[0]?.after).toMatchObject({
      name: r.name,
      areaId: tn.areas.building.id,
      idNumber: r.idNumber,
    });
    expect(events[1]?.before).toEqual({ address: '1号楼 2单元 301', phone: '136****5678', gender: 'female' });
    expect(events[1]?.after).toEqual({ address: '3号楼', phone: null, gender: null });
    expect(events[2]?.before).toMatchObject({ id: r.id, address: '3号楼', idNumber: r.idNumber });
  });

  it('a resident has an employer: any unit of the district, in the form, list, detail and filter', async () => {
    const c = tn.clients.community_admin;
    const foreign = await unitInAnotherDistrict(t);
    // The SOE sits in C3, another street: outside the C1 admin's scope, yet a valid employer.
    const r = await create(c, { unitId: tn.outside.unitId });
    expect(r).toMatchObject({ unitId: tn.outside.unitId, unitName: `单位B-${tn.tag}` });
    expect((await c.get(`/api/residents/${r.id}`)).body).toMatchObject({ unitName: `单位B-${tn.tag}` });
    const listed = await c.get(`/api/residents?unitId=${tn.outside.unitId}`);
    expect(listed.body.data.map((x: { id: number; unitName: string }) => [x.id, x.unitName])).toEqual([
      [r.id, `单位B-${tn.tag}`],
    ]);
    // Naming the employer changes nothing about who sees the resident.
    expect((await tn.clients.outsideCommunityAdmin.get(`/api/residents/${r.id}`)).status).toBe(404);
    const events = await residentEventCount();
    const refused = await c.patch(`/api/residents/${r.id}`, { unitId: foreign.id });
    expect(refused.status).toBe(400);
    expect(paths(refused)).toEqual(['unitId']);
    const createRefused = await c.post('/api/residents', residentBody({ unitId: foreign.id }));
    expect(paths(createRefused)).toEqual(['unitId']);
    expect(await residentEventCount()).toBe(events);
    const cleared = await c.patch(`/api/residents/${r.id}`, { unitId: null });
    expect(cleared.body).toMatchObject({ unitId: null, unitName: null });
    const trail = await auditFor(r.id);
    expect(trail.at(-1)).toMatchObject({
      action: 'update',
      before: { unitId: tn.outside.unitId },
      after: { unitId: null },
    });
  });

  it('registers a resident with only a name and an area', async () => {
    const res = await tn.clients.community_admin.post('/api/residents', {
      areaId: tn.areas.community.id,
      name: '赵大爷',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      phone: null,
      idNumber: null,
      gender: null,
      areaLabel: tn.areas.community.name,
    });
    // Nothing to unmask: the read is not recorded as a reveal.
    const got = await tn.clients.community_admin.get(`/api/residents/${res.body.id}?reveal=true`);
    expect(got.status).toBe(200);
    expect((await auditFor(res.body.id)).map((e) => e.action)).toEqual(['create']);
  });

  it('lists residents in scope with search, filters and paging, always masked', async () => {
    const c = tn.clients.community_admin;
    const tag = uid();
    const a = await create(c, { name: `居民甲${tag}`, phone: '13600000001' });
    const b = await create(c, { name: `居民乙${tag}`, phone: '13600000002', areaId: tn.areas.building.id });
    const cc = await create(tn.clients.street_admin, {
      name: `居民丙${tag}`,
      phone: '13600000003',
      areaId: tn.areas.community2.id,
    });
    const ids = (res: { body: any }) => res.body.data.map((m: { id: number }) => m.id);
    const q = `q=${encodeURIComponent(tag)}`;

    expect(ids(await c.get(`/api/residents?${q}`))).toEqual([b.id, a.id]);
    expect(ids(await c.get(`/api/residents?q=${encodeURIComponent(`居民甲${tag}`)}`))).toEqual([a.id]);
    expect(ids(await c.get('/api/residents?q=13600000002'))).toEqual([b.id]);
    expect((await c.get('/api/residents?q=136000000')).body.total).toBe(0);

    const s = tn.clients.street_admin;
    expect(ids(await s.get(`/api/residents?${q}`))).toEqual([cc.id, b.id, a.id]);
    expect(ids(await s.get(`/api/residents?${q}&within=${tn.areas.compound.id}`))).toEqual([b.id, a.id]);
    expect(ids(await s.get(`/api/residents?${q}&within=${tn.areas.community2.id}`))).toEqual([cc.id]);
    expect(ids(await s.get(`/api/residents?${q}&areaId=${tn.areas.compound.id}`))).toEqual([a.id]);
    expect(ids(await s.get(`/api/residents?${q}&areaId=`))).toEqual([cc.id, b.id, a.id]);

    const page1 = await s.get(`/api/residents?${q}&pageSize=2&page=1`);
    const page2 = await s.get(`/api/residents?${q}&pageSize=2&page=2`);
    expect(page1.body.total).toBe(3);
    expect(ids(page1)).toEqual([cc.id, b.id]);
    expect(ids(page2)).toEqual([a.id]);

    // A list does not take `reveal` at all, and says so; its rows are masked.
    const listed = await s.get(`/api/residents?${q}&reveal=true`);
    expect(listed.status).toBe(400);
    expect(paths(listed)).toEqual(['reveal']);
    for (const r of page1.body.data) {
      expect(r.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(r.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    }

    const outside = await c.get(`/api/residents?within=${tn.areas.community3.id}`);
    expect(outside.status).toBe(400);
    expect(paths(outside)).toEqual(['within']);
    expect((await c.get('/api/residents?pageSize=1000')).status).toBe(400);
  });

  it('keeps every area admin to its subtree: 404 outside, full access inside', async () => {
    const cases: [Client, number, number | null][] = [
      [tn.clients.platform, tn.inside.residentId, null],
      [tn.clients.district_admin, tn.inside.residentId, null],
      [tn.clients.street_admin, tn.inside.residentId, tn.outside.residentId],
      [tn.clients.community_admin, tn.inside.residentId, tn.outside.residentId],
      [tn.clients.outsideStreetAdmin, tn.outside.residentId, tn.inside.residentId],
      [tn.clients.outsideCommunityAdmin, tn.outside.residentId, tn.inside.residentId],
    ];
    for (const [c, mine, theirs] of cases) {
      const got = await c.get(`/api/residents/${mine}`);
      expect(got.status).toBe(200);
      expect(got.body.actions).toEqual(['update', 'delete', 'reveal']);
      // The platform sees every tenant's residents: keep its page to this one.
      const within = c === tn.clients.platform ? `&within=${tn.areas.district.id}` : '';
      const listed = await c.get(`/api/residents?pageSize=200${within}`);
      expect(listed.body.data.map((r: { id: number }) => r.id)).toContain(mine);
      if (theirs === null) continue;
      expect(listed.body.data.map((r: { id: number }) => r.id)).not.toContain(theirs);
      expect((await c.get(`/api/residents/${theirs}`)).status).toBe(404);
      expect((await c.get(`/api/residents/${theirs}?reveal=true`)).status).toBe(404);
      expect((await c.patch(`/api/residents/${theirs}`, { note: 'x' })).status).toBe(404);
      expect((await c.del(`/api/residents/${theirs}`)).status).toBe(404);
    }
    const there = await tn.clients.community_admin.post(
      '/api/residents',
      residentBody({ areaId: tn.areas.community3.id }),
    );
    expect(there.status).toBe(400);
    expect(paths(there)).toEqual(['areaId']);
  });

  it('shuts unit admins and members out of the residents registry (403)', async () => {
    const total = await residentTotal();
    for (const c of [tn.clients.unit_admin, tn.clients.member]) {
      expect((await c.get('/api/residents')).status).toBe(403);
      expect((await c.get(`/api/residents/${tn.inside.residentId}`)).status).toBe(403);
      expect((await c.post('/api/residents', residentBody())).status).toBe(403);
      expect((await c.patch(`/api/residents/${tn.inside.residentId}`, { note: 'x' })).status).toBe(403);
      expect((await c.del(`/api/residents/${tn.inside.residentId}`)).status).toBe(403);
    }
    expect(await residentTotal()).toBe(total);
  });

  it('shows a resident its own record in clear (audited), and nothing else', async () => {
    const r = tn.clients.resident;
    const own = await r.get(`/api/residents/${tn.inside.residentId}`);
    expect(own.status).toBe(200);
    expect(own.body.phone).toBe('13900139000');
    expect(own.body.idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(own.body.actions).toEqual([]);
    const reveals = (await auditFor(tn.inside.residentId)).filter((e) => e.action === 'reveal');
    expect(reveals).toHaveLength(1);
    expect(reveals[0]).toMatchObject({ actor_role: 'resident', after: { fields: ['phone', 'idNumber'] } });

    const neighbour = await create(tn.clients.community_admin);
    expect((await r.get(`/api/residents/${neighbour.id}`)).status).toBe(404);
    expect((await r.get(`/api/residents/${tn.outside.residentId}`)).status).toBe(404);
    expect((await r.get('/api/residents')).status).toBe(403);
    expect((await r.post('/api/residents', residentBody())).status).toBe(403);
    expect((await r.patch(`/api/residents/${tn.inside.residentId}`, { note: 'x' })).status).toBe(403);
    expect((await r.del(`/api/residents/${tn.inside.residentId}`)).status).toBe(403);
  });

  it('masks phone and ID number by default and reveals them to an admin with exactly one audit event', async () => {
    const idNumber = idNumberWithCheck('44030519881111333');
    const res = await create(tn.clients.community_admin, { idNumber, phone: '15012345678' });
    const c = tn.clients.district_admin;
    const masked = await c.get(`/api/residents/${res.id}`);
    expect(masked.body).toMatchObject({
      phone: '150****5678',
      idNumber: `440305********${idNumber.slice(-4)}`,
    });
    expect((await auditFor(res.id)).map((e) => e.action)).toEqual(['create']);

    const revealed = await c.get(`/api/residents/${res.id}?reveal=true`);
    expect(revealed.status).toBe(200);
    expect(revealed.body).toMatchObject({ phone: '15012345678', idNumber });
    const reveals = (await auditFor(res.id)).filter((e) => e.action === 'reveal');
    expect(reveals).toHaveLength(1);
    expect(reveals[0]).toMatchObject({
      actor_role: 'district_admin',
      after: { fields: ['phone', 'idNumber'] },
    });

    expect((await tn.clients.unit_admin.get(`/api/residents/${res.id}?reveal=true`)).status).toBe(403);
    expect((await auditFor(res.id)).filter((e) => e.action === 'reveal')).toHaveLength(1);
  });

  it('rejects bad input on create and update field by field, in Chinese or English, and writes nothing', async () => {
    const c = tn.clients.community_admin;
    const existing = await create(c);
    const total = await residentTotal();
    const events = await residentEventCount();
    const good = idNumberWithCheck('11010119800101123');
    const badId = `${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}`;

    const shape = await c.post(
      '/api/residents',
      residentBody({ phone: '0571-1234', idNumber: badId, name: '' }),
    );
    expect(shape.status).toBe(400);
    expect(paths(shape)).toEqual(['idNumber', 'name', 'phone']);
    expect(detail(shape, 'phone')).toContain('手机号');
    expect(detail(shape, 'idNumber')).toContain('身份证');

    const street = await tn.clients.street_admin.post(
      '/api/residents',
      residentBody({ areaId: tn.areas.street.id }),
    );
    expect(street.status).toBe(400);
    expect(paths(street)).toEqual(['areaId']);
    expect(detail(street, 'areaId')).toBe('所属区域须为社区或其下级');

    c.lang = 'en';
    try {
      const en = await c.post('/api/residents', residentBody({ phone: '123' }));
      expect(en.body.error.message).toBe('Invalid input; check the fields marked');
      expect(detail(en, 'phone')).toBe('Invalid mobile number (11 digits expected)');
      const enId = await c.patch(`/api/residents/${existing.id}`, { idNumber: badId });
      expect(detail(enId, 'idNumber')).toBe('Invalid ID number (18 characters with a valid check digit)');
      const enArea = await tn.clients.street_admin.request(
        'PATCH',
        `/api/residents/${existing.id}`,
        { areaId: tn.areas.street.id },
        { headers: { 'accept-language': 'en-US,en;q=0.9' } },
      );
      expect(detail(enArea, 'areaId')).toBe('Area must be a community or a node below it');
    } finally {
      c.lang = 'zh-CN';
    }

    for (const body of [
      { phone: '1361234567' },
      { idNumber: badId },
      { gender: 'unknown' },
      { areaId: tn.areas.community3.id },
      { name: '' },
      { address: 'x'.repeat(201) },
    ]) {
      const res = await c.patch(`/api/residents/${existing.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(paths(res)).toEqual([Object.keys(body)[0]]);
    }
    const after = await c.get(`/api/residents/${existing.id}`);
    expect(after.body).toMatchObject({
      name: existing.name,
      phone: existing.phone,
      updatedAt: existing.updatedAt,
    });
    expect(await residentTotal()).toBe(total);
    expect(await residentEventCount()).toBe(events);
  });

  it('refuses a second resident with the same ID number (409 on idNumber)', async () => {
    const c = tn.clients.community_admin;
    const idNumber = fakeIdNumber();
    await create(c, { idNumber });
    const dup = await c.post('/api/residents', residentBody({ idNumber }));
    expect(dup.status).toBe(409);
    expect(dup.body.error.details[0].path).toBe('idNumber');
    const other = await create(c);
    const dupPatch = await c.patch(`/api/residents/${other.id}`, { idNumber });
    expect(dupPatch.status).toBe(409);
    expect(dupPatch.body.error.details[0].path).toBe('idNumber');
  });

  it('refuses to delete a resident an account refers to (409)', async () => {
    const res = await tn.clients.community_admin.del(`/api/residents/${tn.inside.residentId}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('HAS_RECORDS');
    expect(res.body.error.details.references).toEqual({ accounts: 1 });
    expect((await tn.clients.community_admin.get(`/api/residents/${tn.inside.residentId}`)).status).toBe(200);
  });

  it('moves a resident within scope and its sign-in account follows', async () => {
    const s = tn.clients.street_admin;
    const moved = await s.patch(`/api/residents/${tn.inside.residentId}`, { areaId: tn.areas.community2.id });
    expect(moved.status).toBe(200);
    const accounts = await tn.clients.platform.get(
      `/api/accounts?role=resident&areaId=${tn.areas.community2.id}&pageSize=200`,
    );
    expect(accounts.body.data.map((a: { residentId: number }) => a.residentId)).toContain(
      tn.inside.residentId,
    );
    expect((await tn.clients.community_admin.get(`/api/residents/${tn.inside.residentId}`)).status).toBe(404);
    expect((await tn.clients.resident.get(`/api/residents/${tn.inside.residentId}`)).status).toBe(200);
    expect(
      (await s.patch(`/api/residents/${tn.inside.residentId}`, { areaId: tn.areas.community.id })).status,
    ).toBe(200);
  });
});
