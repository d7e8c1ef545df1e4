import { creditCodeWithCheck, type UnitCreate, unitApi } from '@gongjian/common';
import { describe, expect, it } from 'vitest';
import { members } from '#server/db/schema/index.ts';
import { TENANT_PASSWORD } from './constants.ts';
import { type Client, createTenant, fakeIdNumber, type Tenant, uid, useTestApp } from './helpers.ts';

const t = useTestApp();

async function auditFor(entityType: string, entityId: number | string) {
  const rows = await t.database.pool.query(
    'select * from audit_events where entity_type = $1 and entity_id = $2 order by id',
    [entityType, String(entityId)],
  );
  return rows.rows as {
    action: string;
    summary: string | null;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    actor_id: number | null;
  }[];
}

/** A valid, unique unified social credit code. */
const newCreditCode = () => creditCodeWithCheck(`91110105${uid().toUpperCase()}0`);

const ids = (res: { body: { data: { id: number }[] } }) => res.body.data.map((u) => u.id);

describe('units registry', () => {
  let tn: Tenant;
  let admin: Client;
  const unit = async (areaId: number, extra: Partial<UnitCreate> = {}, c: Client = admin) => {
    const res = await c.call(unitApi.create, {
      body: { areaId, name: `单位-${uid()}`, type: 'enterprise', ...extra },
    });
    if (res.status !== 201) throw new Error(`unit create failed: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const total = async () =>
    (await tn.clients.district_admin.call(unitApi.list, { query: { pageSize: 1 } })).body.total;

  it('builds a tenant', async () => {
    tn = await createTenant(t);
    admin = tn.clients.district_admin;
  });

  it('a community admin registers, edits and deletes a unit, and every step is audited', async () => {
    const c = tn.clients.community_admin;
    const code = newCreditCode();
    const created = await c.call(unitApi.create, {
      body: {
        areaId: tn.areas.compound.id,
        name: '长兴供电公司',
        creditCode: code.toLowerCase(),
        type: 'soe',
        address: '长兴大道 1 号',
        contactName: '王经理',
        contactPhone: '13812345678',
        memberCount: 42,
        note: '共建单位',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      areaId: tn.areas.compound.id,
      areaName: tn.areas.compound.name,
      name: '长兴供电公司',
      creditCode: code,
      type: 'soe',
      contactPhone: '138****5678',
      memberCount: 42,
    });
    expect(created.body.actions).toEqual(['update', 'delete', 'reveal']);
    const id = created.body.id;

    const edited = await c.call(unitApi.update, {
      params: { id },
      body: { name: '长兴供电分公司', contactPhone: '13987654321' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.name).toBe('长兴供电分公司');
    expect(edited.body.contactPhone).toBe('139****4321');
    expect((await c.call(unitApi.get, { params: { id } })).body.name).toBe('长兴供电分公司');

    expect((await c.call(unitApi.remove, { params: { id } })).status).toBe(200);
    expect((await c.call(unitApi.get, { params: { id } })).status).toBe(404);

    const events = await auditFor('unit', id);
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(events[0]?.after).toMatchObject({ name: '长兴供电公司', creditCode: code, type: 'soe' });
    // The trail is read more widely than the registry: phones are kept masked there.
    expect(events[1]?.before).toEqual({ name: '长兴供电公司', contactPhone: '138****5678' });
    expect(events[1]?.after).toEqual({ name: '长兴供电分公司', contactPhone: '139****4321' });
    expect(events[2]?.before).toMatchObject({ id, name: '长兴供电分公司' });
  });

  it('lists units in scope with search, filters and paging', async () => {
    const tag = uid();
    const code = newCreditCode();
    const a = await unit(tn.areas.community.id, { name: `检索甲-${tag}`, type: 'school', creditCode: code });
    const b = await unit(tn.areas.building.id, { name: `检索乙-${tag}`, contactName: `联系人${tag}` });
    const c2 = await unit(tn.areas.community2.id, { name: `检索丙-${tag}`, type: 'school' });
    const c3 = await unit(tn.areas.community3.id, { name: `检索丁-${tag}` });

    const street = tn.clients.street_admin;
    const all = await street.call(unitApi.list, { query: { q: tag, pageSize: 100 } });
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    expect(ids(all).sort()).toEqual([a.id, b.id, c2.id].sort());
    expect(all.body.data[0]?.actions).toEqual(expect.arrayContaining(['update', 'delete']));

    const byName = await street.get(`/api/units?q=${encodeURIComponent(`检索乙-${tag}`)}`);
    expect(ids(byName)).toEqual([b.id]);
    const byCode = await street.call(unitApi.list, { query: { q: code.slice(4, 14) } });
    expect(ids(byCode)).toEqual([a.id]);
    const byContact = await street.get(`/api/units?q=${encodeURIComponent(`联系人${tag}`)}`);
    expect(ids(byContact)).toEqual([b.id]);

    const within = await street.call(unitApi.list, { query: { q: tag, within: tn.areas.zone.id } });
    expect(ids(within)).toEqual([b.id]);
    const exact = await street.call(unitApi.list, { query: { q: tag, areaId: tn.areas.community.id } });
    expect(ids(exact)).toEqual([a.id]);
    const byType = await street.call(unitApi.list, { query: { q: tag, type: 'school' } });
    expect(ids(byType).sort()).toEqual([a.id, c2.id].sort());
    const emptyFilters = await street.get(`/api/units?q=${tag}&type=&areaId=`);
    expect(emptyFilters.body.total).toBe(3);

    const page1 = await street.call(unitApi.list, { query: { q: tag, pageSize: 2, page: 1 } });
    const page2 = await street.call(unitApi.list, { query: { q: tag, pageSize: 2, page: 2 } });
    expect(page1.body.data).toHaveLength(2);
    expect(page2.body.data).toHaveLength(1);
    expect(page1.body.total).toBe(3);
    expect(new Set([...ids(page1), ...ids(page2)]).size).toBe(3);

    const district = await admin.call(unitApi.list, { query: { q: tag } });
    expect(district.body.total).toBe(4);
    expect(ids(district)).toContain(c3.id);
    // A subtree outside the caller's scope is a bad filter, not an empty answer.
    const outside = await street.call(unitApi.list, { query: { within: tn.areas.street2.id } });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details[0].path).toBe('within');
    expect((await street.get('/api/units?pageSize=1000')).status).toBe(400);
  });

  it('shows a unit with its party organisations and registered member counts', async () => {
    const u = await unit(tn.areas.community.id);
    const org = await admin.post('/api/orgs', {
      areaId: tn.areas.community.id,
      unitId: u.id,
      type: 'branch',
      name: `支部-${uid()}`,
    });
    expect(org.status).toBe(201);
    await t.database.db.insert(members).values([
      {
        areaId: tn.areas.community.id,
        name: '甲',
        gender: 'male',
        idNumber: fakeIdNumber(),
        category: 'in_service',
        unitId: u.id,
      },
      {
        areaId: tn.areas.community.id,
        name: '乙',
        gender: 'female',
        idNumber: fakeIdNumber(),
        category: 'in_service',
        unitId: u.id,
      },
      {
        areaId: tn.areas.community.id,
        name: '丙',
        gender: 'male',
        idNumber: fakeIdNumber(),
        category: 'retired',
        unitId: u.id,
      },
    ]);
    const detail = await tn.clients.community_admin.call(unitApi.get, { params: { id: u.id } });
    expect(detail.status).toBe(200);
    expect(detail.body.orgs).toEqual([{ id: org.body.id, name: org.body.name, type: 'branch' }]);
    expect(detail.body.registeredMembers).toEqual({ total: 3, byCategory: { in_service: 2, retired: 1 } });
  });

  it('keeps every role to its own data scope (allowed, 404 out of scope, 403 without the capability)', async () => {
    const inside = tn.inside.unitId;
    const outside = tn.outside.unitId;
    const expectations: [keyof Tenant['clients'], number, number][] = [
      ['platform', 200, 200],
      ['district_admin', 200, 200],
      ['street_admin', 200, 404],
      ['community_admin', 200, 404],
      ['outsideStreetAdmin', 404, 200],
      ['outsideCommunityAdmin', 404, 200],
      ['unit_admin', 200, 404],
      ['member', 403, 403],
      ['resident', 403, 403],
    ];
    for (const [role, inStatus, outStatus] of expectations) {
      const c = tn.clients[role];
      expect([role, (await c.call(unitApi.get, { params: { id: inside } })).status]).toEqual([
        role,
        inStatus,
      ]);
      expect([role, (await c.call(unitApi.get, { params: { id: outside } })).status]).toEqual([
        role,
        outStatus,
      ]);
      const listed = await c.call(unitApi.list, { query: { pageSize: 200 } });
      if (inStatus === 403) expect([role, listed.status]).toEqual([role, 403]);
      else {
        expect(ids(listed).includes(inside)).toBe(inStatus === 200);
        expect(ids(listed).includes(outside)).toBe(outStatus === 200);
      }
    }
    // Out-of-scope writes look exactly like missing records.
    for (const role of ['street_admin', 'community_admin'] as const) {
      const c = tn.clients[role];
      expect((await c.call(unitApi.update, { params: { id: outside }, body: { note: 'x' } })).status).toBe(
        404,
      );
      expect((await c.call(unitApi.remove, { params: { id: outside } })).status).toBe(404);
      const create = await c.call(unitApi.create, {
        body: { areaId: tn.areas.community3.id, name: 'x', type: 'other' },
      });
      expect(create.status).toBe(400);
      expect(create.body.error.details[0].path).toBe('areaId');
    }
    for (const role of ['member', 'resident'] as const) {
      const c = tn.clients[role];
      expect(
        (await c.call(unitApi.create, { body: { areaId: tn.areas.community.id, name: 'x', type: 'other' } }))
          .status,
      ).toBe(403);
      expect((await c.call(unitApi.update, { params: { id: inside }, body: { note: 'x' } })).status).toBe(
        403,
      );
      expect((await c.call(unitApi.remove, { params: { id: inside } })).status).toBe(403);
    }
  });

  it('a unit admin sees and edits only its own unit, and may not move, recode, create or delete', async () => {
    const c = tn.clients.unit_admin;
    const own = tn.inside.unitId;
    const neighbour = await unit(tn.areas.community.id);

    const list = await c.call(unitApi.list);
    expect(list.status).toBe(200);
    expect(ids(list)).toEqual([own]);
    expect(list.body.data[0]?.actions).toEqual(['update']);
    expect((await c.call(unitApi.get, { params: { id: neighbour.id } })).status).toBe(404);
    expect((await c.call(unitApi.update, { params: { id: neighbour.id }, body: { note: 'x' } })).status).toBe(
      404,
    );

    const edited = await c.call(unitApi.update, {
      params: { id: own },
      body: { contactName: '李书记', address: '长兴路 8 号' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.contactName).toBe('李书记');
    // Sending the area it already has is not a move.
    expect(
      (await c.call(unitApi.update, { params: { id: own }, body: { areaId: tn.areas.community.id } })).status,
    ).toBe(200);

    expect(
      (await c.call(unitApi.update, { params: { id: own }, body: { areaId: tn.areas.building.id } })).status,
    ).toBe(403);
    expect(
      (await c.call(unitApi.update, { params: { id: own }, body: { creditCode: newCreditCode() } })).status,
    ).toBe(403);
    expect((await c.call(unitApi.remove, { params: { id: own } })).status).toBe(403);
    expect(
      (await c.call(unitApi.create, { body: { areaId: tn.areas.community.id, name: 'x', type: 'other' } }))
        .status,
    ).toBe(403);
    const events = await auditFor('unit', own);
    expect(events.map((e) => e.action)).toEqual(['update']);
    expect(events[0]?.after).toEqual({ contactName: '李书记', address: '长兴路 8 号' });
  });

  it('an area admin moves a unit within its scope only, and the unit admin account follows it', async () => {
    const street = tn.clients.street_admin;
    const u = await unit(tn.areas.community.id, {}, street);
    const acc = await tn.clients.platform.post('/api/accounts', {
      username: `ua-${uid()}`,
      displayName: '单位管理员',
      password: TENANT_PASSWORD,
      role: 'unit_admin',
      unitId: u.id,
    });
    expect(acc.status).toBe(201);
    const moved = await street.call(unitApi.update, {
      params: { id: u.id },
      body: { areaId: tn.areas.community2.id },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.areaName).toBe(tn.areas.community2.name);
    expect((await tn.clients.platform.get(`/api/accounts/${acc.body.id}`)).body.areaId).toBe(
      tn.areas.community2.id,
    );
    const away = await street.call(unitApi.update, {
      params: { id: u.id },
      body: { areaId: tn.areas.community3.id },
    });
    expect(away.status).toBe(400);
    expect(away.body.error.details[0].path).toBe('areaId');
    // The community admin of C1 no longer sees it.
    expect((await tn.clients.community_admin.call(unitApi.get, { params: { id: u.id } })).status).toBe(404);
    const events = await auditFor('unit', u.id);
    expect(events.at(-1)?.before).toEqual({ areaId: tn.areas.community.id });
    expect(events.at(-1)?.after).toEqual({ areaId: tn.areas.community2.id });
  });

  it('masks the contact phone unless an admin asks to reveal it, and audits every reveal', async () => {
    const u = await unit(tn.areas.community.id, { contactPhone: '13700001111' });
    const c = tn.clients.community_admin;
    expect((await c.call(unitApi.get, { params: { id: u.id } })).body.contactPhone).toBe('137****1111');
    expect((await c.call(unitApi.list, { query: { q: u.name } })).body.data[0]?.contactPhone).toBe(
      '137****1111',
    );
    expect(await auditFor('unit', u.id)).toHaveLength(1);

    const revealed = await c.call(unitApi.get, { params: { id: u.id }, query: { reveal: 'true' } });
    expect(revealed.status).toBe(200);
    expect(revealed.body.contactPhone).toBe('13700001111');
    const reveal = (await auditFor('unit', u.id)).filter((e) => e.action === 'reveal');
    expect(reveal).toHaveLength(1);
    expect(reveal[0]?.after).toEqual({ fields: ['contactPhone'] });
    expect(reveal[0]?.summary).toBe('contactPhone');

    // A unit admin may edit its own unit's phone but not read it in clear; nothing is logged.
    await admin.call(unitApi.update, {
      params: { id: tn.inside.unitId },
      body: { contactPhone: '13511112222' },
    });
    const ua = tn.clients.unit_admin;
    expect((await ua.call(unitApi.get, { params: { id: tn.inside.unitId } })).body.contactPhone).toBe(
      '135****2222',
    );
    expect(
      (await ua.call(unitApi.get, { params: { id: tn.inside.unitId }, query: { reveal: 'true' } })).status,
    ).toBe(403);
    expect((await ua.call(unitApi.get, { params: { id: u.id }, query: { reveal: 'true' } })).status).toBe(
      404,
    );
    expect(
      (
        await tn.clients.member.call(unitApi.get, {
          params: { id: tn.inside.unitId },
          query: { reveal: 'true' },
        })
      ).status,
    ).toBe(403);
    const insideReveals = (await auditFor('unit', tn.inside.unitId)).filter((e) => e.action === 'reveal');
    expect(insideReveals).toHaveLength(0);
    expect((await c.get(`/api/units/${u.id}?reveal=maybe`)).status).toBe(400);
  });

  it('refuses to delete a unit that members, organisations or accounts still refer to (409)', async () => {
    const refused = await admin.call(unitApi.remove, { params: { id: tn.inside.unitId } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('HAS_RECORDS');
    expect(refused.body.error.message).toContain('引用');
    expect(refused.body.error.details.references).toEqual({ members: 1, accounts: 1 });

    const u = await unit(tn.areas.community.id);
    const org = await admin.post('/api/orgs', {
      areaId: tn.areas.community.id,
      unitId: u.id,
      type: 'branch',
      name: '支部',
    });
    const withOrg = await admin.call(unitApi.remove, { params: { id: u.id } });
    expect(withOrg.status).toBe(409);
    expect(withOrg.body.error.details.references).toEqual({ party_orgs: 1 });
    expect((await admin.del(`/api/orgs/${org.body.id}`)).status).toBe(200);
    expect((await admin.call(unitApi.remove, { params: { id: u.id } })).status).toBe(200);
    expect((await auditFor('unit', u.id)).map((e) => e.action)).toEqual(['create', 'delete']);
  });

  it('rejects bad input field by field, in Chinese or English, and writes nothing', async () => {
    const c = tn.clients.community_admin;
    const before = await total();
    const bad = await c.post('/api/units', {
      areaId: tn.areas.community.id,
      name: '',
      creditCode: '91110105ABCDEFGH12',
      type: 'bad type!',
      contactPhone: '12345',
      memberCount: -1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const paths = bad.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['contactPhone', 'creditCode', 'memberCount', 'name', 'type']);
    const msg = (p: string) => bad.body.error.details.find((d: { path: string }) => d.path === p).message;
    expect(msg('contactPhone')).toContain('手机号');
    expect(msg('creditCode')).toContain('统一社会信用代码');

    c.lang = 'en';
    const badEn = await c.post('/api/units', {
      areaId: tn.areas.community.id,
      name: 'x',
      type: 'soe',
      contactPhone: '1',
    });
    expect(badEn.status).toBe(400);
    expect(badEn.body.error.details[0]).toMatchObject({ path: 'contactPhone' });
    expect(badEn.body.error.details[0].message).toContain('Invalid mobile number');
    const missing = await c.post('/api/units', {});
    expect(missing.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'areaId',
      'name',
      'type',
    ]);
    expect(missing.body.error.details[0].message).toBe('Required');
    c.lang = 'zh-CN';

    const unknownType = await c.post('/api/units', {
      areaId: tn.areas.community.id,
      name: 'x',
      type: 'spaceship',
    });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error.details).toEqual([
      expect.objectContaining({ path: 'type', code: 'invalid_dictionary', message: '不是有效的字典值' }),
    ]);
    const noArea = await c.call(unitApi.create, { body: { areaId: 99_999_999, name: 'x', type: 'soe' } });
    expect(noArea.status).toBe(400);
    expect(noArea.body.error.details[0].path).toBe('areaId');
    expect(
      (await c.request('POST', '/api/units', undefined, { headers: { 'content-type': 'application/json' } }))
        .status,
    ).toBe(400);
    expect(await total()).toBe(before);

    const u = await unit(tn.areas.community.id, { name: '原名' });
    const eventsBefore = (await auditFor('unit', u.id)).length;
    const badPatch = await c.patch(`/api/units/${u.id}`, { name: '', contactPhone: 'abc', memberCount: 1.5 });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'contactPhone',
      'memberCount',
      'name',
    ]);
    const badTypePatch = await c.patch(`/api/units/${u.id}`, { name: '新名', type: 'spaceship' });
    expect(badTypePatch.status).toBe(400);
    expect(badTypePatch.body.error.details[0].path).toBe('type');
    expect(
      (await c.call(unitApi.update, { params: { id: u.id }, body: { areaId: tn.areas.community3.id } }))
        .status,
    ).toBe(400);
    expect((await c.call(unitApi.get, { params: { id: u.id } })).body.name).toBe('原名');
    expect(await auditFor('unit', u.id)).toHaveLength(eventsBefore);
    expect((await c.get('/api/units/abc')).status).toBe(400);
  });

  it('refuses a duplicate credit code with 409 on creditCode, on create and on update', async () => {
    const code = newCreditCode();
    const first = await unit(tn.areas.community.id, { creditCode: code });
    const before = await total();
    const dup = await admin.post('/api/units', {
      areaId: tn.areas.community2.id,
      name: '重复',
      type: 'soe',
      creditCode: code,
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details[0].path).toBe('creditCode');
    expect(await total()).toBe(before);
    const other = await unit(tn.areas.community.id);
    const dupPatch = await admin.call(unitApi.update, {
      params: { id: other.id },
      body: { creditCode: code },
    });
    expect(dupPatch.status).toBe(409);
    expect(dupPatch.body.error.details[0].path).toBe('creditCode');
    expect((await admin.call(unitApi.get, { params: { id: other.id } })).body.creditCode).toBeNull();
    expect((await auditFor('unit', other.id)).map((e) => e.action)).toEqual(['create']);
    expect(first.creditCode).toBe(code);
  });
});
