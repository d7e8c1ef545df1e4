import { idNumberWithCheck } from '@gongjian/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { partyOrgSeats, partyOrgs } from '#server/db/schema/index.ts';
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

/** A well-formed ID number whose check character is wrong. */
function badChecksum(first17: string) {
  const good = idNumberWithCheck(first17);
  return `${first17}${good.endsWith('0') ? '1' : '0'}`;
}

interface AuditRow {
  action: string;
  entity_id: string;
  actor_role: string | null;
  before: Record<string, any> | null;
  after: Record<string, any> | null;
}

async function auditFor(entityId: number | string) {
  const rows = await t.database.pool.query(
    `select * from audit_events where entity_type = 'member' and entity_id = $1 order by id`,
    [String(entityId)],
  );
  return rows.rows as AuditRow[];
}

let tn: Tenant;
/** Party organisations are another module's records: inserted directly as fixtures here. */
let orgInside: number;
let orgOutside: number;
/** A unit of another district: never a work unit here (any unit of the own district is). */
let foreignUnit: { id: number; name: string };

/** Member events anywhere in this tenant's district, to prove a refused request wrote nothing. */
async function memberEventCount() {
  const rows = await t.database.pool.query(
    `select count(*)::int as n from audit_events
      where entity_type = 'member' and area_id in (select id from areas where path like $1)`,
    [`${tn.areas.district.path}%`],
  );
  return rows.rows[0].n as number;
}

async function memberTotal() {
  return (await tn.clients.district_admin.get('/api/members?pageSize=1')).body.total as number;
}

const paths = (res: { body: any }) =>
  (res.body.error.details as { path: string }[]).map((d) => d.path).sort();
const detail = (res: { body: any }, path: string) =>
  (res.body.error.details as { path: string; message: string }[]).find((d) => d.path === path)?.message;

/** A valid create body: a member living in building B1 and working at the C1 unit. */
function memberBody(overrides: Record<string, unknown> = {}) {
  return {
    areaId: tn.areas.building.id,
    name: `张${uid()}`,
    gender: 'male',
    phone: '13812345678',
    idNumber: fakeIdNumber(),
    joinDate: '2010-07-01',
    unitId: tn.inside.unitId,
    category: 'in_service',
    skills: ['medical', 'it'],
    roles: ['building_head'],
    ...overrides,
  };
}

async function create(c: Client, overrides: Record<string, unknown> = {}) {
  const res = await c.post('/api/members', memberBody(overrides));
  if (res.status !== 201) throw new Error(`member create failed: ${JSON.stringify(res.body)}`);
  return res.body;
}

beforeAll(async () => {
  tn = await createTenant(t);
  const { db } = t.database;
  const [a] = await db
    .insert(partyOrgs)
    .values({ areaId: tn.areas.community.id, type: 'branch', name: `第一支部-${tn.tag}` })
    .returning({ id: partyOrgs.id });
  const [b] = await db
    .insert(partyOrgs)
    .values({ areaId: tn.areas.community3.id, type: 'branch', name: `第三支部-${tn.tag}` })
    .returning({ id: partyOrgs.id });
  orgInside = a!.id;
  orgOutside = b!.id;
  foreignUnit = await unitInAnotherDistrict(t);
});

describe('party members registry', () => {
  it('a community admin registers, edits and removes a member, and every step is audited', async () => {
    const c = tn.clients.community_admin;
    const idNumber = idNumberWithCheck('11010119800512123');
    const created = await c.post('/api/members', memberBody({ idNumber, orgId: orgInside }));
    expect(created.status).toBe(201);
    const m = created.body;
    expect(m).toMatchObject({
      areaId: tn.areas.building.id,
      areaName: tn.areas.building.name,
      areaLabel: `${tn.areas.community.name} / ${tn.areas.compound.name} / ${tn.areas.building.name}`,
      birthDate: '1980-05-12',
      phone: '138****5678',
      idNumber: `110101********${idNumber.slice(-4)}`,
      unitId: tn.inside.unitId,
      unitName: `单位A-${tn.tag}`,
      orgId: orgInside,
      orgName: `第一支部-${tn.tag}`,
      category: 'in_service',
      skills: ['medical', 'it'],
      roles: ['building_head'],
    });
    expect(m.actions).toEqual(['update', 'delete', 'reveal']);

    const edited = await c.patch(`/api/members/${m.id}`, {
      name: '李四',
      phone: '13900001111',
      skills: ['legal'],
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: '李四', phone: '139****1111', skills: ['legal'] });

    expect((await c.del(`/api/members/${m.id}`)).status).toBe(200);
    expect((await c.get(`/api/members/${m.id}`)).status).toBe(404);

    const events = await auditFor(m.id);
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    const [createEv, updateEv, deleteEv] = events;
    expect(createEv?.after).toMatchObject({
      name: m.name,
      areaId: tn.areas.building.id,
      category: 'in_service',
    });
    // The trail holds PII masked: clear numbers are only ever read through an audited reveal.
    expect(createEv?.after?.idNumber).toBe(m.idNumber);
    expect(updateEv?.before).toEqual({ name: m.name, phone: '138****5678', skills: ['medical', 'it'] });
    expect(updateEv?.after).toEqual({ name: '李四', phone: '139****1111', skills: ['legal'] });
    expect(deleteEv?.before).toMatchObject({ id: m.id, name: '李四', phone: '139****1111' });
  });

  it('takes the birth date from the ID number and refuses one that contradicts it', async () => {
    const c = tn.clients.community_admin;
    const idNumber = idNumberWithCheck('11010119750301456');
    const same = await c.post('/api/members', memberBody({ idNumber, birthDate: '1975-03-01' }));
    expect(same.status).toBe(201);
    expect(same.body.birthDate).toBe('1975-03-01');
    const before = await memberTotal();
    const other = await c.post(
      '/api/members',
      memberBody({ idNumber: idNumberWithCheck('11010119750301457'), birthDate: '1976-03-01' }),
    );
    expect(other.status).toBe(400);
    expect(paths(other)).toEqual(['birthDate']);
    expect(detail(other, 'birthDate')).toBe('出生日期与身份证号码不一致');
    // A new ID number moves the birth date with it.
    const newId = idNumberWithCheck('11010119781120456');
    const moved = await c.patch(`/api/members/${same.body.id}`, { idNumber: newId });
    expect(moved.status).toBe(200);
    expect(moved.body.birthDate).toBe('1978-11-20');
    expect(await memberTotal()).toBe(before);
  });

  it('lists members in scope with search, filters and paging, always masked', async () => {
    const c = tn.clients.community_admin;
    const tag = uid();
    const a = await create(c, {
      name: `搜索甲${tag}`,
      phone: '13700000001',
      skills: ['medical'],
      category: 'retired',
      gender: 'female',
    });
    const b = await create(c, {
      name: `搜索乙${tag}`,
      areaId: tn.areas.compound.id,
      phone: '13700000002',
      skills: ['it'],
      roles: ['grid_worker'],
      orgId: orgInside,
    });
    const cc = await create(tn.clients.street_admin, {
      name: `搜索丙${tag}`,
      areaId: tn.areas.community2.id,
      phone: '13700000003',
      skills: ['medical', 'legal'],
    });
    const ids = (res: { body: any }) => res.body.data.map((m: { id: number }) => m.id);

    const byName = await c.get(`/api/members?q=${encodeURIComponent(`搜索甲${tag}`)}`);
    expect(byName.status).toBe(200);
    expect(ids(byName)).toEqual([a.id]);
    const byPrefix = await c.get(`/api/members?q=${encodeURIComponent(tag)}`);
    // Newest first, and C2 is outside a C1 admin's subtree.
    expect(ids(byPrefix)).toEqual([b.id, a.id]);
    expect(ids(await tn.clients.street_admin.get(`/api/members?q=${encodeURIComponent(tag)}`))).toEqual([
      cc.id,
      b.id,
      a.id,
    ]);
    expect(ids(await c.get('/api/members?q=13700000001'))).toEqual([a.id]);
    // Phone numbers match whole only.
    expect((await c.get('/api/members?q=1370000000')).body.total).toBe(0);
    const full = await tn.clients.district_admin.get(`/api/members/${b.id}?reveal=true`);
    expect(ids(await c.get(`/api/members?q=${full.body.idNumber.toLowerCase()}`))).toEqual([b.id]);

    const s = tn.clients.street_admin;
    const q = `q=${encodeURIComponent(tag)}`;
    expect(ids(await s.get(`/api/members?${q}&skill=medical`))).toEqual([cc.id, a.id]);
    expect(ids(await s.get(`/api/members?${q}&category=retired`))).toEqual([a.id]);
    expect(ids(await s.get(`/api/members?${q}&role=grid_worker`))).toEqual([b.id]);
    expect(ids(await s.get(`/api/members?${q}&gender=female`))).toEqual([a.id]);
    expect(ids(await s.get(`/api/members?${q}&orgId=${orgInside}`))).toEqual([b.id]);
    expect(ids(await s.get(`/api/members?${q}&within=${tn.areas.compound.id}`))).toEqual([b.id, a.id]);
    expect(ids(await s.get(`/api/members?${q}&within=${tn.areas.community.id}`))).toEqual([b.id, a.id]);
    expect(ids(await s.get(`/api/members?${q}&areaId=${tn.areas.compound.id}`))).toEqual([b.id]);
    expect(ids(await s.get(`/api/members?${q}&within=${tn.areas.community2.id}&skill=`))).toEqual([cc.id]);
    expect(ids(await s.get(`/api/members?${q}&unitId=${tn.inside.unitId}&category=in_service`))).toEqual([
      cc.id,
      b.id,
    ]);

    const page1 = await s.get(`/api/members?${q}&pageSize=2&page=1`);
    const page2 = await s.get(`/api/members?${q}&pageSize=2&page=2`);
    expect(page1.body.total).toBe(3);
    expect(ids(page1)).toEqual([cc.id, b.id]);
    expect(ids(page2)).toEqual([a.id]);

    // Lists never carry clear numbers: a list does not even take `reveal`, and says so.
    const listed = await s.get(`/api/members?${q}&reveal=true`);
    expect(listed.status).toBe(400);
    expect(paths(listed)).toEqual(['reveal']);
    for (const m of page1.body.data) {
      expect(m.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(m.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    }

    const outside = await c.get(`/api/members?within=${tn.areas.community3.id}`);
    expect(outside.status).toBe(400);
    expect(paths(outside)).toEqual(['within']);
    expect((await c.get('/api/members?skill=bad code')).status).toBe(400);
    expect((await c.get('/api/members?gender=other')).status).toBe(400);
  });

  it('keeps every area admin to its subtree: 404 outside, full access inside', async () => {
    const cases: [Client, number, number][] = [
      [tn.clients.district_admin, tn.inside.memberId, -1],
      [tn.clients.street_admin, tn.inside.memberId, tn.outside.memberId],
      [tn.clients.community_admin, tn.inside.memberId, tn.outside.memberId],
      [tn.clients.outsideStreetAdmin, tn.outside.memberId, tn.inside.memberId],
      [tn.clients.outsideCommunityAdmin, tn.outside.memberId, tn.inside.memberId],
    ];
    for (const [c, mine, theirs] of cases) {
      const got = await c.get(`/api/members/${mine}`);
      expect(got.status).toBe(200);
      expect(got.body.actions).toEqual(['update', 'delete', 'reveal']);
      const listed = await c.get('/api/members?pageSize=200');
      expect(listed.body.data.map((m: { id: number }) => m.id)).toContain(mine);
      if (theirs < 0) continue;
      expect(listed.body.data.map((m: { id: number }) => m.id)).not.toContain(theirs);
      expect((await c.get(`/api/members/${theirs}`)).status).toBe(404);
      expect((await c.get(`/api/members/${theirs}?reveal=true`)).status).toBe(404);
      expect((await c.patch(`/api/members/${theirs}`, { note: 'x' })).status).toBe(404);
      expect((await c.del(`/api/members/${theirs}`)).status).toBe(404);
    }
    // The district admin sees both sides.
    expect((await tn.clients.district_admin.get(`/api/members/${tn.outside.memberId}`)).status).toBe(200);
    // A community admin cannot register a member in another community, nor move one there.
    const there = await tn.clients.community_admin.post(
      '/api/members',
      memberBody({ areaId: tn.areas.community2.id }),
    );
    expect(there.status).toBe(400);
    expect(paths(there)).toEqual(['areaId']);
    const move = await tn.clients.community_admin.patch(`/api/members/${tn.inside.memberId}`, {
      areaId: tn.areas.community3.id,
    });
    expect(move.status).toBe(400);
    expect(paths(move)).toEqual(['areaId']);
  });

  it('a work unit is a reference, not a scope: any unit of the district, never another district’s', async () => {
    // The community admin of C1 sees nothing of C3 (another street), yet its residents work there.
    const c = tn.clients.community_admin;
    expect((await c.get(`/api/units?q=${encodeURIComponent(`单位B-${tn.tag}`)}`)).body.total).toBe(0);
    const picked = await c.get(`/api/work-units?q=${encodeURIComponent(`单位B-${tn.tag}`)}`);
    expect(picked.status).toBe(200);
    // Reference data only: nothing of the unit's contacts.
    expect(picked.body).toEqual({
      data: [{ id: tn.outside.unitId, name: `单位B-${tn.tag}`, type: 'soe', creditCode: null }],
      total: 1,
    });
    const everyOwn = await c.get('/api/work-units?pageSize=200');
    const ids = everyOwn.body.data.map((u: { id: number }) => u.id);
    expect(ids).toEqual(expect.arrayContaining([tn.inside.unitId, tn.outside.unitId]));
    expect(ids).not.toContain(foreignUnit.id);
    expect((await c.get(`/api/work-units?q=${encodeURIComponent(foreignUnit.name)}`)).body.total).toBe(0);

    const m = await create(c, { unitId: tn.outside.unitId });
    expect(m).toMatchObject({
      unitId: tn.outside.unitId,
      unitName: `单位B-${tn.tag}`,
      areaId: tn.areas.building.id,
    });
    // The record's scope is unchanged: the C3 community admin still does not see it.
    expect((await tn.clients.outsideCommunityAdmin.get(`/api/members/${m.id}`)).status).toBe(404);
    const filtered = await c.get(`/api/members?unitId=${tn.outside.unitId}`);
    expect(filtered.body.data.map((r: { id: number }) => r.id)).toEqual([m.id]);
    const moved = await c.patch(`/api/members/${m.id}`, { unitId: tn.inside.unitId });
    expect(moved.body.unitId).toBe(tn.inside.unitId);
    const refused = await c.patch(`/api/members/${m.id}`, { unitId: foreignUnit.id });
    expect(refused.status).toBe(400);
    expect(paths(refused)).toEqual(['unitId']);

    // A unit admin's picker holds its own unit only; members and residents get none.
    const own = await tn.clients.unit_admin.get('/api/work-units?pageSize=200');
    expect(own.body.data.map((u: { id: number }) => u.id)).toEqual([tn.inside.unitId]);
    expect((await tn.clients.member.get('/api/work-units')).status).toBe(403);
    expect((await tn.clients.resident.get('/api/work-units')).status).toBe(403);
  });

  it('lets a unit admin keep its own unit’s members only, without delete or reveal', async () => {
    const u = tn.clients.unit_admin;
    const listed = await u.get('/api/members?pageSize=200');
    expect(listed.status).toBe(200);
    expect(listed.body.data.length).toBeGreaterThan(0);
    expect(listed.body.data.every((m: { unitId: number }) => m.unitId === tn.inside.unitId)).toBe(true);
    const own = await u.get(`/api/members/${tn.inside.memberId}`);
    expect(own.status).toBe(200);
    expect(own.body.actions).toEqual(['update']);
    expect(own.body.phone).toBe('138****8000');
    expect((await u.get(`/api/members/${tn.outside.memberId}`)).status).toBe(404);
    expect((await u.patch(`/api/members/${tn.outside.memberId}`, { note: 'x' })).status).toBe(404);

    // Registering without a unit puts the member in the admin's unit; it may live anywhere in the district.
    const created = await u.post(
      '/api/members',
      memberBody({ unitId: undefined, areaId: tn.areas.community3.id }),
    );
    expect(created.status).toBe(201);
    expect(created.body.unitId).toBe(tn.inside.unitId);
    const edited = await u.patch(`/api/members/${created.body.id}`, {
      note: '单位登记',
      unitId: tn.inside.unitId,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.note).toBe('单位登记');

    const before = await memberTotal();
    const events = await memberEventCount();
    expect((await u.post('/api/members', memberBody({ unitId: tn.outside.unitId }))).status).toBe(403);
    expect((await u.patch(`/api/members/${created.body.id}`, { unitId: tn.outside.unitId })).status).toBe(
      403,
    );
    expect((await u.patch(`/api/members/${created.body.id}`, { unitId: null })).status).toBe(403);
    expect((await u.del(`/api/members/${created.body.id}`)).status).toBe(403);
    expect((await u.get(`/api/members/${tn.inside.memberId}?reveal=true`)).status).toBe(403);
    expect(await memberTotal()).toBe(before);
    expect(await memberEventCount()).toBe(events);
    expect((await auditFor(tn.inside.memberId)).filter((e) => e.action === 'reveal')).toHaveLength(0);
  });

  it('shows a member its own record in clear (audited), and nothing else', async () => {
    const m = tn.clients.member;
    const own = await m.get(`/api/members/${tn.inside.memberId}`);
    expect(own.status).toBe(200);
    expect(own.body.phone).toBe('13800138000');
    expect(own.body.idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(own.body.actions).toEqual([]);
    const reveals = (await auditFor(tn.inside.memberId)).filter((e) => e.action === 'reveal');
    expect(reveals).toHaveLength(1);
    expect(reveals[0]).toMatchObject({ actor_role: 'member', after: { fields: ['phone', 'idNumber'] } });

    expect((await m.get(`/api/members/${tn.outside.memberId}`)).status).toBe(404);
    const neighbour = await create(tn.clients.community_admin);
    expect((await m.get(`/api/members/${neighbour.id}`)).status).toBe(404);
    expect((await m.get('/api/members')).status).toBe(403);
    expect((await m.post('/api/members', memberBody())).status).toBe(403);
    expect((await m.patch(`/api/members/${tn.inside.memberId}`, { note: 'x' })).status).toBe(403);
    expect((await m.del(`/api/members/${tn.inside.memberId}`)).status).toBe(403);

    const r = tn.clients.resident;
    expect((await r.get('/api/members')).status).toBe(403);
    expect((await r.get(`/api/members/${tn.inside.memberId}`)).status).toBe(403);
    expect((await r.post('/api/members', memberBody())).status).toBe(403);
    expect((await r.patch(`/api/members/${tn.inside.memberId}`, { note: 'x' })).status).toBe(403);
    expect((await r.del(`/api/members/${tn.inside.memberId}`)).status).toBe(403);
  });

  it('masks phone and ID number by default and reveals them to an admin with exactly one audit event', async () => {
    const idNumber = idNumberWithCheck('32010219900101123');
    const m = await create(tn.clients.community_admin, { idNumber, phone: '13512345678' });
    const c = tn.clients.street_admin;
    const masked = await c.get(`/api/members/${m.id}`);
    expect(masked.body.phone).toBe('135****5678');
    expect(masked.body.idNumber).toBe(`320102********${idNumber.slice(-4)}`);
    expect((await c.get(`/api/members/${m.id}?reveal=false`)).body.phone).toBe('135****5678');
    expect((await auditFor(m.id)).map((e) => e.action)).toEqual(['create']);

    const revealed = await c.get(`/api/members/${m.id}?reveal=true`);
    expect(revealed.status).toBe(200);
    expect(revealed.body.phone).toBe('13512345678');
    expect(revealed.body.idNumber).toBe(idNumber);
    const reveals = (await auditFor(m.id)).filter((e) => e.action === 'reveal');
    expect(reveals).toHaveLength(1);
    expect(reveals[0]).toMatchObject({
      actor_role: 'street_admin',
      after: { fields: ['phone', 'idNumber'] },
    });

    expect((await tn.clients.unit_admin.get(`/api/members/${m.id}?reveal=true`)).status).toBe(403);
    expect((await auditFor(m.id)).filter((e) => e.action === 'reveal')).toHaveLength(1);
    expect((await c.get(`/api/members/${m.id}?reveal=yes`)).status).toBe(400);
  });

  it('rejects bad input on create field by field, in Chinese or English, and writes nothing', async () => {
    const c = tn.clients.community_admin;
    const total = await memberTotal();
    const events = await memberEventCount();

    const shape = await c.post(
      '/api/members',
      memberBody({ phone: '12345', idNumber: badChecksum('11010119800101123'), gender: 'x' }),
    );
    expect(shape.status).toBe(400);
    expect(shape.body.error.code).toBe('VALIDATION_FAILED');
    expect(paths(shape)).toEqual(['gender', 'idNumber', 'phone']);
    expect(detail(shape, 'phone')).toContain('手机号');
    expect(detail(shape, 'idNumber')).toContain('身份证');

    const rules = memberBody({
      areaId: tn.areas.street.id,
      category: 'astronaut',
      skills: ['medical', 'juggling'],
      joinDate: '1970-01-01',
      unitId: foreignUnit.id,
      orgId: orgOutside,
    });
    const zh = await c.post('/api/members', rules);
    expect(zh.status).toBe(400);
    expect(paths(zh)).toEqual(['areaId', 'category', 'joinDate', 'orgId', 'skills.1', 'unitId']);
    expect(detail(zh, 'category')).toBe('不是有效的字典值');
    expect(detail(zh, 'joinDate')).toBe('入党日期须在出生日期之后');
    expect(detail(zh, 'unitId')).toBe('引用的记录不存在或不在您的管辖范围内');
    expect(detail(zh, 'areaId')).toBe('引用的记录不存在或不在您的管辖范围内');

    c.lang = 'en';
    try {
      const en = await c.post('/api/members', rules);
      expect(en.status).toBe(400);
      expect(en.body.error.message).toBe('Invalid input; check the fields marked');
      expect(detail(en, 'skills.1')).toBe('Not a valid dictionary value');
      expect(detail(en, 'joinDate')).toBe('Join date must be after birth date');
      const enShape = await c.post('/api/members', memberBody({ phone: '12345' }));
      expect(detail(enShape, 'phone')).toBe('Invalid mobile number (11 digits expected)');
      // A zone is in scope but not a residence level.
      const zone = await c.post('/api/members', memberBody({ areaId: tn.areas.zone.id }));
      expect(detail(zone, 'areaId')).toBe('Residence must be a community, compound or building');
    } finally {
      c.lang = 'zh-CN';
    }
    const street = await tn.clients.street_admin.post(
      '/api/members',
      memberBody({ areaId: tn.areas.street.id }),
    );
    expect(street.status).toBe(400);
    expect(paths(street)).toEqual(['areaId']);
    expect(detail(street, 'areaId')).toBe('居住地须为社区、小区或楼栋');
    const missing = await c.post('/api/members', { areaId: 'one' });
    expect(missing.status).toBe(400);
    expect(paths(missing)).toEqual(['areaId', 'category', 'gender', 'idNumber', 'name']);
    expect(detail(missing, 'name')).toBe('必填');

    expect(await memberTotal()).toBe(total);
    expect(await memberEventCount()).toBe(events);
  });

  it('rejects bad input on update, keeping the record and the trail unchanged', async () => {
    const c = tn.clients.community_admin;
    const m = await create(c);
    const events = await memberEventCount();
    const bad = [
      { phone: '1381234567' },
      { idNumber: badChecksum('11010119800101123') },
      { category: 'astronaut' },
      { skills: ['juggling'] },
      { roles: ['mayor'] },
      { joinDate: '1960-01-01' },
      { birthDate: '1960-01-01' },
      { areaId: tn.areas.street.id },
      { unitId: foreignUnit.id },
      { orgId: orgOutside },
      { name: '' },
    ];
    const expected = [
      'phone',
      'idNumber',
      'category',
      'skills.0',
      'roles.0',
      'joinDate',
      'birthDate',
      'areaId',
      'unitId',
      'orgId',
      'name',
    ];
    for (const [i, body] of bad.entries()) {
      const res = await c.patch(`/api/members/${m.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(paths(res)).toEqual([expected[i]]);
    }
    c.lang = 'en';
    try {
      const en = await c.patch(`/api/members/${m.id}`, { birthDate: '1960-01-01' });
      expect(detail(en, 'birthDate')).toBe('Birth date does not match the ID number');
    } finally {
      c.lang = 'zh-CN';
    }
    const after = await c.get(`/api/members/${m.id}`);
    expect(after.body).toMatchObject({
      name: m.name,
      phone: m.phone,
      category: m.category,
      skills: m.skills,
    });
    expect(after.body.updatedAt).toBe(m.updatedAt);
    expect(await memberEventCount()).toBe(events);
  });

  it('refuses a second member with the same ID number (409 on idNumber)', async () => {
    const c = tn.clients.community_admin;
    const idNumber = fakeIdNumber();
    await create(c, { idNumber });
    const total = await memberTotal();
    const dup = await c.post('/api/members', memberBody({ idNumber }));
    expect(dup.status).toBe(409);
    expect(dup.body.error.details[0].path).toBe('idNumber');
    const other = await create(c);
    expect((await c.patch(`/api/members/${other.id}`, { idNumber })).status).toBe(409);
    expect(await memberTotal()).toBe(total + 1);
  });

  it('refuses to delete a member an account or a joint-body seat refers to (409)', async () => {
    const c = tn.clients.community_admin;
    const withAccount = await c.del(`/api/members/${tn.inside.memberId}`);
    expect(withAccount.status).toBe(409);
    expect(withAccount.body.error.code).toBe('HAS_RECORDS');
    expect(withAccount.body.error.details.references).toEqual({ accounts: 1 });

    const seated = await create(c);
    await t.database.db.insert(partyOrgSeats).values({
      orgId: orgInside,
      areaId: tn.areas.community.id,
      kind: 'concurrent_member',
      memberId: seated.id,
    });
    const withSeat = await c.del(`/api/members/${seated.id}`);
    expect(withSeat.status).toBe(409);
    expect(withSeat.body.error.details.references).toEqual({ party_org_seats: 1 });
    expect((await c.get(`/api/members/${seated.id}`)).status).toBe(200);
    expect((await auditFor(seated.id)).map((e) => e.action)).toEqual(['create']);
  });

  it('moves a member’s residence within scope and its sign-in account follows', async () => {
    const s = tn.clients.street_admin;
    const moved = await s.patch(`/api/members/${tn.inside.memberId}`, { areaId: tn.areas.community2.id });
    expect(moved.status).toBe(200);
    expect(moved.body.areaLabel).toBe(tn.areas.community2.name);
    const accounts = await tn.clients.platform.get(
      `/api/accounts?role=member&areaId=${tn.areas.community2.id}&pageSize=200`,
    );
    expect(accounts.body.data.map((a: { memberId: number }) => a.memberId)).toContain(tn.inside.memberId);
    // The member now lives outside C1: the C1 admin loses sight of it, the member still reads it.
    expect((await tn.clients.community_admin.get(`/api/members/${tn.inside.memberId}`)).status).toBe(404);
    expect((await tn.clients.member.get(`/api/members/${tn.inside.memberId}`)).status).toBe(200);
    const events = (await auditFor(tn.inside.memberId)).filter((e) => e.action === 'update');
    expect(events.at(-1)).toMatchObject({
      before: { areaId: tn.areas.community.id },
      after: { areaId: tn.areas.community2.id },
    });
    expect(
      (await s.patch(`/api/members/${tn.inside.memberId}`, { areaId: tn.areas.community.id })).status,
    ).toBe(200);
  });

  it('answers 404 for a member that does not exist and 400 for a malformed id', async () => {
    const c = tn.clients.district_admin;
    expect((await c.get('/api/members/999999999')).status).toBe(404);
    expect((await c.patch('/api/members/999999999', { note: 'x' })).status).toBe(404);
    expect((await c.del('/api/members/999999999')).status).toBe(404);
    expect((await c.get('/api/members/abc')).status).toBe(400);
  });
});
