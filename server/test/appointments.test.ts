import { BUILTIN_APPOINTMENT_KINDS } from '@gongjian/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditTrail, createTenant, fakeIdNumber, type Tenant, uid, useTestApp } from './helpers.ts';

const t = useTestApp();

let tn: Tenant;
/** A second district, for the "other district" checks. */
let other: Tenant;
let orgC1: number;
let orgC3: number;
let kinds: Record<string, { id: number; termMonths: number | null }>;

/** Audit events of these entity types anywhere in the tenant's district (to prove nothing was written). */
async function eventCount(types: string[]) {
  const rows = await t.database.pool.query(
    `select count(*)::int as n from audit_events
      where entity_type = any($1) and area_id in (select id from areas where path like $2)`,
    [types, `${tn.areas.district.path}%`],
  );
  return rows.rows[0].n as number;
}

const paths = (res: { body: any }) =>
  (res.body.error.details as { path: string }[]).map((d) => d.path).sort();

/** A party member registered over HTTP by the district admin. */
async function member(areaId: number, extra: Record<string, unknown> = {}) {
  const res = await tn.clients.district_admin.post('/api/members', {
    areaId,
    name: `党员${uid()}`,
    gender: 'male',
    idNumber: fakeIdNumber(),
    category: 'in_service',
    joinDate: '2010-07-01',
    unitId: tn.inside.unitId,
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body.id as number;
}

async function org(areaId: number, name: string) {
  const res = await tn.clients.district_admin.post('/api/orgs', { areaId, type: 'branch', name });
  expect(res.status).toBe(201);
  return res.body.id as number;
}

beforeAll(async () => {
  tn = await createTenant(t);
  other = await createTenant(t);
  orgC1 = await org(tn.areas.community.id, `C1党支部-${tn.tag}`);
  orgC3 = await org(tn.areas.community3.id, `C3党支部-${tn.tag}`);
  const list = await tn.clients.district_admin.get('/api/appointment-kinds?pageSize=100');
  kinds = Object.fromEntries(
    list.body.data.map((k: { code: string; id: number; termMonths: number | null }) => [k.code, k]),
  );
});

describe('appointment kinds', () => {
  it('every district gets the built-in kinds the first time its kinds are read', async () => {
    const res = await tn.clients.district_admin.get('/api/appointment-kinds?pageSize=100');
    expect(res.status).toBe(200);
    expect(res.body.data.map((k: { code: string }) => k.code)).toEqual(
      BUILTIN_APPOINTMENT_KINDS.map((k) => k.code),
    );
    const first = res.body.data.find((k: { code: string }) => k.code === 'first_secretary');
    expect(first).toMatchObject({
      nameZh: '第一书记',
      termMonths: 24,
      needsSendingUnit: true,
      builtin: true,
      dutyPolicyCode: 'first_secretary_four_duties',
      districtId: tn.areas.district.id,
      actions: ['update'],
    });
    // Any role of the district reads them (forms show the names), without edit actions.
    const asMember = await tn.clients.member.get('/api/appointment-kinds');
    expect(asMember.status).toBe(200);
    expect(asMember.body.total).toBe(BUILTIN_APPOINTMENT_KINDS.length);
    expect(asMember.body.data[0].actions).toEqual([]);
    // The platform admin names the district.
    expect((await tn.clients.platform.get('/api/appointment-kinds')).status).toBe(400);
    const platform = await tn.clients.platform.get(
      `/api/appointment-kinds?districtId=${tn.areas.district.id}`,
    );
    expect(platform.body.total).toBe(BUILTIN_APPOINTMENT_KINDS.length);
  });

  it('a district admin adds, edits and deletes its own kind, and every step is audited', async () => {
    const c = tn.clients.district_admin;
    const created = await c.post('/api/appointment-kinds', {
      code: 'grid_reserve',
      nameZh: '网格后备干部',
      nameEn: 'Grid reserve cadre',
      termMonths: 12,
      dutyPolicyCode: 'grid_reserve_duties',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      builtin: false,
      needsSendingUnit: false,
      actions: ['update', 'delete'],
    });
    const id = created.body.id;
    const edited = await c.patch(`/api/appointment-kinds/${id}`, {
      nameZh: '网格储备干部',
      needsSendingUnit: true,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ nameZh: '网格储备干部', needsSendingUnit: true });
    const dup = await c.post('/api/appointment-kinds', { code: 'grid_reserve', nameZh: 'x', nameEn: 'x' });
    expect(dup.status).toBe(409);
    expect(paths(dup)).toEqual(['code']);
    // A built-in code is taken too.
    expect(
      (await c.post('/api/appointment-kinds', { code: 'first_secretary', nameZh: 'x', nameEn: 'x' })).status,
    ).toBe(409);
    expect((await c.del(`/api/appointment-kinds/${id}`)).status).toBe(200);
    expect((await c.get(`/api/appointment-kinds/${id}`)).status).toBe(404);
    const trail = await auditTrail(t, 'appointment_kind', id);
    expect(trail.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(trail[1]?.before).toEqual({ nameZh: '网格后备干部', needsSendingUnit: false });
  });

  it('built-in kinds are edited but never deleted', async () => {
    const id = kinds.cross_appointment!.id;
    const res = await tn.clients.district_admin.del(`/api/appointment-kinds/${id}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('BUILTIN_KIND');
    const edited = await tn.clients.district_admin.patch(`/api/appointment-kinds/${id}`, { termMonths: 36 });
    expect(edited.body.termMonths).toBe(36);
  });

  it('only the district admin writes kinds; another district cannot even see them', async () => {
    const id = kinds.second_secretary!.id;
    expect(
      (await tn.clients.street_admin.post('/api/appointment-kinds', { code: 'x1', nameZh: 'x', nameEn: 'x' }))
        .status,
    ).toBe(403);
    expect(
      (await tn.clients.community_admin.patch(`/api/appointment-kinds/${id}`, { nameZh: 'x' })).status,
    ).toBe(403);
    expect((await tn.clients.street_admin.del(`/api/appointment-kinds/${id}`)).status).toBe(403);
    expect((await other.clients.district_admin.get(`/api/appointment-kinds/${id}`)).status).toBe(404);
    expect(
      (await other.clients.district_admin.patch(`/api/appointment-kinds/${id}`, { nameZh: 'x' })).status,
    ).toBe(404);
    const foreign = await other.clients.district_admin.get(
      `/api/appointment-kinds?districtId=${tn.areas.district.id}`,
    );
    expect(foreign.status).toBe(400);
  });

  it('bad kind input answers field errors and writes nothing', async () => {
    const before = await eventCount(['appointment_kind']);
    const res = await tn.clients.district_admin.post('/api/appointment-kinds', {
      code: 'bad code',
      nameZh: '',
      termMonths: 0,
    });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['code', 'nameEn', 'nameZh', 'termMonths']);
    tn.clients.district_admin.lang = 'en';
    const en = await tn.clients.district_admin.post('/api/appointment-kinds', { code: 'ok', nameZh: 'x' });
    tn.clients.district_admin.lang = 'zh-CN';
    expect(en.body.error.details[0]).toMatchObject({ path: 'nameEn', message: 'Required' });
    expect(await eventCount(['appointment_kind'])).toBe(before);
  });
});

describe('appointments', () => {
  it('a community admin appoints a building head directly; the term stays open when the kind has none', async () => {
    const res = await tn.clients.community_admin.post('/api/appointments', {
      kindId: kinds.building_head!.id,
      memberId: tn.inside.memberId,
      receivingOrgId: orgC1,
      post: 'B1 楼栋长',
      termStart: '2026-01-01',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kindCode: 'building_head',
      memberId: tn.inside.memberId,
      receivingOrgId: orgC1,
      areaId: tn.areas.community.id,
      termEnd: null,
      status: 'active',
      batchId: null,
      actions: ['update', 'end', 'recall', 'replace', 'delete', 'recordLog'],
    });
    const trail = await auditTrail(t, 'appointment', res.body.id);
    expect(trail.map((e) => e.action)).toEqual(['create']);
    expect(trail[0]?.area_id).toBe(tn.areas.community.id);
  });

  it('the term end defaults from the kind, and a kind that needs a sending unit refuses one without', async () => {
    const before = await eventCount(['appointment']);
    const missing = await tn.clients.district_admin.post('/api/appointments', {
      kindId: kinds.first_secretary!.id,
      memberId: tn.inside.memberId,
      receivingOrgId: orgC1,
      termStart: '2026-03-15',
    });
    expect(missing.status).toBe(400);
    expect(paths(missing)).toEqual(['sendingUnitId']);
    expect(missing.body.error.details[0].message).toBe('该任职类型须指定派出单位');
    const refs = await tn.clients.street_admin.post('/api/appointments', {
      kindId: other.areas.district.id * 1000,
      memberId: tn.outside.memberId,
      receivingOrgId: orgC3,
      termStart: '2026-03-15',
      termEnd: '2026-01-01',
    });
    expect(refs.status).toBe(400);
    expect(paths(refs)).toEqual(['termEnd']);
    const refs2 = await tn.clients.street_admin.post('/api/appointments', {
      kindId: 999999999,
      memberId: 999999999,
      receivingOrgId: orgC3,
      termStart: '2026-03-15',
    });
    expect(paths(refs2)).toEqual(['kindId', 'memberId', 'receivingOrgId']);
    expect(await eventCount(['appointment'])).toBe(before);

    const ok = await tn.clients.district_admin.post('/api/appointments', {
      kindId: kinds.first_secretary!.id,
      memberId: tn.inside.memberId,
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: orgC1,
      termStart: '2026-03-15',
    });
    expect(ok.status).toBe(201);
    expect(ok.body.termEnd).toBe('2028-03-14');
    expect(ok.body.sendingUnitName).toContain('单位A');
    // The same person cannot hold the same active post in the same organisation twice.
    const again = await tn.clients.district_admin.post('/api/appointments', {
      kindId: kinds.first_secretary!.id,
      memberId: tn.inside.memberId,
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: orgC1,
      termStart: '2026-04-01',
    });
    expect(again.status).toBe(409);
    expect(paths(again)).toEqual(['memberId']);
  });

  it('each role sees the appointments in its scope: receiving area, own employees, or its own', async () => {
    const outsider = await member(tn.areas.community3.id, { unitId: tn.outside.unitId });
    const inC3 = await tn.clients.district_admin.post('/api/appointments', {
      kindId: kinds.grid_post!.id,
      memberId: outsider,
      receivingOrgId: orgC3,
      termStart: '2026-02-01',
    });
    expect(inC3.status).toBe(201);
    const c3 = inC3.body.id;

    const ids = async (c: keyof Tenant['clients'], query = '') => {
      const res = await tn.clients[c].get(`/api/appointments?pageSize=200${query}`);
      expect(res.status).toBe(200);
      return res.body.data.map((a: { id: number }) => a.id) as number[];
    };
    expect(await ids('district_admin')).toContain(c3);
    expect(await ids('community_admin')).not.toContain(c3);
    expect(await ids('outsideCommunityAdmin')).toContain(c3);
    expect((await tn.clients.community_admin.get(`/api/appointments/${c3}`)).status).toBe(404);
    expect(
      (
        await tn.clients.community_admin.post(`/api/appointments/${c3}/recall`, {
          endedOn: '2026-03-01',
          reason: 'x',
        })
      ).status,
    ).toBe(404);

    // The sending unit's admin reads its employees' appointments, and cannot change them.
    const unitIds = await ids('unit_admin');
    expect(unitIds.length).toBeGreaterThan(0);
    const unitList = await tn.clients.unit_admin.get('/api/appointments?pageSize=200');
    for (const a of unitList.body.data) {
      expect(a.sendingUnitId).toBe(tn.inside.unitId);
      expect(a.actions).toEqual([]);
    }
    expect(unitIds).not.toContain(c3);
    const first = unitIds[0]!;
    expect((await tn.clients.unit_admin.get(`/api/appointments/${first}`)).status).toBe(200);
    expect((await tn.clients.unit_admin.patch(`/api/appointments/${first}`, { note: 'x' })).status).toBe(403);

    // The appointee sees its own and may record logs on it, nothing else.
    const mine = await tn.clients.member.get('/api/appointments?pageSize=200');
    expect(mine.body.total).toBeGreaterThan(0);
    for (const a of mine.body.data) {
      expect(a.memberId).toBe(tn.inside.memberId);
      expect(a.actions).toEqual(a.status === 'active' ? ['recordLog'] : []);
    }
    expect((await tn.clients.member.get(`/api/appointments/${c3}`)).status).toBe(404);
    expect((await tn.clients.member.post(`/api/appointments/${mine.body.data[0].id}/end`, {})).status).toBe(
      403,
    );
    expect((await tn.clients.resident.get('/api/appointments')).status).toBe(403);
    expect((await tn.clients.member.post('/api/appointments', {})).status).toBe(400);
    expect(
      (
        await tn.clients.member.post('/api/appointments', {
          kindId: kinds.grid_post!.id,
          memberId: tn.inside.memberId,
          receivingOrgId: orgC1,
          termStart: '2026-01-01',
        })
      ).status,
    ).toBe(403);
  });

  it('lists filter by kind, status, sending unit, receiving area and member', async () => {
    const c = tn.clients.district_admin;
    const byKind = await c.get(`/api/appointments?kindId=${kinds.grid_post!.id}`);
    expect(byKind.body.data.every((a: { kindCode: string }) => a.kindCode === 'grid_post')).toBe(true);
    expect(byKind.body.total).toBeGreaterThan(0);
    const within = await c.get(`/api/appointments?within=${tn.areas.street2.id}&pageSize=200`);
    expect(within.body.data.every((a: { areaId: number }) => a.areaId === tn.areas.community3.id)).toBe(true);
    const byUnit = await c.get(`/api/appointments?sendingUnitId=${tn.inside.unitId}&pageSize=200`);
    expect(
      byUnit.body.data.every((a: { sendingUnitId: number }) => a.sendingUnitId === tn.inside.unitId),
    ).toBe(true);
    const byMember = await c.get(
      `/api/appointments?memberId=${tn.inside.memberId}&status=active&pageSize=200`,
    );
    expect(byMember.body.total).toBeGreaterThanOrEqual(2);
    const page = await c.get('/api/appointments?pageSize=1');
    expect(page.body.data).toHaveLength(1);
    expect(page.body.total).toBeGreaterThan(1);
    expect(
      (await tn.clients.street_admin.get(`/api/appointments?within=${tn.areas.street2.id}`)).status,
    ).toBe(400);
    expect((await c.get('/api/appointments?status=gone')).status).toBe(400);
  });

  it('a replacement ends the old appointment and links the new one; a recall closes it; history survives', async () => {
    const c = tn.clients.community_admin;
    const first = await member(tn.areas.building.id);
    const second = await member(tn.areas.building.id);
    const created = await c.post('/api/appointments', {
      kindId: kinds.second_secretary!.id,
      memberId: first,
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: orgC1,
      termStart: '2026-01-01',
      termEnd: '2026-12-31',
    });
    expect(created.status).toBe(201);
    const oldId = created.body.id;

    const bad = await c.post(`/api/appointments/${oldId}/replace`, {
      endedOn: '2025-06-30',
      reason: '',
      memberId: second,
    });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['reason']);
    const early = await c.post(`/api/appointments/${oldId}/replace`, {
      endedOn: '2025-06-30',
      reason: '工作调动',
      memberId: second,
    });
    expect(early.status).toBe(400);
    expect(paths(early)).toEqual(['endedOn']);
    expect((await c.get(`/api/appointments/${oldId}`)).body.status).toBe('active');

    const replaced = await c.post(`/api/appointments/${oldId}/replace`, {
      endedOn: '2026-06-30',
      reason: '工作调动',
      memberId: second,
    });
    expect(replaced.status).toBe(201);
    const newId = replaced.body.id;
    expect(replaced.body).toMatchObject({
      replacesId: oldId,
      memberId: second,
      sendingUnitId: tn.inside.unitId,
      termStart: '2026-07-01',
      termEnd: '2026-12-31',
      status: 'active',
    });
    const old = await c.get(`/api/appointments/${oldId}`);
    expect(old.body).toMatchObject({
      status: 'replaced',
      endedOn: '2026-06-30',
      endReason: '工作调动',
      replacedById: newId,
      actions: [],
    });

    const recalled = await c.post(`/api/appointments/${newId}/recall`, {
      endedOn: '2026-09-30',
      reason: '因病召回',
    });
    expect(recalled.status).toBe(200);
    expect(recalled.body).toMatchObject({ status: 'recalled', endedOn: '2026-09-30', endReason: '因病召回' });

    // Closed appointments accept no further moves, and are never deleted.
    for (const [path, body] of [
      [`/api/appointments/${newId}/recall`, { endedOn: '2026-10-01', reason: 'x' }],
      [`/api/appointments/${newId}/end`, {}],
      [`/api/appointments/${oldId}/replace`, { endedOn: '2026-07-01', reason: 'x', memberId: first }],
    ] as const) {
      const res = await c.post(path, body);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('ILLEGAL_TRANSITION');
    }
    expect((await c.patch(`/api/appointments/${newId}`, { note: 'x' })).status).toBe(409);
    expect((await c.del(`/api/appointments/${oldId}`)).status).toBe(409);

    const detail = await c.get(`/api/appointments/${newId}`);
    expect(detail.body.history.map((h: { id: number; status: string }) => [h.id, h.status])).toEqual([
      [oldId, 'replaced'],
      [newId, 'recalled'],
    ]);
    expect((await c.get(`/api/appointments/${oldId}`)).body.history).toEqual(detail.body.history);

    expect((await auditTrail(t, 'appointment', oldId)).map((e) => e.action)).toEqual(['create', 'replace']);
    const newTrail = await auditTrail(t, 'appointment', newId);
    expect(newTrail.map((e) => e.action)).toEqual(['create', 'recall']);
    expect(newTrail[0]?.summary).toBe(`replaces appointment ${oldId}`);
    expect(newTrail[1]?.after).toEqual({ status: 'recalled', endedOn: '2026-09-30', endReason: '因病召回' });
  });

  it('a term end is recorded on its last day; corrections are audited', async () => {
    const c = tn.clients.street_admin;
    const created = await c.post('/api/appointments', {
      kindId: kinds.concurrent_member!.id,
      memberId: await member(tn.areas.community.id),
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: orgC1,
      termStart: '2024-01-01',
      termEnd: '2025-12-31',
    });
    const id = created.body.id;
    const edited = await c.patch(`/api/appointments/${id}`, { post: '兼职委员（组织委员）' });
    expect(edited.status).toBe(200);
    expect((await c.patch(`/api/appointments/${id}`, { termEnd: '2023-12-31' })).status).toBe(400);
    const ended = await c.post(`/api/appointments/${id}/end`, {});
    expect(ended.body).toMatchObject({ status: 'ended', endedOn: '2025-12-31', endReason: null });
    const trail = await auditTrail(t, 'appointment', id);
    expect(trail.map((e) => e.action)).toEqual(['create', 'update', 'end']);
    expect(trail[1]?.after).toEqual({ post: '兼职委员（组织委员）' });
  });

  it('an appointment entered by mistake is deleted while it has no history, and its kind then stays in use', async () => {
    const kind = await tn.clients.district_admin.post('/api/appointment-kinds', {
      code: `k${uid()}`,
      nameZh: '临时岗位',
      nameEn: 'Temporary post',
    });
    const made = await tn.clients.community_admin.post('/api/appointments', {
      kindId: kind.body.id,
      memberId: tn.inside.memberId,
      receivingOrgId: orgC1,
      termStart: '2026-01-01',
    });
    expect(made.status).toBe(201);
    const inUse = await tn.clients.district_admin.del(`/api/appointment-kinds/${kind.body.id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.details.references).toEqual({ appointments: 1 });
    expect((await tn.clients.community_admin.del(`/api/appointments/${made.body.id}`)).status).toBe(200);
    expect((await tn.clients.community_admin.get(`/api/appointments/${made.body.id}`)).status).toBe(404);
    const trail = await auditTrail(t, 'appointment', made.body.id);
    expect(trail.map((e) => e.action)).toEqual(['create', 'delete']);
    expect((await tn.clients.district_admin.del(`/api/appointment-kinds/${kind.body.id}`)).status).toBe(200);
    // A disabled kind cannot be used for new appointments.
    const disabled = await tn.clients.district_admin.post('/api/appointment-kinds', {
      code: `d${uid()}`,
      nameZh: '停用岗位',
      nameEn: 'Disabled post',
      enabled: false,
    });
    const refused = await tn.clients.community_admin.post('/api/appointments', {
      kindId: disabled.body.id,
      memberId: tn.inside.memberId,
      receivingOrgId: orgC1,
      termStart: '2026-01-01',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({ path: 'kindId', message: '该任职类型已停用' });
  });
});
